#include "minima/numerics/stable.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "minima/core/error.hpp"

namespace minima {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void require_nonempty(const Vector& x, const char* function) {
  if (x.size() == 0) throw InvalidArgument(std::string(function) + ": empty input (need at least one entry)");
}

// Element-wise exp and log go through std::exp / std::log, not Eigen's array exp(): Eigen's
// vectorized exp clamps its argument near −709 and returns ≈2.8e-309 for exp(−inf) and exp(−1000)
// instead of 0, which would give −inf entries a non-zero weight.

bool has_nan(const Vector& x) {
  return x.array().isNaN().any();
}

// How the input splits, once the NaN case is excluded.
struct Shift {
  double max = -kInf;  ///< m = max_i x_i
  Index argmax = 0;    ///< first index attaining m
  Index n_pos_inf = 0;
};

Shift find_shift(const Vector& x) {
  Shift s;
  s.max = x.maxCoeff(&s.argmax);
  s.n_pos_inf = (x.array() == kInf).count();
  return s;
}

// Σ_{j≠argmax} exp(x_j − m) for a finite m: each term is in [0, 1], so no overflow, and the
// largest term (1) is left out so that log1p keeps full relative accuracy when the rest is tiny.
double tail_sum(const Vector& x, const Shift& s) {
  double sum = 0.0;
  for (Index j = 0; j < x.size(); ++j) {
    if (j != s.argmax) sum += std::exp(x[j] - s.max);
  }
  return sum;
}

}  // namespace

double log_sum_exp(const Vector& x) {
  require_nonempty(x, "log_sum_exp");
  if (has_nan(x)) return kNaN;
  const Shift s = find_shift(x);
  if (s.max == kInf || s.max == -kInf) return s.max;  // +inf dominates; all −inf is log(0)
  return s.max + std::log1p(tail_sum(x, s));
}

Vector softmax(const Vector& x) {
  require_nonempty(x, "softmax");
  const Index n = x.size();
  if (has_nan(x)) return Vector::Constant(n, kNaN);
  const Shift s = find_shift(x);
  if (s.max == kInf) {
    return (x.array() == kInf).cast<double>().matrix() / static_cast<double>(s.n_pos_inf);
  }
  if (s.max == -kInf) return Vector::Constant(n, 1.0 / static_cast<double>(n));
  Vector e(n);
  for (Index i = 0; i < n; ++i) e[i] = std::exp(x[i] - s.max);  // exp(−inf) = 0 exactly
  return e / e.sum();                                           // e.sum() >= 1 since e[argmax] = 1
}

Vector log_softmax(const Vector& x) {
  require_nonempty(x, "log_softmax");
  const Index n = x.size();
  if (has_nan(x)) return Vector::Constant(n, kNaN);
  const Shift s = find_shift(x);
  if (s.max == kInf) {
    const double log_share = -std::log(static_cast<double>(s.n_pos_inf));
    Vector out(n);
    for (Index i = 0; i < n; ++i) out[i] = x[i] == kInf ? log_share : -kInf;
    return out;
  }
  if (s.max == -kInf) return Vector::Constant(n, -std::log(static_cast<double>(n)));
  const double log_denominator = std::log1p(tail_sum(x, s));
  return (x.array() - s.max - log_denominator).matrix();
}

Vector naive_softmax(const Vector& x) {
  require_nonempty(x, "naive_softmax");
  Vector e(x.size());
  for (Index i = 0; i < x.size(); ++i) e[i] = std::exp(x[i]);
  return e / e.sum();
}

Vector naive_log_softmax(const Vector& x) {
  require_nonempty(x, "naive_log_softmax");
  Vector out = naive_softmax(x);
  for (Index i = 0; i < out.size(); ++i) out[i] = std::log(out[i]);
  return out;
}

}  // namespace minima
