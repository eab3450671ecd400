// libFuzzer target: the CSV reader. Any bytes either parse into a rectangular table of finite
// numbers with named columns or throw a ParseError; nothing else.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "minima/core/error.hpp"
#include "minima/problems/csv_data.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace minima;
  try {
    const DataTable table = parse_csv(std::string_view(reinterpret_cast<const char*>(data), size), "<fuzz>");
    if (table.values.cols() != static_cast<Index>(table.names.size())) std::abort();
    if (table.values.size() && !table.values.allFinite()) std::abort();
  } catch (const ParseError&) {
  } catch (const InvalidArgument&) {
  }
  return 0;
}
