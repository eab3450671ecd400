// A numeric CSV table, as people export it from spreadsheets and scripts: a header row of column
// names, then rows of numbers. Cells are separated by commas; spaces around cells, blank lines and
// lines starting with '#' are ignored; a header name may be quoted ("Time (s)"); CRLF line ends are
// accepted. Every body cell must be a finite number in C notation. Errors are ParseErrors naming the
// source, the line and the column: "data.csv:7: column 2 (x): 'abc' is not a number".
// Reference: RFC 4180 (the comma-separated format, header row).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "minima/core/types.hpp"

namespace minima {

struct DataTable {
  std::vector<std::string> names;  ///< the header, one name per column
  Matrix values;                   ///< rows × columns

  Index rows() const { return values.rows(); }
  Index columns() const { return values.cols(); }
  /// The index of the column called `name`, or nullopt.
  std::optional<Index> find(std::string_view name) const;
  /// The column called `name`; InvalidArgument listing the columns when there is none.
  Vector column(std::string_view name) const;
};

/// Parses CSV text; `source` names it in error messages (a file name, "<stdin>").
DataTable parse_csv(std::string_view text, std::string_view source = "<csv>");
/// Reads a CSV file (ParseError when it cannot be opened or is malformed).
DataTable read_csv(const std::filesystem::path& file);

}  // namespace minima
