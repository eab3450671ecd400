// The table renderer: alignment, Markdown, CSV quoting, bad rows.
#include <gtest/gtest.h>

#include <limits>

#include "minima/core/error.hpp"
#include "minima/report/table.hpp"

namespace minima {
namespace {

TEST(Table, RendersAlignedText) {
  Table t({"method", "iterations", "f"}, "Rosenbrock");
  t.add_row({"lbfgs", 33, 1.2e-14});
  t.add_row({"gradient_descent", 1000L, std::numeric_limits<double>::infinity()});
  EXPECT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.columns(), 3u);
  EXPECT_EQ(t.render(),
            "Rosenbrock\n"
            "method            iterations        f\n"
            "----------------  ----------  -------\n"
            "lbfgs                     33  1.2e-14\n"
            "gradient_descent        1000      inf\n");
}

TEST(Table, StringsThatAreNumbersAlignRight) {
  Table t({"name", "value"});
  t.add_row({"a", "1.5"});
  t.add_row({"bb", "-"});  // a dash does not make the column text
  t.add_row({"ccc", "12e3"});
  EXPECT_EQ(t.render(),
            "name  value\n"
            "----  -----\n"
            "a       1.5\n"
            "bb        -\n"
            "ccc    12e3\n");
}

TEST(Table, WidthCountsCharactersNotBytes) {
  EXPECT_EQ(display_width("‖∇f‖∞"), 5u);
  EXPECT_EQ(display_width("방법"), 4u);  // Hangul is two columns wide
  EXPECT_EQ(display_width("abc"), 3u);
  Table t({"‖∇f‖∞", "x"});
  t.add_row({1e-9, "a"});
  EXPECT_EQ(t.render(), "‖∇f‖∞  x\n-----  -\n1e-09  a\n");
}

TEST(Table, Markdown) {
  Table t({"method", "f"}, "Results");
  t.add_row({"a|b", 0.5});
  EXPECT_EQ(t.to_markdown(),
            "**Results**\n\n"
            "| method | f |\n"
            "| --- | ---: |\n"
            "| a\\|b | 0.5 |\n");
}

TEST(Table, CsvQuotesWhenNeeded) {
  Table t({"name", "note"});
  t.add_row({"x,y", "say \"hi\""});
  t.add_row({"plain", 3});
  EXPECT_EQ(t.to_csv(), "name,note\n\"x,y\",\"say \"\"hi\"\"\"\nplain,3\n");
}

TEST(Table, NumberFormatting) {
  EXPECT_EQ(format_number(1.0 / 3.0), "0.333333");
  EXPECT_EQ(format_number(1.0 / 3.0, 3), "0.333");
  EXPECT_EQ(format_number(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(format_number(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_TRUE(looks_numeric("-3.5e-7"));
  EXPECT_TRUE(looks_numeric("inf"));
  EXPECT_FALSE(looks_numeric("1,234"));
  EXPECT_FALSE(looks_numeric(" 1"));
  EXPECT_FALSE(looks_numeric("lbfgs"));
}

TEST(Table, BadShapesThrow) {
  EXPECT_THROW(Table({}), InvalidArgument);
  Table t({"a", "b"});
  EXPECT_THROW(t.add_row({"only one"}), InvalidArgument);
  EXPECT_THROW(t.add_row({1, 2, 3}), InvalidArgument);
}

}  // namespace
}  // namespace minima
