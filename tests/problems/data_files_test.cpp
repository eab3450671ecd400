#include "minima/problems/data_files.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "minima/core/error.hpp"

namespace minima {
namespace {

TEST(DataFiles, FindsTheShippedNistFiles) {
  EXPECT_TRUE(std::filesystem::exists(data_file("nist/BoxBOD.dat")));
  EXPECT_THROW(data_file("nist/NoSuchProblem.dat"), InvalidArgument);
}

TEST(DataFiles, EnvironmentOverrides) {
  ::setenv("MINIMA_DATA_DIR", MINIMA_DATA_DIR_FOR_TESTS, 1);
  EXPECT_EQ(data_directory(), std::filesystem::path(MINIMA_DATA_DIR_FOR_TESTS));
  ::setenv("MINIMA_DATA_DIR", "/nonexistent/minima-data", 1);
  EXPECT_THROW(data_directory(), InvalidArgument);
  ::unsetenv("MINIMA_DATA_DIR");
}

}  // namespace
}  // namespace minima
