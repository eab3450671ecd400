// `mpirun -n K minima blackbox ...` for K = 1, 2, 3 on loopback: the same JSON as one process (all
// but the measured seconds), printed once, for built-in problems, formulas (with NaN) and --command
// programs (with failures); more ranks than points; a checkpoint written under mpirun resumed
// without it; bad set-ups end every rank with one message instead of a hang.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "../cli/cli_run.hpp"

namespace {

using Output = minima_cli_test::CliRun;

// Runs a shell command line (a `timeout` guards against a hung job), capturing both streams.
Output shell(const std::string& line) {
  static const bool env = [] {
    // CI runs as root; three ranks may exceed the cores; OpenMPI's exit-time allocations are not
    // leaks of ours (AddressSanitizer build).
    setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
    setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
    setenv("OMPI_MCA_rmaps_base_oversubscribe", "1", 1);
    setenv("LSAN_OPTIONS", "suppressions=" MINIMA_LSAN_SUPPRESSIONS ":print_suppressions=0", 1);
    // Added to the caller's options (CI sets its own), not instead of them and not dropped when
    // they exist: without the slow unwinder the suppressions cannot match (tests/mpi/CMakeLists.txt).
    const char* asan = std::getenv("ASAN_OPTIONS");
    const std::string options =
        (asan && *asan ? std::string(asan) + ":" : std::string()) + "fast_unwind_on_malloc=0";
    setenv("ASAN_OPTIONS", options.c_str(), 1);
    return true;
  }();
  (void)env;
  return minima_cli_test::run_command("timeout 120 " + line);
}

std::string minima(const std::string& args) {
  return std::string(MINIMA_BINARY) + " " + args;
}
std::string mpirun(int ranks, const std::string& args) {
  return std::string(MINIMA_MPIEXEC) + " --oversubscribe -n " + std::to_string(ranks) + " " + minima(args);
}

// The JSON result without what is measured rather than computed (seconds).
nlohmann::json computed(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text);  // throws if two ranks printed
  j.erase("seconds");
  if (j.contains("population") && j["population"].contains("series"))
    j["population"]["series"].erase("seconds");
  return j;
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The run on one process, then under mpirun with 1, 2 and 3 ranks: the same JSON, once.
nlohmann::json expect_same_for_every_rank_count(const std::string& args) {
  const Output alone = shell(minima(args + " --json --no-progress"));
  EXPECT_TRUE(alone.code == 0 || alone.code == 3) << alone.err;
  const nlohmann::json expected = computed(alone.out);
  for (int k = 1; k <= 3; ++k) {
    const Output r = shell(mpirun(k, args + " --json --no-progress"));
    EXPECT_EQ(r.code, alone.code) << k << " ranks: " << r.err;
    EXPECT_EQ(count(r.out, "\"method\""), 1) << k << " ranks printed:\n" << r.out;
    EXPECT_EQ(computed(r.out), expected) << k << " ranks: " << r.out;
  }
  return expected;
}

TEST(MpiCli, BuiltInProblemIsTheSameOnEveryRankCount) {
  const auto j = expect_same_for_every_rank_count(
      "blackbox --problem rastrigin --dim 4 --budget 1500 --seed 5 --method cma-es");
  EXPECT_EQ(j["evaluations"]["function"], 1500);
}

TEST(MpiCli, FormulaWithNaNIsTheSameOnEveryRankCount) {
  // log of a negative number is NaN: ranked worst and counted, whichever rank met it.
  const auto j = expect_same_for_every_rank_count(
      "blackbox --expr \"log(x) + (y - 1)^2\" --lower -1 --upper 3 --budget 400 --seed 2 --method de");
  EXPECT_GT(j["population"]["non_finite_evaluations"].get<long>(), 0);
}

TEST(MpiCli, CommandProgramWithFailuresIsTheSameOnEveryRankCount) {
  // A "simulator" that fails (exit 1, a line on stderr) for x > 1 and prints (x - 0.5)² + y² otherwise.
  const auto script = std::filesystem::temp_directory_path() / "minima_mpi_sim.sh";
  std::ofstream(script)
      << "#!/bin/sh\nread x y\n"
         "exec awk -v x=\"$x\" -v y=\"$y\" 'BEGIN { if (x > 1) { print \"diverged at \" x > "
         "\"/dev/stderr\"; exit 1 }; printf \"%.17g\\n\", (x - 0.5)^2 + y^2 }'\n";
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  const auto j =
      expect_same_for_every_rank_count("blackbox --command " + script.string() +
                                       " --dim 2 --lower -2 --upper 2 --budget 120 --population 12 "
                                       "--method gaussian-eda --seed 4 --threads 2");
  EXPECT_GT(j["population"]["failed_evaluations"].get<long>(), 0);
  EXPECT_NE(j["population"]["first_failure"].get<std::string>().find("diverged at"), std::string::npos);
}

TEST(MpiCli, MultistartIsTheSameOnEveryRankCount) {
  expect_same_for_every_rank_count(
      "blackbox --problem rosenbrock --dim 2 --budget 600 --seed 9 --method multistart --population 8");
}

TEST(MpiCli, MoreRanksThanPointsLeavesRanksIdleWithANote) {
  // Multistart in 1-D with 2 Sobol points per iteration: batches of at most 2 points (the sample, or a
  // value and its finite difference) on 3 ranks, so rank 2 never works; the result is the same.
  const std::string args =
      "blackbox --expr \"(x - 0.3)^2\" --lower -1 --upper 2 --budget 40 --seed 1 "
      "--method multistart --population 2 --json --no-progress";
  const Output alone = shell(minima(args));
  const Output r = shell(mpirun(3, args));
  EXPECT_EQ(r.code, alone.code) << r.err;
  EXPECT_EQ(computed(r.out), computed(alone.out));
  EXPECT_NE(r.err.find("the batches had at most 2 points, so 1 stayed idle"), std::string::npos) << r.err;
  EXPECT_NEAR(computed(r.out)["x"][0].get<double>(), 0.3, 1e-6);
}

TEST(MpiCli, CheckpointWrittenUnderMpirunResumesOnOneProcessAndBack) {
  // Rank 0 alone writes the checkpoint; it holds the whole run, so resuming it (on any number of
  // processes) replays every generation and ends as the run that was never stopped.
  const auto dir = std::filesystem::temp_directory_path();
  const std::string file = (dir / ("minima_mpi_ckpt_" + std::to_string(::getpid()) + ".json")).string();
  const std::string args =
      "blackbox --problem rastrigin --dim 3 --budget 600 --seed 8 --method gaussian-eda "
      "--population 40 --json --no-progress";
  const Output whole = shell(minima(args));
  const Output written = shell(mpirun(2, args + " --checkpoint " + file + " --checkpoint-every 3"));
  EXPECT_EQ(computed(written.out), computed(whole.out));
  ASSERT_TRUE(std::filesystem::exists(file));
  const Output resumed = shell(minima(args + " --resume " + file));
  EXPECT_EQ(resumed.code, whole.code) << resumed.err;
  EXPECT_EQ(computed(resumed.out), computed(whole.out));
  const Output resumed_mpi = shell(mpirun(3, args + " --resume " + file));
  EXPECT_EQ(computed(resumed_mpi.out), computed(whole.out));
  std::filesystem::remove(file);
}

TEST(MpiCli, InterruptedUnderMpirunThenResumedEndsAsTheRunNeverStopped) {
  // Ctrl-C at mpirun: OpenMPI passes the signal on to every rank (here within about a second);
  // rank 0 ends after the current generation with the checkpoint written, the workers leave when it
  // releases them. The "simulator" presses Ctrl-C itself (SIGINT to mpirun) once 20 evaluations
  // have started, and from then on takes 50 ms, so the signal lands long before the budget is used.
  // SIM_FAST (not part of the command line, so not of the checkpoint's identity) skips all that.
  const auto dir = std::filesystem::temp_directory_path() / ("minima_mpi_int_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string d = dir.string();
  const auto script = dir / "sim.sh";
  std::ofstream(script) << "#!/bin/sh\nread x y\nif [ -z \"$SIM_FAST\" ]; then\n  echo >> " << d << "/count\n"
                        << "  if [ $(wc -l < " << d << "/count) -ge 20 ]; then\n    mkdir " << d
                        << "/pressed 2>/dev/null && kill -INT $(cat " << d
                        << "/mpirun.pid)\n    sleep 0.05\n  fi\nfi\n"
                        << "exec awk -v x=\"$x\" -v y=\"$y\" 'BEGIN { printf \"%.17g\\n\", "
                           "(x - 0.5)^2 + 2 * (y + 0.25)^2 }'\n";
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  const std::string checkpoint = d + "/run.json";
  const std::string args = "blackbox --command " + script.string() +
                           " --dim 2 --lower -1 --upper 1 --budget 200 --population 8 --method gaussian-eda "
                           "--seed 6 --json --no-progress";
  const Output interrupted = shell("sh -c '" + mpirun(2, args + " --checkpoint " + checkpoint) +
                                   " & echo $! > " + d + "/mpirun.pid; wait $!'");
  ASSERT_TRUE(std::filesystem::exists(dir / "pressed")) << interrupted.err;
  ASSERT_FALSE(interrupted.out.empty()) << "code " << interrupted.code << ": " << interrupted.err;
  EXPECT_EQ(count(interrupted.out, "\"method\""), 1) << interrupted.out << interrupted.err;
  const nlohmann::json stopped = computed(interrupted.out);
  EXPECT_EQ(stopped["status"], "interrupted") << interrupted.out;
  EXPECT_LT(stopped["evaluations"]["function"].get<long>(), 200);
  const Output resumed = shell("env SIM_FAST=1 " + minima(args + " --resume " + checkpoint));
  const Output whole = shell("env SIM_FAST=1 " + minima(args));
  EXPECT_EQ(resumed.code, whole.code) << resumed.err;
  EXPECT_EQ(computed(resumed.out), computed(whole.out));
  EXPECT_EQ(computed(whole.out)["evaluations"]["function"], 200);
  std::filesystem::remove_all(dir);
}

TEST(MpiCli, ABadSetupIsOneErrorFromRankZero) {
  const Output r = shell(mpirun(3, "blackbox --problem no-such-problem --budget 10"));
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(count(r.err, "minima: error:"), 1) << r.err;
  EXPECT_NE(r.err.find("no-such-problem"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(MpiCli, ASetupThatFailsOnOneRankOnlyEndsTheJob) {
  // Rank 1 cannot find its program (as on a machine without it): every rank stops, rank 0 says why.
  const std::string line =
      std::string(MINIMA_MPIEXEC) + " --oversubscribe -n 2 sh -c '" +
      "if [ \"$OMPI_COMM_WORLD_RANK\" = 1 ]; then p=/nonexistent/sim; else p=/bin/echo; fi; " + "exec " +
      MINIMA_BINARY + " blackbox --command \"$p 1\" --dim 1 --lower 0 --upper 1 --budget 20 --no-progress'";
  const Output r = shell(line);
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.code, 124) << "the job hung: " << r.err;  // timeout's status
  EXPECT_EQ(count(r.err, "minima: error:"), 1) << r.err;
  EXPECT_NE(r.err.find("rank 1: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("/nonexistent/sim"), std::string::npos) << r.err;
}

TEST(MpiCli, OtherSubcommandsRefuseSeveralProcesses) {
  const Output r = shell(mpirun(2, "minimize --expr \"x^2\" --x0 1"));
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(count(r.err, "minima: error:"), 1) << r.err;
  EXPECT_NE(r.err.find("only blackbox"), std::string::npos) << r.err;
  // One process under mpirun is just a run.
  const Output one = shell(mpirun(1, "minimize --expr \"x^2\" --x0 1 --json"));
  EXPECT_EQ(one.code, 0) << one.err;
}

}  // namespace
