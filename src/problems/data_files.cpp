#include "minima/problems/data_files.hpp"

#include <dlfcn.h>
#include <fmt/format.h>
#include <cstdlib>
#include <string>
#include <vector>

#include "minima/core/error.hpp"

namespace minima {
namespace {

// The file this code was loaded from: libminima.so, or the program or Python extension a static
// libminima.a was linked into. Empty if the loader cannot say.
std::filesystem::path own_image() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<const void*>(&data_directory), &info) == 0 || info.dli_fname == nullptr)
    return {};
  std::error_code ignored;
  const std::filesystem::path path = std::filesystem::canonical(info.dli_fname, ignored);
  return path.empty() ? std::filesystem::path(info.dli_fname) : path;
}

}  // namespace

std::filesystem::path data_directory() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("MINIMA_DATA_DIR"); env != nullptr && *env != '\0') {
    if (fs::is_directory(env)) return env;
    throw InvalidArgument(fmt::format("MINIMA_DATA_DIR={} is not a directory", env));
  }
  // <dir>/share/minima for the image's folder and its ancestors: <prefix>/bin and <prefix>/lib
  // (also lib/<multiarch>) reach <prefix>, and so does the Python extension in
  // <prefix>/lib/python3.X/site-packages/minima. The build tree mirrors that layout.
  std::vector<std::string> looked;
  const fs::path image = own_image();
  if (image.empty()) looked.emplace_back("(the library's own path: dladdr gave none)");
  fs::path dir = image.parent_path();
  for (int level = 0; level < 5 && !dir.empty(); ++level, dir = dir.parent_path()) {
    const fs::path candidate = dir / MINIMA_RELATIVE_DATA_DIR;
    if (fs::is_directory(candidate)) return candidate;
    looked.push_back(candidate.string());
    if (dir == dir.root_path()) break;
  }
  throw InvalidArgument(fmt::format(
      "minima's data folder was not found relative to {} (looked in {}); set MINIMA_DATA_DIR to the "
      "folder holding nist/",
      image.empty() ? std::string("minima's library") : image.string(), fmt::join(looked, ", ")));
}

std::filesystem::path data_file(std::string_view relative) {
  std::filesystem::path path = data_directory() / std::filesystem::path(relative);
  if (!std::filesystem::exists(path))
    throw InvalidArgument(fmt::format("data file {} does not exist", path.string()));
  return path;
}

}  // namespace minima
