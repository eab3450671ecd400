// Where minima's data files live (NIST StRD problems, fixed problem instances; see data/README.md).
#pragma once

#include <filesystem>
#include <string_view>

namespace minima {

/// The data folder: $MINIMA_DATA_DIR if set, else share/minima beside the library's own file
/// (libminima.so, or the program or extension a static libminima.a is linked into) or beside one of
/// its parent folders: `<prefix>/share/minima` of an install, wherever the prefix was moved, and
/// `<build>/share/minima` (a link to data/) in the build tree. Throws InvalidArgument naming the
/// places it looked and MINIMA_DATA_DIR when none exists.
std::filesystem::path data_directory();

/// data_directory() / relative, checked to exist (InvalidArgument naming the path otherwise).
std::filesystem::path data_file(std::string_view relative);

}  // namespace minima
