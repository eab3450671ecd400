// Running the built `minima` executable from the CLI tests: exit code, stdout and stderr.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace minima_cli_test {

struct CliRun {
  int code;
  std::string out;  // stdout
  std::string err;  // stderr
};

/// Runs a shell command line, capturing both streams.
inline CliRun run_command(const std::string& command_line) {
  const auto err_path =
      std::filesystem::temp_directory_path() / ("minima_cli_err_" + std::to_string(::getpid()));
  const std::string cmd = command_line + " 2>" + err_path.string();
  FILE* pipe = ::popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf{};
  while (pipe && std::fgets(buf.data(), buf.size(), pipe)) out += buf.data();
  const int status = pipe ? ::pclose(pipe) : -1;
  std::ifstream in(err_path);
  std::string err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(err_path);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out, err};
}

/// Runs `minima ARGS` through the shell (so ARGS may quote), capturing both streams.
inline CliRun run(const std::string& args) {
  return run_command(std::string(MINIMA_BINARY) + " " + args);
}

/// `name` in this test process's own temporary folder (created on first use, removed when the
/// process exits): two test processes (ctest -j, or another checkout's suite on the same machine)
/// never share a file.
inline std::filesystem::path temp_path(const std::string& name) {
  struct Folder {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("minima_cli_tests_" + std::to_string(::getpid()));
    Folder() { std::filesystem::create_directories(path); }
    ~Folder() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  };
  static const Folder folder;
  return folder.path / name;
}

/// Writes `text` to a file of that name in the process's temporary folder and returns its path.
inline std::filesystem::path write_temp_file(const std::string& name, const std::string& text) {
  const auto path = temp_path(name);
  std::ofstream(path) << text;
  return path;
}

/// Bad usage or input: exit code 2 and exactly one line "minima: error: ..." containing `fragment`.
inline void expect_one_line_error(const CliRun& r, const std::string& fragment) {
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_EQ(r.err.rfind("minima: error: ", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(fragment), std::string::npos) << r.err;
}

}  // namespace minima_cli_test
