// Dual numbers: every operation and function against its closed-form derivative, fixed and dynamic
// derivative sizes, constants with empty derivatives, and nested duals giving Hessians.
#include "minima/numerics/dual.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "minima/core/error.hpp"

namespace minima {
namespace {

using D1 = Dual<double, 1>;
using DD = Dual<double>;  // dynamic derivative size

// One function of one variable, its closed-form derivative and a point inside its domain.
struct UnaryCase {
  std::string name;
  std::function<D1(const D1&)> on_dual;
  std::function<double(double)> value;
  std::function<double(double)> derivative;
  double x;
};

TEST(Dual, EveryUnaryFunctionMatchesClosedForm) {
  const std::vector<UnaryCase> cases = {
      {"exp", [](const D1& a) { return exp(a); }, [](double x) { return std::exp(x); },
       [](double x) { return std::exp(x); }, 0.7},
      {"expm1", [](const D1& a) { return expm1(a); }, [](double x) { return std::expm1(x); },
       [](double x) { return std::exp(x); }, -1e-3},
      {"log", [](const D1& a) { return log(a); }, [](double x) { return std::log(x); },
       [](double x) { return 1 / x; }, 2.5},
      {"log1p", [](const D1& a) { return log1p(a); }, [](double x) { return std::log1p(x); },
       [](double x) { return 1 / (1 + x); }, 0.3},
      {"log10", [](const D1& a) { return log10(a); }, [](double x) { return std::log10(x); },
       [](double x) { return 1 / (x * std::log(10.0)); }, 7.0},
      {"log2", [](const D1& a) { return log2(a); }, [](double x) { return std::log2(x); },
       [](double x) { return 1 / (x * std::log(2.0)); }, 3.0},
      {"sqrt", [](const D1& a) { return sqrt(a); }, [](double x) { return std::sqrt(x); },
       [](double x) { return 0.5 / std::sqrt(x); }, 4.0},
      {"cbrt", [](const D1& a) { return cbrt(a); }, [](double x) { return std::cbrt(x); },
       [](double x) { return 1 / (3 * std::cbrt(x) * std::cbrt(x)); }, -8.0},
      {"sin", [](const D1& a) { return sin(a); }, [](double x) { return std::sin(x); },
       [](double x) { return std::cos(x); }, 1.1},
      {"cos", [](const D1& a) { return cos(a); }, [](double x) { return std::cos(x); },
       [](double x) { return -std::sin(x); }, 1.1},
      {"tan", [](const D1& a) { return tan(a); }, [](double x) { return std::tan(x); },
       [](double x) { return 1 / (std::cos(x) * std::cos(x)); }, 0.4},
      {"asin", [](const D1& a) { return asin(a); }, [](double x) { return std::asin(x); },
       [](double x) { return 1 / std::sqrt(1 - x * x); }, 0.6},
      {"acos", [](const D1& a) { return acos(a); }, [](double x) { return std::acos(x); },
       [](double x) { return -1 / std::sqrt(1 - x * x); }, 0.6},
      {"atan", [](const D1& a) { return atan(a); }, [](double x) { return std::atan(x); },
       [](double x) { return 1 / (1 + x * x); }, -2.0},
      {"sinh", [](const D1& a) { return sinh(a); }, [](double x) { return std::sinh(x); },
       [](double x) { return std::cosh(x); }, 0.9},
      {"cosh", [](const D1& a) { return cosh(a); }, [](double x) { return std::cosh(x); },
       [](double x) { return std::sinh(x); }, 0.9},
      {"tanh", [](const D1& a) { return tanh(a); }, [](double x) { return std::tanh(x); },
       [](double x) { return 1 / (std::cosh(x) * std::cosh(x)); }, 0.9},
      {"erf", [](const D1& a) { return erf(a); }, [](double x) { return std::erf(x); },
       [](double x) { return 2 / std::sqrt(std::numbers::pi) * std::exp(-x * x); }, 0.5},
      {"erfc", [](const D1& a) { return erfc(a); }, [](double x) { return std::erfc(x); },
       [](double x) { return -2 / std::sqrt(std::numbers::pi) * std::exp(-x * x); }, 0.5},
      {"abs(neg)", [](const D1& a) { return abs(a); }, [](double x) { return std::abs(x); },
       [](double) { return -1.0; }, -3.0},
      {"abs(pos)", [](const D1& a) { return abs(a); }, [](double x) { return std::abs(x); },
       [](double) { return 1.0; }, 3.0},
      {"pow(x,2.5)", [](const D1& a) { return pow(a, 2.5); }, [](double x) { return std::pow(x, 2.5); },
       [](double x) { return 2.5 * std::pow(x, 1.5); }, 1.7},
      {"pow(x,3) x<0", [](const D1& a) { return pow(a, 3); }, [](double x) { return x * x * x; },
       [](double x) { return 3 * x * x; }, -2.0},
      {"pow(2,x)", [](const D1& a) { return pow(2.0, a); }, [](double x) { return std::pow(2.0, x); },
       [](double x) { return std::pow(2.0, x) * std::log(2.0); }, 1.3},
      {"pow(x,x)", [](const D1& a) { return pow(a, a); }, [](double x) { return std::pow(x, x); },
       [](double x) { return std::pow(x, x) * (std::log(x) + 1); }, 1.3},
      {"1/x", [](const D1& a) { return 1.0 / a; }, [](double x) { return 1 / x; },
       [](double x) { return -1 / (x * x); }, -0.8},
      {"(x+1)/(x-2)", [](const D1& a) { return (a + 1) / (a - 2); },
       [](double x) { return (x + 1) / (x - 2); }, [](double x) { return -3 / ((x - 2) * (x - 2)); }, 0.5},
      {"3-x*x*2", [](const D1& a) { return 3 - a * a * 2; }, [](double x) { return 3 - 2 * x * x; },
       [](double x) { return -4 * x; }, 1.5},
      {"-x/4+x", [](const D1& a) { return -a / 4.0 + a; }, [](double x) { return 0.75 * x; },
       [](double) { return 0.75; }, 1.5},
  };
  for (const UnaryCase& c : cases) {
    const D1 r = c.on_dual(D1::variable(c.x, 0));
    EXPECT_NEAR(r.value, c.value(c.x), 1e-14 * std::max(1.0, std::abs(c.value(c.x)))) << c.name;
    EXPECT_NEAR(r.derivative[0], c.derivative(c.x), 1e-13 * std::max(1.0, std::abs(c.derivative(c.x))))
        << c.name;
  }
}

TEST(Dual, BinaryFunctionsMatchClosedForm) {
  const double y = 0.7, x = -1.2;
  const auto a = Dual<double, 2>::variable(y, 0), b = Dual<double, 2>::variable(x, 1);
  const auto r = atan2(a, b);
  EXPECT_DOUBLE_EQ(r.value, std::atan2(y, x));
  EXPECT_DOUBLE_EQ(r.derivative[0], x / (x * x + y * y));
  EXPECT_DOUBLE_EQ(r.derivative[1], -y / (x * x + y * y));

  const auto h = hypot(a, b);
  EXPECT_DOUBLE_EQ(h.value, std::hypot(y, x));
  EXPECT_DOUBLE_EQ(h.derivative[0], y / std::hypot(y, x));
  EXPECT_DOUBLE_EQ(h.derivative[1], x / std::hypot(y, x));

  const auto p = pow(Dual<double, 2>::variable(1.5, 0), Dual<double, 2>::variable(2.5, 1));
  EXPECT_DOUBLE_EQ(p.value, std::pow(1.5, 2.5));
  EXPECT_DOUBLE_EQ(p.derivative[0], 2.5 * std::pow(1.5, 1.5));
  EXPECT_DOUBLE_EQ(p.derivative[1], std::pow(1.5, 2.5) * std::log(1.5));

  const auto q = a * b / (a - b);  // ∂/∂a = −b²/(a−b)², ∂/∂b = a²/(a−b)²
  EXPECT_DOUBLE_EQ(q.derivative[0], -x * x / ((y - x) * (y - x)));
  EXPECT_DOUBLE_EQ(q.derivative[1], y * y / ((y - x) * (y - x)));

  EXPECT_DOUBLE_EQ(fmin(a, b).derivative[1], 1.0);
  EXPECT_DOUBLE_EQ(fmax(a, b).derivative[0], 1.0);
}

TEST(Dual, IntegerPowersAtZeroAndNegativeBases) {
  // x² at 0: derivative exactly 0 (no 0·log 0 = NaN).
  const D1 zero = D1::variable(0.0, 0);
  EXPECT_EQ(pow(zero, 2).derivative[0], 0.0);
  EXPECT_EQ(pow(zero, 2).value, 0.0);
  EXPECT_EQ(pow(zero, D1(2.0)).derivative[0], 0.0);  // dual exponent that is a constant
  EXPECT_EQ(pow(zero, 1).derivative[0], 1.0);
  // x⁰ is the constant 1.
  EXPECT_EQ(pow(zero, 0).value, 1.0);
  EXPECT_EQ(pow(zero, 0).derivative[0], 0.0);
  // x² at x < 0 through a dual exponent with zero derivative.
  const D1 r = pow(D1::variable(-3.0, 0), D1(2.0));
  EXPECT_DOUBLE_EQ(r.value, 9.0);
  EXPECT_DOUBLE_EQ(r.derivative[0], -6.0);
  // 0^x for x > 0: value 0, derivative 0 (limit of 0^x·ln 0).
  const D1 z = pow(0.0, D1::variable(2.0, 0));
  EXPECT_EQ(z.value, 0.0);
  EXPECT_EQ(z.derivative[0], 0.0);
  // √x at 0: infinite slope, reported as such.
  EXPECT_TRUE(std::isinf(sqrt(zero).derivative[0]));
  // A truly varying exponent on a negative base has no real derivative (a^b·ln a): NaN, not a
  // throw; the value itself is still right.
  const auto bad = pow(Dual<double, 2>::variable(-2.0, 0), Dual<double, 2>::variable(2.0, 1));
  EXPECT_DOUBLE_EQ(bad.value, 4.0);
  EXPECT_TRUE(std::isnan(bad.derivative[1]));
}

TEST(Dual, DynamicSizeConstantsHaveEmptyDerivatives) {
  const DD x = DD::variable(2.0, 1, 3);
  const DD c = 5.0;  // constant: no allocation
  EXPECT_EQ(c.derivative.size(), 0);
  const DD r = (c + x) * (x - c) / c - c / x + 2 * x - 1;  // (x²−25)/5 − 5/x + 2x − 1
  ASSERT_EQ(r.derivative.size(), 3);
  EXPECT_DOUBLE_EQ(r.value, (4.0 - 25.0) / 5.0 - 2.5 + 4.0 - 1.0);
  EXPECT_DOUBLE_EQ(r.derivative[1], 2 * 2.0 / 5 + 5 / 4.0 + 2);
  EXPECT_EQ(r.derivative[0], 0.0);
  EXPECT_EQ(r.derivative[2], 0.0);
  // Constant op constant stays empty.
  EXPECT_EQ((c * c + c - 1.0).derivative.size(), 0);
  EXPECT_EQ(exp(c).derivative.size(), 0);
}

TEST(Dual, InlineCapacityDualsMatchHeapDuals) {
  // Run-time size stored inside the dual (capacity 4): same numbers as the heap version.
  using Inline = Dual<double, Eigen::Dynamic, 4>;
  const auto f = [](const auto& x, const auto& y) { return sin(x * y) / (1 + x * x) - pow(y, 3); };
  const Inline r = f(Inline::variable(0.4, 0, 3), Inline::variable(-1.1, 2, 3));
  const DD s = f(DD::variable(0.4, 0, 3), DD::variable(-1.1, 2, 3));
  EXPECT_EQ(r.value, s.value);
  ASSERT_EQ(r.derivative.size(), 3);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(r.derivative[i], s.derivative[i]);
  EXPECT_EQ(r.derivative[1], 0.0);
  EXPECT_EQ(Inline(2.0).derivative.size(), 0);
  // More variables than the capacity, or an index out of range, is refused rather than overrun.
  EXPECT_THROW(Inline::variable(1.0, 0, 5), InvalidArgument);
  EXPECT_THROW(DD::variable(1.0, 3, 3), InvalidArgument);
  EXPECT_THROW(D1::variable(1.0, 1), InvalidArgument);
}

TEST(Dual, ComparisonsUseTheValue) {
  const D1 a = D1::variable(1.0, 0), b(2.0);
  EXPECT_TRUE(a < b);
  EXPECT_TRUE(a <= 1.0);
  EXPECT_TRUE(3.0 > a);
  EXPECT_TRUE(a == 1.0);  // derivatives differ from the constant 1, values agree
  EXPECT_FALSE(a != D1(1.0));
  EXPECT_TRUE(b >= a);
}

TEST(Dual, CompoundAssignment) {
  D1 a = D1::variable(3.0, 0);
  a *= a;      // x²
  a += 1.0;    // x²+1
  a /= 2.0;    // (x²+1)/2
  a -= D1(1);  // (x²−1)/2
  EXPECT_DOUBLE_EQ(a.value, 4.0);
  EXPECT_DOUBLE_EQ(a.derivative[0], 3.0);
}

TEST(Dual, NonFiniteValuesPropagateWithoutThrowing) {
  const D1 r = log(D1::variable(-1.0, 0));
  EXPECT_TRUE(std::isnan(r.value));
  EXPECT_TRUE(isnan(r));
  EXPECT_FALSE(isfinite(r));
  EXPECT_TRUE(isinf(log(D1::variable(0.0, 0))));
}

TEST(Dual, EigenVectorsOfDuals) {
  Eigen::Matrix<Dual<double, 3>, 3, 1> x;
  for (int i = 0; i < 3; ++i) x[i] = Dual<double, 3>::variable(i + 1.0, i);
  const Dual<double, 3> s = x.squaredNorm();
  EXPECT_DOUBLE_EQ(s.value, 14.0);
  EXPECT_DOUBLE_EQ(s.derivative[2], 6.0);
  const Dual<double, 3> n = x.norm();
  EXPECT_DOUBLE_EQ(n.derivative[1], 2.0 / std::sqrt(14.0));
  Eigen::Matrix<Dual<double, 3>, 3, 3> a = Eigen::Matrix3d::Identity().cast<Dual<double, 3>>() * 2.0;
  const Dual<double, 3> q = x.dot(a * x);  // 2‖x‖²
  EXPECT_DOUBLE_EQ(q.derivative[0], 4.0);
}

// Rosenbrock f = 100(y − x²)² + (1 − x)²; nested duals give the analytic Hessian
// [[1200x² − 400y + 2, −400x], [−400x, 200]].
template <class S>
S rosenbrock(const S& x, const S& y) {
  return 100 * pow(y - x * x, 2) + pow(1 - x, 2);
}

TEST(Dual, NestedDualsGiveRosenbrockHessian) {
  using Inner = Dual<double, 2>;
  using Outer = Dual<Inner, 2>;
  const double x0 = -1.2, y0 = 1.0;
  Outer x(Inner::variable(x0, 0), Outer::Derivative(Inner(1.0), Inner(0.0)));
  Outer y(Inner::variable(y0, 1), Outer::Derivative(Inner(0.0), Inner(1.0)));
  const Outer f = rosenbrock(x, y);
  EXPECT_DOUBLE_EQ(f.value.value, 100 * std::pow(y0 - x0 * x0, 2) + std::pow(1 - x0, 2));
  const double gx = -400 * x0 * (y0 - x0 * x0) - 2 * (1 - x0), gy = 200 * (y0 - x0 * x0);
  EXPECT_DOUBLE_EQ(f.value.derivative[0], gx);
  EXPECT_DOUBLE_EQ(f.value.derivative[1], gy);
  EXPECT_DOUBLE_EQ(f.derivative[0].value, gx);
  EXPECT_DOUBLE_EQ(f.derivative[0].derivative[0], 1200 * x0 * x0 - 400 * y0 + 2);
  EXPECT_DOUBLE_EQ(f.derivative[0].derivative[1], -400 * x0);
  EXPECT_DOUBLE_EQ(f.derivative[1].derivative[0], -400 * x0);
  EXPECT_DOUBLE_EQ(f.derivative[1].derivative[1], 200.0);
}

TEST(Dual, NestedPowKeepsSecondOrderTerms) {
  // g(x, y) = x^(y²) at y = 0: ∂²g/∂y² = 2 ln x although the exponent's value and first derivative
  // are 0 there (the exponent must not be treated as a constant).
  using Inner = Dual<double, 2>;
  using Outer = Dual<Inner, 2>;
  const double x0 = 3.0;
  Outer x(Inner::variable(x0, 0), Outer::Derivative(Inner(1.0), Inner(0.0)));
  Outer y(Inner::variable(0.0, 1), Outer::Derivative(Inner(0.0), Inner(1.0)));
  const Outer g = pow(x, y * y);
  EXPECT_DOUBLE_EQ(g.value.value, 1.0);
  EXPECT_DOUBLE_EQ(g.derivative[1].derivative[1], 2 * std::log(x0));
  EXPECT_DOUBLE_EQ(g.derivative[0].derivative[0], 0.0);
  // Second derivative of sin·exp with constants mixed in: (e^x sin x)'' = 2 e^x cos x.
  const Outer h = 2.0 * exp(x) * sin(x) / 2.0;
  EXPECT_NEAR(h.derivative[0].derivative[0], 2 * std::exp(x0) * std::cos(x0), 1e-13);
  // Dynamic sizes at both levels.
  using DIn = Dual<double>;
  using DOut = Dual<DIn>;
  DOut xd(DIn::variable(x0, 0, 1), DOut::Derivative::Constant(1, DIn(1.0)));
  const DOut c = pow(xd, 3) - 4.0 * xd;
  EXPECT_DOUBLE_EQ(c.value.derivative[0], 3 * x0 * x0 - 4);
  EXPECT_DOUBLE_EQ(c.derivative[0].derivative[0], 6 * x0);
}

}  // namespace
}  // namespace minima
