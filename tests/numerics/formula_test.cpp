// The formula language: numbers, precedence, functions, variables, exact derivatives through duals,
// data inputs, and every kind of malformed text with its position.
#include "minima/numerics/formula.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "minima/core/error.hpp"
#include "minima/numerics/dual.hpp"

namespace minima {
namespace {

double value_of(std::string_view text) {
  return Formula::parse(text).evaluate(std::vector<double>{});
}

TEST(Formula, NumbersInCNotation) {
  EXPECT_EQ(value_of("1"), 1.0);
  EXPECT_EQ(value_of("1.5"), 1.5);
  EXPECT_EQ(value_of(".5"), 0.5);
  EXPECT_EQ(value_of("3."), 3.0);
  EXPECT_EQ(value_of("1e-3"), 1e-3);
  EXPECT_EQ(value_of("2.5E+4"), 2.5e4);
  EXPECT_EQ(value_of("7e2"), 700.0);
  EXPECT_EQ(value_of("0x1.8p1"), 3.0);
  EXPECT_EQ(value_of("0X10"), 16.0);
  EXPECT_EQ(value_of("0.1"), 0.1);  // correctly rounded, as strtod
  EXPECT_EQ(value_of("  \t42 \n"), 42.0);
}

TEST(Formula, PrecedenceAndAssociativity) {
  EXPECT_EQ(value_of("2^3^2"), 512.0);  // right-associative
  EXPECT_EQ(value_of("-2^2"), -4.0);    // ^ binds tighter than unary minus
  EXPECT_EQ(value_of("(-2)^2"), 4.0);
  EXPECT_EQ(value_of("2^-1"), 0.5);
  EXPECT_EQ(value_of("2^-1^2"), 0.5);  // 2^(-(1^2))
  EXPECT_EQ(value_of("1+2*3"), 7.0);
  EXPECT_EQ(value_of("(1+2)*3"), 9.0);
  EXPECT_EQ(value_of("8/4/2"), 1.0);  // left-associative
  EXPECT_EQ(value_of("8-4-2"), 2.0);
  EXPECT_EQ(value_of("2*3^2"), 18.0);
  EXPECT_EQ(value_of("-3*-2"), 6.0);
  EXPECT_EQ(value_of("--3"), 3.0);
  EXPECT_EQ(value_of("+3 - +2"), 1.0);
  EXPECT_EQ(value_of("-2^2 + 10"), 6.0);
  EXPECT_EQ(value_of("4^0.5"), 2.0);
}

TEST(Formula, FunctionsAndConstants) {
  EXPECT_DOUBLE_EQ(value_of("pi"), std::numbers::pi);
  EXPECT_DOUBLE_EQ(value_of("e"), std::numbers::e);
  EXPECT_DOUBLE_EQ(value_of("exp(1)"), std::numbers::e);
  EXPECT_DOUBLE_EQ(value_of("log(e^2)"), 2.0);
  EXPECT_DOUBLE_EQ(value_of("sqrt(16)"), 4.0);
  EXPECT_DOUBLE_EQ(value_of("sin(pi/6)"), 0.5);
  EXPECT_DOUBLE_EQ(value_of("cos(0)"), 1.0);
  EXPECT_DOUBLE_EQ(value_of("tan(pi/4)"), 1.0);
  EXPECT_DOUBLE_EQ(value_of("tanh(0.5)"), std::tanh(0.5));
  EXPECT_DOUBLE_EQ(value_of("abs(-3)"), 3.0);
  EXPECT_DOUBLE_EQ(value_of("atan(1)"), std::numbers::pi / 4);
  EXPECT_DOUBLE_EQ(value_of("sinh(1) + cosh(1)"), std::numbers::e);
  EXPECT_DOUBLE_EQ(value_of("log10(1000)"), 3.0);
  EXPECT_DOUBLE_EQ(value_of("log2(8)"), 3.0);
  EXPECT_DOUBLE_EQ(value_of("min(3, -1)"), -1.0);
  EXPECT_DOUBLE_EQ(value_of("max(3, -1)"), 3.0);
  EXPECT_DOUBLE_EQ(value_of("atan2(1, -1)"), 3 * std::numbers::pi / 4);
  EXPECT_DOUBLE_EQ(value_of("hypot(3, 4)"), 5.0);
  EXPECT_DOUBLE_EQ(value_of("pow(2, 10)"), 1024.0);
  EXPECT_DOUBLE_EQ(value_of("erf(0.5) + erfc(0.5)"), 1.0);
  EXPECT_DOUBLE_EQ(value_of("cbrt(-27) + log1p(0) + expm1(0)"), -3.0);
  EXPECT_DOUBLE_EQ(value_of("asin(1) + acos(1)"), std::numbers::pi / 2);
}

TEST(Formula, ConstantSubexpressionsFoldAtParseTime) {
  const Formula f = Formula::parse("x * (2^3 + sin(0)) - -2^2");
  // x 8 * -4 - : five instructions.
  ASSERT_EQ(f.code().size(), 5u);
  EXPECT_EQ(f.code()[1].op, Formula::Op::constant);
  EXPECT_EQ(f.code()[1].constant, 8.0);
  EXPECT_EQ(f.code()[3].constant, -4.0);
  EXPECT_EQ(f.evaluate(std::vector<double>{0.5}), 8.0);
  // A constant exponent becomes one instruction.
  EXPECT_EQ(Formula::parse("x^2").code().back().op, Formula::Op::square);
  EXPECT_EQ(Formula::parse("x^(1+2)").code().back().op, Formula::Op::power_constant);
  EXPECT_EQ(Formula::parse("x^(1+2)").code().back().constant, 3.0);
  EXPECT_EQ(Formula::parse("x^y").code().back().op, Formula::Op::power);
}

TEST(Formula, VariablesInOrderOfFirstAppearance) {
  const Formula f = Formula::parse("y*z + x - y");
  EXPECT_EQ(f.variables(), (std::vector<std::string>{"y", "z", "x"}));
  EXPECT_DOUBLE_EQ(f.evaluate(std::vector<double>{2, 3, 5}), 2 * 3 + 5 - 2);
  // Names may have digits and underscores; function names are not variables.
  const Formula g = Formula::parse("x_1 * exp(x2) + _k");
  EXPECT_EQ(g.variables(), (std::vector<std::string>{"x_1", "x2", "_k"}));
}

TEST(Formula, BracedListsForVariablesAndValues) {
  const Formula f = Formula::parse("x - 2*y", {"y", "x"});
  EXPECT_EQ(f.evaluate({1.0, 5.0}), 3.0);
  Vector x(2);
  x << 1.0, 5.0;
  EXPECT_EQ(f(x), 3.0);  // Eigen vectors, as autodiff() passes them
}

TEST(Formula, GivenVariablesFixOrderAndMayBeUnused) {
  const Formula f = Formula::parse("x^2 + 3*y", std::vector<std::string>{"y", "w", "x"});
  EXPECT_EQ(f.variables(), (std::vector<std::string>{"y", "w", "x"}));
  EXPECT_DOUBLE_EQ(f.evaluate(std::vector<double>{1, 100, 2}), 4 + 3);
  std::vector<double> g(3);
  f.value_gradient(std::vector<double>{1, 100, 2}, {}, g);
  EXPECT_EQ(g, (std::vector<double>{3, 0, 4}));
  // A listed name overrides a constant.
  EXPECT_EQ(Formula::parse("e*2", std::vector<std::string>{"e"}).evaluate(std::vector<double>{5}), 10.0);
  // A bad list is a programming error.
  EXPECT_THROW(Formula::parse("x", std::vector<std::string>{"x", "x"}), InvalidArgument);
  EXPECT_THROW(Formula::parse("x", std::vector<std::string>{"1x"}), InvalidArgument);
  EXPECT_THROW(Formula::parse("x", std::vector<std::string>{"sin"}), InvalidArgument);
}

TEST(Formula, RosenbrockDerivativesAreExact) {
  const Formula f = Formula::parse("100*(y-x^2)^2+(1-x)^2");
  EXPECT_EQ(f.variables(), (std::vector<std::string>{"y", "x"}));
  const double x = -1.2, y = 1.0;
  const std::vector<double> at{y, x};
  EXPECT_DOUBLE_EQ(f.evaluate(at), 100 * std::pow(y - x * x, 2) + std::pow(1 - x, 2));
  // Gradient on duals (as y, x).
  using D = Dual<double, 2>;
  const std::vector<D> duals{D::variable(y, 0), D::variable(x, 1)};
  const D r = f.evaluate<D>(duals);
  EXPECT_DOUBLE_EQ(r.derivative[0], 200 * (y - x * x));
  EXPECT_DOUBLE_EQ(r.derivative[1], -400 * x * (y - x * x) - 2 * (1 - x));
  // Objective: value, gradient and Hessian.
  const Objective obj = f.objective();
  EXPECT_EQ(obj.dimension(), 2);
  EXPECT_EQ(obj.gradient_source(), DerivativeSource::autodiff);
  Vector g(2);
  EXPECT_DOUBLE_EQ(obj(Vector{{y, x}}, &g), 24.2);
  EXPECT_DOUBLE_EQ(g[0], 200 * (y - x * x));
  EXPECT_DOUBLE_EQ(g[1], -400 * x * (y - x * x) - 2 * (1 - x));
  Matrix h(2, 2);
  obj.hessian(Vector{{y, x}}, h);
  EXPECT_DOUBLE_EQ(h(0, 0), 200.0);
  EXPECT_DOUBLE_EQ(h(0, 1), -400 * x);
  EXPECT_DOUBLE_EQ(h(1, 0), -400 * x);
  EXPECT_DOUBLE_EQ(h(1, 1), 1200 * x * x - 400 * y + 2);
  // x^2 at x = 0 and x < 0 has the right derivative (no log of the base).
  std::vector<double> grad(1);
  const Formula sq = Formula::parse("x^2");
  sq.value_gradient(std::vector<double>{0.0}, {}, grad);
  EXPECT_EQ(grad[0], 0.0);
  sq.value_gradient(std::vector<double>{-3.0}, {}, grad);
  EXPECT_EQ(grad[0], -6.0);
  Formula::parse("x^3").value_gradient(std::vector<double>{-2.0}, {}, grad);
  EXPECT_EQ(grad[0], 12.0);
}

TEST(Formula, ObjectiveOnManyVariablesUsesDynamicDuals) {
  // Σ i·xᵢ² over six variables: gradient 2 i xᵢ, Hessian diag(2i).
  const Formula f = Formula::parse("a^2 + 2*b^2 + 3*c^2 + 4*d^2 + 5*g^2 + 6*k^2");
  const Objective obj = f.objective();
  const Vector x = Vector::LinSpaced(6, 1, 6);
  Vector g(6);
  obj(x, &g);
  Matrix h(6, 6);
  obj.hessian(x, h);
  for (Index i = 0; i < 6; ++i) {
    EXPECT_DOUBLE_EQ(g[i], 2.0 * (i + 1) * x[i]);
    EXPECT_DOUBLE_EQ(h(i, i), 2.0 * (i + 1));
  }
  EXPECT_EQ(h.sum(), h.diagonal().sum());
}

TEST(Formula, TranscendentalGradientMatchesClosedForm) {
  const Formula f = Formula::parse("exp(-a*t)*sin(w*t) + log(a) / sqrt(w) + atan2(a, w) + max(a, w)");
  EXPECT_EQ(f.variables(), (std::vector<std::string>{"a", "t", "w"}));
  const double a = 0.8, t = 1.7, w = 2.3;
  std::vector<double> g(3);
  const double v = f.value_gradient(std::vector<double>{a, t, w}, {}, g);
  const double r2 = a * a + w * w;
  EXPECT_DOUBLE_EQ(v, std::exp(-a * t) * std::sin(w * t) + std::log(a) / std::sqrt(w) + std::atan2(a, w) + w);
  EXPECT_NEAR(g[0], -t * std::exp(-a * t) * std::sin(w * t) + 1 / (a * std::sqrt(w)) + w / r2, 1e-14);
  EXPECT_NEAR(g[1], std::exp(-a * t) * (-a * std::sin(w * t) + w * std::cos(w * t)), 1e-14);
  EXPECT_NEAR(g[2],
              std::exp(-a * t) * t * std::cos(w * t) - 0.5 * std::log(a) * std::pow(w, -1.5) - a / r2 + 1,
              1e-14);
}

TEST(Formula, DataInputsForCurveFitting) {
  const Formula f = Formula::parse("a*exp(-b*t) + c", {"a", "b", "c"}, {"t"});
  EXPECT_EQ(f.variables(), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(f.data_names(), (std::vector<std::string>{"t"}));
  const std::vector<double> p{2.0, 0.5, 1.0};
  EXPECT_DOUBLE_EQ(f.evaluate(p, std::vector<double>{3.0}), 2 * std::exp(-1.5) + 1);
  // One Jacobian row: ∂/∂a = e^{−bt}, ∂/∂b = −a t e^{−bt}, ∂/∂c = 1.
  std::vector<double> g(3);
  f.value_gradient(p, std::vector<double>{3.0}, g);
  EXPECT_DOUBLE_EQ(g[0], std::exp(-1.5));
  EXPECT_DOUBLE_EQ(g[1], -2 * 3 * std::exp(-1.5));
  EXPECT_DOUBLE_EQ(g[2], 1.0);
  // The data must be given.
  EXPECT_THROW(f.evaluate(p), InvalidArgument);
  EXPECT_THROW(f.objective(), InvalidArgument);
  // Bound to one row it is an ordinary Objective in the parameters.
  const std::vector<double> row{3.0};
  const Objective obj = f.objective(row);
  Vector grad(3);
  EXPECT_DOUBLE_EQ(obj(Vector{{2.0, 0.5, 1.0}}, &grad), 2 * std::exp(-1.5) + 1);
  EXPECT_DOUBLE_EQ(grad[1], -6 * std::exp(-1.5));
  // Names outside both lists, or in both, are rejected.
  EXPECT_THROW(Formula::parse("a*s", {"a"}, {"t"}), FormulaParseError);
  EXPECT_THROW(Formula::parse("a*t", {"a", "t"}, {"t"}), InvalidArgument);
}

TEST(Formula, NonFiniteResultsDoNotThrow) {
  EXPECT_TRUE(std::isnan(value_of("log(-1)")));
  EXPECT_TRUE(std::isinf(value_of("1/0")));
  EXPECT_TRUE(std::isnan(value_of("sqrt(-1)")));
  const Formula f = Formula::parse("log(x)");
  EXPECT_TRUE(std::isnan(f.evaluate(std::vector<double>{-1.0})));
  EXPECT_EQ(f.evaluate(std::vector<double>{0.0}), -std::numeric_limits<double>::infinity());
  std::vector<double> g(1);
  EXPECT_TRUE(std::isnan(f.value_gradient(std::vector<double>{-1.0}, {}, g)));
}

TEST(Formula, EvaluateChecksSizes) {
  const Formula f = Formula::parse("x+y");
  EXPECT_THROW(f.evaluate(std::vector<double>{1.0}), InvalidArgument);
  std::vector<double> g(1);
  EXPECT_THROW(f.value_gradient(std::vector<double>{1.0, 2.0}, {}, g), InvalidArgument);
  EXPECT_THROW(Formula::parse("2+3").objective(), InvalidArgument);
}

TEST(Formula, DeepButLegalNestingAndLongSums) {
  std::string nested = "x";
  for (int i = 0; i < 200; ++i) nested = "(" + nested + "+1)";
  EXPECT_EQ(Formula::parse(nested).evaluate(std::vector<double>{1.0}), 201.0);
  std::string sum = "x";
  for (int i = 0; i < 100000; ++i) sum += "+x";  // a flat chain: no recursion per term
  EXPECT_EQ(Formula::parse(sum).evaluate(std::vector<double>{1.0}), 100001.0);
  EXPECT_EQ(Formula::parse(sum).stack_size(), 2u);
}

// Every malformed input throws FormulaParseError with the 1-based column of the problem.
struct ErrorCase {
  std::string text;
  std::size_t position;
  std::string message_part;
};

TEST(Formula, ErrorsCarryTheirPosition) {
  const std::vector<ErrorCase> cases = {
      {"", 1, "empty formula"},
      {"   ", 4, "empty formula"},
      {"2**3", 3, "'**' is not an operator"},
      {"sin x", 5, "expected '(' after function 'sin'"},
      {"sin", 4, "expected '(' after function 'sin', found end of formula"},
      {"(1+2", 5, "expected ')' to close '(' at position 1, found end of formula"},
      {"1+2)", 4, "unmatched ')'"},
      {"((x)", 5, "expected ')' to close '(' at position 1"},
      {"1 2", 3, "unexpected number '2' after a complete expression"},
      {"x y", 3, "unexpected 'y' after a complete expression"},
      {"foo(1)", 1, "unknown function 'foo'"},
      {"2*bar(x, 1)", 3, "unknown function 'bar'"},
      {"x(2)", 1, "unknown function 'x'"},
      {"1 +", 4, "found end of formula"},
      {"1 + * 2", 5, "found '*'"},
      {"()", 2, "found ')'"},
      {"3 # 4", 3, "unexpected character '#'"},
      {"1e", 1, "malformed number '1e'"},
      {"1e+", 1, "malformed number '1e+'"},
      {"2x", 1, "malformed number '2x'"},
      {"1.2.3", 1, "malformed number '1.2.3'"},
      {"0x", 1, "malformed number '0x'"},
      {"1e999", 1, "out of the range"},
      {"atan2(1)", 1, "function 'atan2' takes 2 arguments, got 1"},
      {"sin(1, 2)", 1, "function 'sin' takes 1 argument, got 2"},
      {"exp()", 1, "function 'exp' takes 1 argument, got 0"},
      {"max(1,)", 7, "found ')'"},
      {"1, 2", 2, "unexpected ','"},
      {"x ^", 4, "found end of formula"},
  };
  for (const ErrorCase& c : cases) {
    try {
      Formula::parse(c.text);
      ADD_FAILURE() << "no error for '" << c.text << "'";
    } catch (const FormulaParseError& e) {
      EXPECT_EQ(e.position(), c.position) << c.text << ": " << e.what();
      const std::string what = e.what();
      EXPECT_EQ(what.rfind("position " + std::to_string(c.position) + ": ", 0), 0u) << what;
      EXPECT_NE(what.find(c.message_part), std::string::npos) << c.text << ": " << what;
    }
  }
  // With a given list, other names are errors that name the variable and the known ones.
  try {
    Formula::parse("x + 2*zeta", std::vector<std::string>{"x", "y"});
    ADD_FAILURE();
  } catch (const ParseError& e) {  // a FormulaParseError is a ParseError
    EXPECT_STREQ(e.what(), "position 7: unknown variable 'zeta' (parameters: x, y)");
  }
  // Nesting too deep for the parser's recursion is an error, not a crash.
  const std::string deep = std::string(100000, '(') + "1" + std::string(100000, ')');
  EXPECT_THROW(Formula::parse(deep), FormulaParseError);
  EXPECT_THROW(Formula::parse(std::string(100000, '-') + "1"), FormulaParseError);
}

}  // namespace
}  // namespace minima
