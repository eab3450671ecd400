// minima --version reports the version of project(VERSION) in CMakeLists.txt (through the generated
// minima/version.hpp), not a string written again in the tool.
#include <gtest/gtest.h>

#include <string>

#include "cli_run.hpp"

namespace {

TEST(VersionCli, ReportsTheProjectVersion) {
  const auto r = minima_cli_test::run("--version");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, std::string("minima ") + MINIMA_PROJECT_VERSION + "\n");
}

}  // namespace
