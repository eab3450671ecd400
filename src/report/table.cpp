#include "minima/report/table.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {
namespace {

std::string pad(const std::string& text, std::size_t width, bool right) {
  const std::size_t w = display_width(text);
  if (w >= width) return text;
  const std::string fill(width - w, ' ');
  return right ? fill + text : text + fill;
}

void strip_trailing_spaces(std::string& line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
}

// Wide (2-column) ranges of East Asian text: Hangul Jamo, CJK symbols to Yi, Hangul syllables,
// CJK compatibility, full-width forms, and the supplementary ideographic planes.
bool is_wide(std::uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

std::string escape_markdown(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += "<br>";
    } else {
      out += c;
    }
  }
  return out;
}

std::string escape_csv(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string format_number(double value, int significant) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return fmt::format("{:.{}g}", value, significant);
}

Cell::Cell(double value) : text(format_number(value)), numeric(true) {}
Cell::Cell(int value) : text(std::to_string(value)), numeric(true) {}
Cell::Cell(unsigned value) : text(std::to_string(value)), numeric(true) {}
Cell::Cell(long value) : text(std::to_string(value)), numeric(true) {}
Cell::Cell(long long value) : text(std::to_string(value)), numeric(true) {}
Cell::Cell(unsigned long value) : text(std::to_string(value)), numeric(true) {}

bool looks_numeric(const std::string& text) {
  if (text.empty()) return false;
  if (text == "nan" || text == "inf" || text == "-inf" || text == "+inf") return true;
  const char* begin = text.c_str();
  if (std::isspace(static_cast<unsigned char>(*begin))) return false;
  char* end = nullptr;
  std::strtod(begin, &end);
  return end != begin && *end == '\0';
}

std::size_t display_width(const std::string& text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::uint32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xF0) {
      cp = c & 0x07u;
      len = 4;
    } else if (c >= 0xE0) {
      cp = c & 0x0Fu;
      len = 3;
    } else if (c >= 0xC0) {
      cp = c & 0x1Fu;
      len = 2;
    }
    for (std::size_t k = 1; k < len && i + k < text.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    }
    // Combining marks (U+0300–U+036F) take no column of their own.
    if (!(cp >= 0x300 && cp <= 0x36F)) width += is_wide(cp) ? 2 : 1;
    i += len;
  }
  return width;
}

Table::Table(std::vector<std::string> headers, std::string title)
    : headers_(std::move(headers)), title_(std::move(title)) {
  if (headers_.empty()) throw InvalidArgument("Table: needs at least one column header");
}

void Table::add_row(std::vector<Cell> cells) {
  if (cells.size() != headers_.size()) {
    throw InvalidArgument(fmt::format("Table::add_row: {} cells for {} columns{}", cells.size(),
                                      headers_.size(), title_.empty() ? "" : " (table \"" + title_ + "\")"));
  }
  rows_.push_back(std::move(cells));
}

bool Table::right_aligned(std::size_t column) const {
  bool any = false;
  for (const auto& row : rows_) {
    const Cell& cell = row[column];
    if (cell.text.empty() || cell.text == "-") continue;  // blanks and dashes do not decide
    if (!cell.numeric && !looks_numeric(cell.text)) return false;
    any = true;
  }
  return any;
}

std::vector<std::size_t> Table::widths() const {
  std::vector<std::size_t> w(headers_.size());
  for (std::size_t c = 0; c < headers_.size(); ++c) {
    w[c] = display_width(headers_[c]);
    for (const auto& row : rows_) w[c] = std::max(w[c], display_width(row[c].text));
  }
  return w;
}

std::string Table::render() const {
  const auto w = widths();
  std::vector<bool> right(headers_.size());
  for (std::size_t c = 0; c < headers_.size(); ++c) right[c] = right_aligned(c);

  std::string out;
  if (!title_.empty()) out += title_ + "\n";
  auto line = [&](auto cell_text) {
    std::string s;
    for (std::size_t c = 0; c < headers_.size(); ++c) {
      if (c > 0) s += "  ";
      s += pad(cell_text(c), w[c], right[c]);
    }
    strip_trailing_spaces(s);
    out += s + "\n";
  };
  line([&](std::size_t c) { return headers_[c]; });
  line([&](std::size_t c) { return std::string(w[c], '-'); });
  for (const auto& row : rows_) line([&](std::size_t c) { return row[c].text; });
  return out;
}

std::string Table::to_markdown() const {
  std::string out;
  if (!title_.empty()) out += "**" + escape_markdown(title_) + "**\n\n";
  auto line = [&](auto cell_text) {
    std::string s = "|";
    for (std::size_t c = 0; c < headers_.size(); ++c) {
      // Appends, not " " + text + " |": GCC 12 warns falsely (-Wrestrict) on that at -O3.
      s += ' ';
      s += cell_text(c);
      s += " |";
    }
    out += s;
    out += '\n';
  };
  line([&](std::size_t c) { return escape_markdown(headers_[c]); });
  line([&](std::size_t c) { return std::string(right_aligned(c) ? "---:" : "---"); });
  for (const auto& row : rows_) line([&](std::size_t c) { return escape_markdown(row[c].text); });
  return out;
}

std::string Table::to_csv() const {
  std::string out;
  auto line = [&](auto cell_text) {
    for (std::size_t c = 0; c < headers_.size(); ++c) {
      if (c > 0) out += ",";
      out += escape_csv(cell_text(c));
    }
    out += "\n";
  };
  line([&](std::size_t c) { return headers_[c]; });
  for (const auto& row : rows_) line([&](std::size_t c) { return row[c].text; });
  return out;
}

}  // namespace minima
