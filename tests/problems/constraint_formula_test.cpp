// Constraint text → g = 0 / h ≤ 0 (problems/constraint_formula.hpp): the three forms, their values
// and gradients, and errors that name the position.
#include "minima/problems/constraint_formula.hpp"

#include <gtest/gtest.h>

#include <string>

namespace minima {
namespace {

const std::vector<std::string> kXY{"x", "y"};

TEST(ConstraintFormula, LessEqualIsLhsMinusRhsWithItsGradient) {
  const ConstraintFormula c = parse_constraint("x^2 + y^2 <= 1", kXY);
  EXPECT_FALSE(c.equality);
  Vector g(2);
  EXPECT_DOUBLE_EQ(c.function(Vector{{2.0, 3.0}}, &g), 12.0);
  EXPECT_DOUBLE_EQ(g[0], 4.0);
  EXPECT_DOUBLE_EQ(g[1], 6.0);
}

TEST(ConstraintFormula, GreaterEqualIsNegated) {
  const ConstraintFormula c = parse_constraint("x >= 0.5*y", kXY);
  EXPECT_FALSE(c.equality);
  Vector g(2);
  EXPECT_DOUBLE_EQ(c.function(Vector{{1.0, 4.0}}, &g), 1.0);  // 0.5·4 − 1
  EXPECT_DOUBLE_EQ(g[0], -1.0);
  EXPECT_DOUBLE_EQ(g[1], 0.5);
}

TEST(ConstraintFormula, EqualityInBothSpellings) {
  for (const char* text : {"x + y = 1", "x + y == 1"}) {
    const ConstraintFormula c = parse_constraint(text, kXY);
    EXPECT_TRUE(c.equality) << text;
    EXPECT_DOUBLE_EQ(c.function(Vector{{2.0, 3.0}}), 4.0) << text;
  }
}

TEST(ConstraintFormula, AddConstraintKeepsTheTextAsTheName) {
  Constraints c;
  add_constraint(c, "x <= 1", kXY);
  add_constraint(c, "x = y", kXY);
  ASSERT_EQ(c.inequalities.size(), 1u);
  ASSERT_EQ(c.equalities.size(), 1u);
  EXPECT_EQ(c.inequality_names[0], "x <= 1");
  EXPECT_EQ(c.equality_names[0], "x = y");
}

void expect_error_at(const std::string& text, std::size_t position, const std::string& fragment) {
  try {
    parse_constraint(text, kXY);
    ADD_FAILURE() << text << " was accepted";
  } catch (const ConstraintParseError& e) {
    EXPECT_EQ(e.position(), position) << text << ": " << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).rfind("constraint '" + text + "'", 0), 0u) << e.what();
  }
}

TEST(ConstraintFormula, ErrorsNameThePosition) {
  expect_error_at("x+y", 4, "expected a comparison");
  expect_error_at("x<y", 2, "use <= or >=");
  expect_error_at("x<=y<=1", 5, "a second comparison");
  expect_error_at("x^2+*y<=1", 5, "found '*'");
  expect_error_at("x+z<=1", 3, "unknown variable 'z'");
  expect_error_at("x <= y+*1", 8, "found '*'");
}

}  // namespace
}  // namespace minima
