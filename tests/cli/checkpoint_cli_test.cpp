// --checkpoint / --resume and SIGINT in minima blackbox.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "cli_run.hpp"

namespace {

using minima_cli_test::expect_one_line_error;
using minima_cli_test::run;

// Runs a shell script with $M set to the minima binary; returns its stdout.
std::string shell(const std::string& script) {
  const std::string cmd = "M=" + std::string(MINIMA_BINARY) + "; " + script;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf{};
  while (pipe && std::fgets(buf.data(), buf.size(), pipe)) out += buf.data();
  if (pipe) ::pclose(pipe);
  return out;
}

std::string without_seconds(std::string json) {
  for (std::size_t at = json.find("\"seconds\""); at != std::string::npos;
       at = json.find("\"seconds\"", at + 1))
    json.erase(at, json.find_first_of(",\n}", at) - at);
  return json;
}

TEST(CheckpointCli, InterruptedBySigintThenResumedGivesTheUninterruptedResult) {
  const auto dir = std::filesystem::temp_directory_path() / ("minima_ckpt_cli_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "run.json").string();
  // 200,000 evaluations: with checkpoints the run takes over a second (1.75 s here), so the SIGINT
  // arrives while it runs; with 20,000 (0.04 s without checkpoints) the run could end first on a
  // loaded machine, and the test failed.
  const std::string args =
      "blackbox --problem rastrigin --dim 6 --method gaussian-eda --budget 200000 --seed 4 --json "
      "--no-progress";
  const auto whole = run(args);
  // Start, wait for the first checkpoint (the handler is installed by then), send SIGINT.
  const std::string interrupted =
      shell("$M " + args + " --checkpoint " + file + " & P=$!; while [ ! -f " + file +
            " ]; do sleep 0.01; done; kill -INT $P; wait $P; echo exit=$?");
  EXPECT_NE(interrupted.find("\"status\": \"interrupted\""), std::string::npos) << interrupted;
  EXPECT_NE(interrupted.find("exit=3"), std::string::npos) << interrupted;
  const auto resumed = run(args + " --checkpoint " + file + " --resume " + file);
  EXPECT_EQ(resumed.code, whole.code) << resumed.err;
  EXPECT_EQ(without_seconds(resumed.out), without_seconds(whole.out));
  // Another seed or population: refused, naming the difference; the file is kept.
  expect_one_line_error(
      run("blackbox --problem rastrigin --dim 6 --method gaussian-eda --budget 200000 --seed 5 "
          "--resume " +
          file),
      "its seed is 4");
  expect_one_line_error(run(args + " --population 50 --resume " + file), "its settings is ''");
  expect_one_line_error(run(args + " --resume " + (dir / "none.json").string()), "cannot read");
  expect_one_line_error(run(args + " --checkpoint-every 0 --checkpoint " + file), "--checkpoint-every 0");
  EXPECT_TRUE(std::filesystem::exists(file));
  std::filesystem::remove_all(dir);
}

}  // namespace
