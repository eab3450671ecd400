#include "minima/problems/data_files.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "minima/core/error.hpp"

namespace minima {
namespace {

TEST(DataFiles, FindsTheShippedNistFiles) {
  EXPECT_TRUE(std::filesystem::exists(data_file("nist/BoxBOD.dat")));
  EXPECT_THROW(data_file("nist/NoSuchProblem.dat"), InvalidArgument);
}

// Without the variable the folder is found from the test program's own place: <build>/share/minima
// (the build tree's image of <prefix>/share/minima), which is the source tree's data/.
TEST(DataFiles, FoundRelativeToTheLibraryWithoutTheVariable) {
  ::unsetenv("MINIMA_DATA_DIR");
  const std::filesystem::path found = data_directory();
  EXPECT_EQ(found.filename(), "minima");
  EXPECT_EQ(found.parent_path().filename(), "share");
  EXPECT_TRUE(std::filesystem::equivalent(found, MINIMA_DATA_DIR_FOR_TESTS)) << found;
}

TEST(DataFiles, EnvironmentOverrides) {
  ::setenv("MINIMA_DATA_DIR", MINIMA_DATA_DIR_FOR_TESTS, 1);
  EXPECT_EQ(data_directory(), std::filesystem::path(MINIMA_DATA_DIR_FOR_TESTS));
  ::setenv("MINIMA_DATA_DIR", "/nonexistent/minima-data", 1);
  try {
    data_directory();
    ADD_FAILURE() << "a MINIMA_DATA_DIR that does not exist was accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/minima-data"), std::string::npos) << e.what();
  }
  ::unsetenv("MINIMA_DATA_DIR");
}

}  // namespace
}  // namespace minima
