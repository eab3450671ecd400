#include "minima/problems/data_files.hpp"

#include <fmt/format.h>
#include <cstdlib>
#include <string>

#include "minima/core/error.hpp"

namespace minima {

std::filesystem::path data_directory() {
  namespace fs = std::filesystem;
  std::string looked;
  if (const char* env = std::getenv("MINIMA_DATA_DIR"); env != nullptr && *env != '\0') {
    if (fs::is_directory(env)) return env;
    throw InvalidArgument(fmt::format("MINIMA_DATA_DIR={} is not a directory", env));
  }
  for (const char* candidate : {MINIMA_SOURCE_DATA_DIR, MINIMA_INSTALL_DATA_DIR}) {
    if (fs::is_directory(candidate)) return candidate;
    if (!looked.empty()) looked += ", ";
    looked += candidate;
  }
  throw InvalidArgument(
      fmt::format("minima's data folder was not found (looked in {}); set MINIMA_DATA_DIR", looked));
}

std::filesystem::path data_file(std::string_view relative) {
  std::filesystem::path path = data_directory() / std::filesystem::path(relative);
  if (!std::filesystem::exists(path))
    throw InvalidArgument(fmt::format("data file {} does not exist", path.string()));
  return path;
}

}  // namespace minima
