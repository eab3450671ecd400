#include "minima/problems/csv_data.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "text_numbers.hpp"

namespace minima {
namespace {

using problems_detail::parse_double;
using problems_detail::trim;

std::vector<std::string_view> split_commas(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    out.push_back(
        trim(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

bool skip(std::string_view line) {
  const std::string_view t = trim(line);
  return t.empty() || t.front() == '#';
}

}  // namespace

std::optional<Index> DataTable::find(std::string_view name) const {
  for (std::size_t c = 0; c < names.size(); ++c)
    if (names[c] == name) return static_cast<Index>(c);
  return std::nullopt;
}

Vector DataTable::column(std::string_view name) const {
  if (const auto c = find(name)) return values.col(*c);
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  throw InvalidArgument(fmt::format("no column '{}' (the columns are {})", name, list));
}

DataTable parse_csv(std::string_view text, std::string_view source) {
  // A UTF-8 byte-order mark (as Excel writes CSV) is not part of the first column's name.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  DataTable table;
  std::vector<double> cells;
  std::size_t line_number = 0, start = 0, header_line = 0;
  Index rows = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    ++line_number;
    start = end + 1;
    if (skip(line)) {
      if (end == text.size()) break;
      continue;
    }
    const auto fields = split_commas(line);
    if (table.names.empty()) {
      header_line = line_number;
      for (std::size_t c = 0; c < fields.size(); ++c) {
        std::string_view name = fields[c];
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
          name = name.substr(1, name.size() - 2);
        if (name.empty())
          throw ParseError(
              fmt::format("{}:{}: column {} of the header has no name", source, line_number, c + 1));
        for (const auto& earlier : table.names)
          if (earlier == name)
            throw ParseError(
                fmt::format("{}:{}: the column name '{}' appears twice", source, line_number, name));
        table.names.emplace_back(name);
      }
    } else {
      if (fields.size() != table.names.size())
        throw ParseError(fmt::format("{}:{}: {} cells, the header (line {}) has {} columns", source,
                                     line_number, fields.size(), header_line, table.names.size()));
      for (std::size_t c = 0; c < fields.size(); ++c) {
        const auto v = parse_double(fields[c]);
        if (!v)
          throw ParseError(fmt::format("{}:{}: column {} ({}): '{}' is not a number", source, line_number,
                                       c + 1, table.names[c], fields[c]));
        if (!std::isfinite(*v))
          throw ParseError(fmt::format("{}:{}: column {} ({}): '{}' is not finite", source, line_number,
                                       c + 1, table.names[c], fields[c]));
        cells.push_back(*v);
      }
      ++rows;
    }
    if (end == text.size()) break;
  }
  if (table.names.empty()) throw ParseError(fmt::format("{}: no header row (the file is empty)", source));
  const auto cols = static_cast<Index>(table.names.size());
  table.values = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      cells.data(), rows, cols);
  return table;
}

DataTable read_csv(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ParseError(fmt::format("{}: cannot open the file", file.string()));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_csv(buffer.str(), file.string());
}

}  // namespace minima
