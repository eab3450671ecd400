// A small table renderer for what a person reads: aligned plain text for terminals, GitHub
// Markdown for documents, and CSV (RFC 4180) for spreadsheets. Columns whose body cells are all
// numbers (or empty, "nan", "inf", "-inf") are right-aligned, the rest left-aligned; widths count
// UTF-8 code points, two columns for East Asian wide characters (Hangul, CJK), so "‖∇f‖∞" and
// Korean labels line up. In the spirit of Ceres' Summary::FullReport tables.
//
//   Table t({"method", "iterations", "f"}, "Rosenbrock n = 2");
//   t.add_row({"lbfgs", 33, 1.2e-14});   // numbers are formatted by Cell (see below)
//   std::cout << t.render();
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace minima {

/// One table cell: text, or a number formatted on the spot. Doubles use "%.6g" by default (pass a
/// string from format_number for another precision); integers print in full; NaN and infinities
/// print as "nan", "inf", "-inf".
struct Cell {
  Cell(std::string text) : text(std::move(text)) {}  // NOLINT(google-explicit-constructor)
  Cell(const char* text) : text(text) {}             // NOLINT(google-explicit-constructor)
  Cell(double value);                                // NOLINT(google-explicit-constructor)
  Cell(int value);                                   // NOLINT(google-explicit-constructor)
  Cell(unsigned value);                              // NOLINT(google-explicit-constructor)
  Cell(long value);                                  // NOLINT(google-explicit-constructor)
  Cell(long long value);                             // NOLINT(google-explicit-constructor)
  Cell(unsigned long value);                         // NOLINT(google-explicit-constructor)

  std::string text;
  bool numeric = false;  ///< true when built from a number (strings are recognized when rendering)
};

/// A double with `significant` digits ("%.{significant}g"), and "nan", "inf", "-inf".
std::string format_number(double value, int significant = 6);

/// True for text that reads as one number: "12", "-3.5e-7", "1,234" is not; "nan", "inf", "-inf",
/// "+inf" are.
bool looks_numeric(const std::string& text);

class Table {
 public:
  /// At least one column; throws InvalidArgument for none.
  explicit Table(std::vector<std::string> headers, std::string title = {});

  void set_title(std::string title) { title_ = std::move(title); }
  /// Adds a row; throws InvalidArgument unless it has exactly one cell per column.
  void add_row(std::vector<Cell> cells);

  std::size_t columns() const { return headers_.size(); }
  std::size_t rows() const { return rows_.size(); }
  const std::string& title() const { return title_; }

  /// Plain text: the title, the header, a rule of dashes, then the rows; two spaces between
  /// columns, no trailing spaces, ending in a newline.
  std::string render() const;
  /// GitHub Markdown: the title as a bold line, then a pipe table ("---:" for numeric columns);
  /// '|' in cells is escaped.
  std::string to_markdown() const;
  /// CSV with the header row; cells with a comma, quote or line break are quoted (RFC 4180). The
  /// title is not part of CSV.
  std::string to_csv() const;

 private:
  bool right_aligned(std::size_t column) const;
  std::vector<std::size_t> widths() const;

  std::vector<std::string> headers_;
  std::string title_;
  std::vector<std::vector<Cell>> rows_;
};

/// Display width of UTF-8 text in terminal columns (code points; 2 for East Asian wide ones).
std::size_t display_width(const std::string& text);

}  // namespace minima
