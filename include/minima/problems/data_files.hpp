// Where minima's data files live (NIST StRD problems, fixed problem instances; see data/README.md).
#pragma once

#include <filesystem>
#include <string_view>

namespace minima {

/// The data folder: $MINIMA_DATA_DIR if set, else the source tree's data/ the library was built
/// from (if it still exists), else the installed `<prefix>/share/minima`. Throws InvalidArgument
/// naming the places it looked when none exists.
std::filesystem::path data_directory();

/// data_directory() / relative, checked to exist (InvalidArgument naming the path otherwise).
std::filesystem::path data_file(std::string_view relative);

}  // namespace minima
