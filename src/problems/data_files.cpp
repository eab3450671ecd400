#include "minima/problems/data_files.hpp"

#include <dlfcn.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
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
  const std::filesystem::path name(info.dli_fname);
  // For code in the main program glibc gives argv[0], which may be a bare name found on PATH or a
  // name the caller made up (exec -a): the kernel's /proc/self/exe is the program's real file.
  if (!name.is_absolute()) {
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ignored);
    if (!exe.empty()) return exe;
  }
  const std::filesystem::path path = std::filesystem::canonical(name, ignored);
  return path.empty() ? name : path;
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
  // <prefix>/lib[/<multiarch>]/python3.X/site-packages/minima, up to the root. The build tree mirrors
  // that layout.
  std::vector<std::string> looked;
  const fs::path image = own_image();
  if (image.empty()) looked.emplace_back("(the library's own path: dladdr gave none)");
  fs::path dir = image.parent_path();
  for (; !dir.empty(); dir = dir.parent_path()) {
    const fs::path candidate = dir / MINIMA_RELATIVE_DATA_DIR;
    std::error_code unreadable;  // a folder we may not look into is one more place without the data
    if (fs::is_directory(candidate, unreadable)) return candidate;
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
