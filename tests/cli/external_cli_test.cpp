// `--command` in minima blackbox, minimize and lsq: an external program as the objective.
#include <gtest/gtest.h>

#include <string>

#include "cli_run.hpp"

namespace {

using minima_cli_test::expect_one_line_error;
using minima_cli_test::run;
using minima_cli_test::write_temp_file;

// Σ (x_i − 1)² with a log line before the value; awk starts in about a millisecond.
std::string sphere_command() {
  const auto script = write_temp_file("minima_ext_cli_sphere_" + std::to_string(::getpid()) + ".awk",
                                      "{ s = 0; for (i = 1; i <= NF; i++) s += ($i - 1) ^ 2;\n"
                                      "  print \"log\"; printf \"%.17g\\n\", s }\n");
  return "\"awk -f " + script.string() + "\"";
}

TEST(ExternalCli, BlackboxFindsTheMinimumOfAProgramWhateverTheThreads) {
  const std::string base = "blackbox --command " + sphere_command() +
                           " --lower -3 --upper 3 --dim 2 --budget 90 --seed 3 --json --no-progress";
  const auto one = run(base + " --threads 1");
  const auto three = run(base + " --threads 3");
  ASSERT_EQ(one.code, 3) << one.out << one.err;  // stopped by the budget
  EXPECT_NE(one.out.find("\"status\": \"max_evaluations\""), std::string::npos) << one.out;
  // Identical results apart from the thread count and the time.
  auto strip = [](std::string s) {
    for (const char* key : {"\"seconds\"", "\"threads\""}) {
      for (std::size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + 1)) {
        const std::size_t end = s.find_first_of(",\n}", at);
        s.erase(at, end - at);
      }
    }
    return s;
  };
  EXPECT_EQ(strip(one.out), strip(three.out));
}

TEST(ExternalCli, MinimizeUsesFiniteDifferencesOfTheProgram) {
  const auto r = run("minimize --command " + sphere_command() + " --x0 0,3 --threads 2");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("converged"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("x            [1, 1]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(", 0 failed"), std::string::npos) << r.out;
}

TEST(ExternalCli, LsqReadsTheResidualsOfTheProgram) {
  // r = (a − 2, 3(b + 1)): the fit is a = 2, b = −1 with zero residuals.
  const auto script =
      write_temp_file("minima_ext_cli_res_" + std::to_string(::getpid()) + ".awk", "{ printf \"%.17g %.17g\\n\", $1 - 2, 3 * ($2 + 1) }\n");
  const auto r = run("lsq --command \"awk -f " + script.string() + "\" --x0 a=0,b=0 --json");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("\"x\": [\n    2.0"), std::string::npos) << r.out;
}

TEST(ExternalCli, FailuresAreCountedAndNeverReportedConverged) {
  const auto r = run("minimize --command \"sh -c 'echo broken >&2; exit 4'\" --x0 1,2");
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("function_error"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("exited with status 4 | stderr: broken"), std::string::npos) << r.out;
  const auto hang =
      run("blackbox --command \"sleep 5\" --lower -1 --upper 1 --dim 2 --budget 4 --eval-timeout 0.2 "
          "--threads 4");
  EXPECT_EQ(hang.code, 1) << hang.out << hang.err;
  EXPECT_NE(hang.out.find("timed out after 0.2 s"), std::string::npos) << hang.out;
  const auto lsq = run("lsq --command \"echo 1\" --x0 1,2 --max-iter 5");  // m = 1 is fine: no failure
  EXPECT_NE(lsq.out.find("0 failed"), std::string::npos) << lsq.out;
}

TEST(ExternalCli, BadInputGetsOneLineErrors) {
  expect_one_line_error(run("blackbox --command /no/such/sim --lower -1 --upper 1 --dim 2"),
                        "does not exist");
  const auto plain = write_temp_file("minima_ext_cli_plain.sh", "echo 1\n");
  expect_one_line_error(run("minimize --command " + plain.string() + " --x0 1"), "not an executable file");
  expect_one_line_error(run("blackbox --command cat --lower -1 --upper 1"), "give the dimension");
  expect_one_line_error(run("blackbox --command cat --dim 2"), "needs a search box");
  expect_one_line_error(run("minimize --expr x^2 --eval-timeout 1"),
                        "--eval-timeout only applies to --command");
  expect_one_line_error(run("minimize --command cat --x0 1 --eval-timeout -1"), "--eval-timeout");
  expect_one_line_error(run("minimize --command cat --x0 1,2 --dim 3"), "--x0 has 2 values for 3 variables");
  expect_one_line_error(run("lsq --command cat"), "--command needs --x0");
  const auto none = run("lsq --command true --x0 1,2");  // prints nothing: m is unknown
  EXPECT_EQ(none.code, 1) << none.err;
  EXPECT_NE(none.err.find("printed nothing"), std::string::npos) << none.err;
}

}  // namespace
