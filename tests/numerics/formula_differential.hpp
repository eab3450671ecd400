// Differential checks of the formula language: the same formula evaluated on plain doubles, on
// first-order duals (value and gradient) and on nested duals (value, gradient, Hessian) must give
// the same value bit for bit, a gradient that agrees with central differences of the value and a
// Hessian that agrees with central differences of the exact gradient. Used by the randomized test
// (tests/numerics/formula_differential_test.cpp) and the libFuzzer target (tests/fuzz/).
//
// Finite differences are trusted only where they are consistent: the central difference at step h
// and at h/4 must agree to a relative `consistency` before a disagreement with the dual numbers
// counts. That skips kinks (abs, min, max), poles and catastrophic cancellation without skipping the
// smooth points where a wrong derivative shows (Griewank & Walther, "Evaluating Derivatives",
// 2nd ed., §1.2 on checking derivatives against differences).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "minima/core/random.hpp"
#include "minima/core/types.hpp"
#include "minima/numerics/autodiff.hpp"
#include "minima/numerics/formula.hpp"

namespace minima::testing {

/// Random formulas over the whole grammar: every operator, every function, constant exponents that
/// are integers and not, variable exponents, nested calls. Seeded: the same seed, the same texts.
class FormulaGenerator {
 public:
  explicit FormulaGenerator(std::uint64_t seed, int variables = 3) : rng_(seed), variables_(variables) {}

  std::string next(int max_depth = 4) { return expression(max_depth); }

 private:
  std::string variable() {
    static const char* names[] = {"x", "y", "z", "w"};
    return names[pick(variables_)];
  }
  std::string constant() {
    static const char* values[] = {"0",    "1",    "2",  "3", "0.5", "1.5", "2.5", "0.25",
                                   "7.25", "1e-3", "pi", "e", "10",  "0.1", "4"};
    return values[pick(static_cast<int>(std::size(values)))];
  }
  std::string exponent() {
    static const char* values[] = {"2",  "3",    "0.5",  "1.5",    "2.5", "-0.5", "-1",
                                   "-2", "1.25", "0.75", "(-1.5)", "4",   "1/3",  "0"};
    return values[pick(static_cast<int>(std::size(values)))];
  }
  std::string expression(int depth) {
    if (depth <= 0) return pick(3) == 0 ? constant() : variable();
    static const char* unary[] = {"exp",  "log",  "log10", "log2", "log1p", "expm1", "sqrt",
                                  "cbrt", "sin",  "cos",   "tan",  "asin",  "acos",  "atan",
                                  "sinh", "cosh", "tanh",  "abs",  "erf",   "erfc"};
    static const char* binary_functions[] = {"min", "max", "atan2", "hypot", "pow"};
    static const char* operators[] = {"+", "-", "*", "/"};
    // One draw per statement: the operands of + are evaluated in an unspecified order (gcc and
    // clang differ), and the same seed must give the same text with every compiler.
    switch (pick(9)) {
      case 0:
        return pick(2) == 0 ? variable() : constant();
      case 1:
        return "-" + expression(depth - 1);
      case 2:
      case 3: {
        const std::string name = unary[pick(static_cast<int>(std::size(unary)))];
        return name + "(" + expression(depth - 1) + ")";
      }
      case 4: {
        const std::string name = binary_functions[pick(static_cast<int>(std::size(binary_functions)))];
        const std::string first = expression(depth - 1);
        const std::string second = pick(2) == 0 ? exponent() : expression(depth - 1);
        return name + "(" + first + ", " + second + ")";
      }
      case 5: {
        const std::string base = expression(depth - 1);
        return "(" + base + ")^" + exponent();
      }
      case 6: {
        const std::string base = expression(depth - 1);
        return "(" + base + ")^(" + expression(depth - 1) + ")";
      }
      default: {
        const std::string left = expression(depth - 1);
        const std::string op = operators[pick(4)];
        return "(" + left + " " + op + " " + expression(depth - 1) + ")";
      }
    }
  }
  int pick(int n) { return static_cast<int>(uniform_index(n, rng_)); }

  Rng rng_;
  int variables_;
};

/// What a differential check found at one point.
struct DifferentialFinding {
  bool ok = true;
  std::string what;  // empty when ok
};

/// Values equal bit for bit, NaN equal to NaN (the paths must agree on domain errors too).
inline bool same_value(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return a == b;
}

namespace differential_detail {

/// A double that also carries the largest magnitude met on the way to it (operands and results).
/// Rounding in f(x) is about ulps of that magnitude, not of |f|: in (−a + 1 + b) + a with a = 1e75
/// the 1 + b is rounded away although f is small, and differences of f see no b at all.
struct Tracked {
  double v = 0.0;
  double m = 0.0;
  Tracked() = default;
  Tracked(double x) : v(x), m(std::abs(x)) {}  // NOLINT: constants enter the formula as doubles
  Tracked(double x, double mag) : v(x), m(std::max(mag, std::abs(x))) {}
  Tracked& operator+=(const Tracked& b) { return *this = Tracked(v + b.v, std::max(m, b.m)); }
  Tracked& operator-=(const Tracked& b) { return *this = Tracked(v - b.v, std::max(m, b.m)); }
  Tracked& operator*=(const Tracked& b) { return *this = Tracked(v * b.v, std::max(m, b.m)); }
  Tracked& operator/=(const Tracked& b) { return *this = Tracked(v / b.v, std::max(m, b.m)); }
  Tracked operator-() const { return {-v, m}; }
  bool operator<(const Tracked& b) const { return v < b.v; }
};
#define MINIMA_TRACKED_UNARY(f)        \
  inline Tracked f(const Tracked& a) { \
    return {std::f(a.v), a.m};         \
  }
MINIMA_TRACKED_UNARY(exp)
MINIMA_TRACKED_UNARY(log)
MINIMA_TRACKED_UNARY(log10)
MINIMA_TRACKED_UNARY(log2)
MINIMA_TRACKED_UNARY(log1p)
MINIMA_TRACKED_UNARY(expm1)
MINIMA_TRACKED_UNARY(sqrt)
MINIMA_TRACKED_UNARY(cbrt)
MINIMA_TRACKED_UNARY(sin)
MINIMA_TRACKED_UNARY(cos)
MINIMA_TRACKED_UNARY(tan)
MINIMA_TRACKED_UNARY(asin)
MINIMA_TRACKED_UNARY(acos)
MINIMA_TRACKED_UNARY(atan)
MINIMA_TRACKED_UNARY(sinh)
MINIMA_TRACKED_UNARY(cosh)
MINIMA_TRACKED_UNARY(tanh)
MINIMA_TRACKED_UNARY(abs)
MINIMA_TRACKED_UNARY(erf)
MINIMA_TRACKED_UNARY(erfc)
#undef MINIMA_TRACKED_UNARY
inline Tracked pow(const Tracked& a, const Tracked& b) {
  return {std::pow(a.v, b.v), std::max(a.m, b.m)};
}
inline Tracked pow(const Tracked& a, double b) {
  return {std::pow(a.v, b), a.m};
}
inline Tracked atan2(const Tracked& a, const Tracked& b) {
  return {std::atan2(a.v, b.v), std::max(a.m, b.m)};
}
inline Tracked hypot(const Tracked& a, const Tracked& b) {
  return {std::hypot(a.v, b.v), std::max(a.m, b.m)};
}

inline double value_of(double r) {
  return r;
}
inline double value_of(const Tracked& r) {
  return r.v;
}
inline double magnitude_of(double r) {
  return std::abs(r);
}
inline double magnitude_of(const Tracked& r) {
  return r.m;
}

struct Difference {
  double slope;  // (f(x + h) − f(x − h)) / 2h
  double noise;  // what rounding of f alone can put into it: a few ulps of |f| over 2h
};

inline Difference central(const auto& f, Vector x, Index i, double h) {
  const double xi = x[i];
  x[i] = xi + h;
  const auto up = f(x);
  x[i] = xi - h;
  const auto down = f(x);
  const double ulps = 8 * std::numeric_limits<double>::epsilon();
  return {(value_of(up) - value_of(down)) / (2 * h),
          ulps * std::max(magnitude_of(up), magnitude_of(down)) / (2 * h)};
}

// Compares an exact derivative with central differences of `f` in direction i; returns false only
// when the differences are consistent (step h and h/4 agree) and the exact value disagrees by more
// than the tolerance plus what rounding of f can explain (f = 1e88 + small(x) has no usable
// differences in x).
// `magnitude` is the size of the whole gradient or Hessian: an entry that comes out of cancellation
// is only as accurate as the largest entry beside it. The step shrinks with a steep exact slope, so
// that a fast oscillation is not sampled blindly at points a whole period apart.
inline bool agrees(double exact, const auto& f, const Vector& x, Index i, double consistency,
                   double tolerance, double magnitude) {
  const double steep = std::isfinite(exact) ? std::min(1e3, std::sqrt(std::max(1.0, std::abs(exact)))) : 1.0;
  const double h = 1e-4 * std::max(1.0, std::abs(x[i])) / steep;
  const Difference coarse = central(f, x, i, h);
  const Difference fine = central(f, x, i, h / 4);
  if (!std::isfinite(coarse.slope) || !std::isfinite(fine.slope)) return true;
  const double scale = std::max({1.0, std::abs(coarse.slope), std::abs(fine.slope)});
  const double noise = coarse.noise + fine.noise;
  if (std::abs(coarse.slope - fine.slope) > consistency * scale + noise) return true;  // not trustworthy
  // A derivative that overflowed on the way (inf·0 in an intermediate) is NaN or inf: loud, not a
  // silent wrong answer. Only a finite derivative that disagrees is a finding.
  if (!std::isfinite(exact)) return true;
  return std::abs(exact - fine.slope) <=
         tolerance * std::max({scale, std::abs(exact), magnitude}) + 2 * noise;
}

}  // namespace differential_detail

/// The three checks at x. `consistency` and `tolerance` are relative (see the file comment).
inline DifferentialFinding check_formula_at(const Formula& formula, const Vector& x,
                                            double consistency = 1e-6, double tolerance = 1e-4) {
  using namespace autodiff_detail;
  const Index n = x.size();
  const std::span<const double> point(x.data(), static_cast<std::size_t>(n));
  const double plain = formula.evaluate(point);
  const Objective objective = formula.objective();
  Vector gradient(n);
  const double with_gradient = objective(x, &gradient);
  Vector gradient2(n);
  Matrix hessian(n, n);
  const double with_hessian = hessian_any_size<Eigen::Dynamic>(formula, x, &gradient2, hessian);

  DifferentialFinding out;
  const auto fail = [&](std::string what) {
    out.ok = false;
    out.what = std::move(what);
    return out;
  };
  char buffer[256];
  if (!same_value(plain, with_gradient) || !same_value(plain, with_hessian)) {
    std::snprintf(buffer, sizeof buffer, "value: plain %.17g, first-order duals %.17g, nested duals %.17g",
                  plain, with_gradient, with_hessian);
    return fail(buffer);
  }
  if (!std::isfinite(plain)) return out;
  // Differences are meaningless where the double evaluation itself is ill-conditioned (tan of an
  // argument near 1e14, whose rounding steps are wider than any difference step): the same formula
  // in long double must agree with it first.
  std::vector<long double> wide(x.data(), x.data() + n);
  const long double precise = formula.evaluate<long double>(std::span<const long double>(wide));
  if (!(std::abs(static_cast<long double>(plain) - precise) <= 1e-9L * std::abs(precise) + 1e-12L))
    return out;
  // The two dual levels may round the gradient differently (the nested one carries the chain rule
  // through Dual<double> arithmetic): equal to a few ulps, not bit for bit.
  const double gradient_scale = std::max(1.0, gradient.cwiseAbs().maxCoeff());
  for (Index i = 0; i < n; ++i) {
    const double gap = std::abs(gradient[i] - gradient2[i]);
    // Both finite: a NaN on one level only comes from a rounding-size derivative sending pow to its
    // logarithm branch at a negative base, where the value itself is exact.
    if (std::isfinite(gradient[i]) && std::isfinite(gradient2[i]) && !(gap <= 1e-10 * gradient_scale)) {
      std::snprintf(buffer, sizeof buffer, "gradient[%d]: first-order %.17g, nested %.17g",
                    static_cast<int>(i), gradient[i], gradient2[i]);
      return fail(buffer);
    }
  }
  // The value with the largest intermediate magnitude, for the differences' rounding estimate.
  const auto value = [&](const Vector& at) {
    std::vector<differential_detail::Tracked> t(at.data(), at.data() + at.size());
    return formula.evaluate<differential_detail::Tracked>(std::span<const differential_detail::Tracked>(t));
  };
  for (Index i = 0; i < n; ++i) {
    if (!differential_detail::agrees(gradient[i], value, x, i, consistency, tolerance,
                                     1e-8 * gradient_scale)) {
      std::snprintf(buffer, sizeof buffer, "gradient[%d] = %.17g disagrees with central differences",
                    static_cast<int>(i), gradient[i]);
      return fail(buffer);
    }
  }
  const double hessian_scale = hessian.allFinite() ? hessian.cwiseAbs().maxCoeff() : 0.0;
  for (Index j = 0; j < n; ++j) {
    const auto gradient_j = [&](const Vector& at) {
      Vector g(n);
      objective(at, &g);
      return g[j];
    };
    for (Index i = 0; i < n; ++i) {
      if (!std::isfinite(gradient[j])) continue;
      if (!differential_detail::agrees(hessian(i, j), gradient_j, x, i, consistency, tolerance,
                                       1e-8 * hessian_scale)) {
        std::snprintf(buffer, sizeof buffer,
                      "hessian(%d,%d) = %.17g disagrees with central differences of the gradient",
                      static_cast<int>(i), static_cast<int>(j), hessian(i, j));
        return fail(buffer);
      }
    }
  }
  return out;
}

}  // namespace minima::testing
