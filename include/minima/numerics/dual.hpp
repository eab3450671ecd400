// Forward-mode dual numbers (Ceres calls them Jets): a value a and a vector of partial derivatives
// ∂a/∂xᵢ carried together, a + Σ ∂a/∂xᵢ εᵢ with εᵢεⱼ = 0. Every arithmetic operation and math
// function applies the chain rule, so evaluating a generic function on duals seeded with
// xᵢ + εᵢ gives f(x) and the exact gradient ∇f(x) (no truncation error, only rounding). Nesting,
// Dual<Dual<double>>, seeds both levels and gives the Hessian.
//
// Reference: Griewank & Walther, "Evaluating Derivatives" (2nd ed., SIAM 2008), ch. 3 (forward mode)
// and §3.4 (higher orders by nesting); Rall, "Automatic Differentiation" (LNCS 120, 1981); the
// design follows ceres-solver's include/ceres/jet.h.
//
// Dual<T, N, M>: derivative vectors have N entries; N = Eigen::Dynamic sizes them at run time, on the
// heap (M = Dynamic) or inside the dual with room for at most M entries (no allocation at all,
// without compiling one version per size). With a dynamic N a dual made from a plain number (a
// constant) has an EMPTY derivative vector, which every operation treats as zero: constants cost
// nothing and need not know n.
//
// Comparisons look at the value only (branches follow the primal computation). Functions are found
// by argument-dependent lookup, so generic code writes `using std::exp; exp(x)`.
#pragma once

#include <algorithm>
#include <cmath>
#include <numbers>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include "minima/core/error.hpp"

namespace minima {

template <class T, int N = Eigen::Dynamic, int M = N>
struct Dual;

template <class T>
struct is_dual : std::false_type {};
template <class T, int N, int M>
struct is_dual<Dual<T, N, M>> : std::true_type {};
template <class T>
inline constexpr bool is_dual_v = is_dual<T>::value;

template <class T, int N, int M>
bool isfinite(const Dual<T, N, M>& a);

namespace dual_detail {
inline bool is_exact_zero(double v);
template <class T, int N, int M>
bool is_exact_zero(const Dual<T, N, M>& v);
}  // namespace dual_detail

template <class T, int N, int M>
struct Dual {
  static_assert(N == Eigen::Dynamic || M == N, "a capacity M applies to a run-time size only");
  using Scalar = T;
  /// With N = Dynamic and a finite M, the derivative lives inside the dual (no heap) and holds up
  /// to M entries.
  using Derivative = Eigen::Matrix<T, N, 1, Eigen::ColMajor, M, 1>;
  static constexpr int size_at_compile_time = N;
  static constexpr int max_size_at_compile_time = M;

  T value;
  /// ∂value/∂xᵢ. Empty (dynamic N only) means all zero.
  Derivative derivative;

  Dual() : value(0) { zero_fixed_derivative(); }
  /// A constant: zero derivative.
  Dual(const T& v) : value(v) { zero_fixed_derivative(); }  // NOLINT: implicit, like a number
  /// A constant from any built-in number (needed for nested duals: 2.0 → Dual<Dual<double>>).
  template <class S>
  requires(std::is_arithmetic_v<S> && !std::is_same_v<S, T>) Dual(S v)
      : Dual(T(v)) {}  // NOLINT: implicit, like a number
  Dual(const T& v, Derivative d) : value(v), derivative(std::move(d)) {}

  /// The i-th of n independent variables, xᵢ + εᵢ (n defaults to N when N is fixed).
  static Dual variable(const T& v, Eigen::Index i, Eigen::Index n = N) {
    if (n < 0 || i < 0 || i >= n || (M != Eigen::Dynamic && n > M))
      throw InvalidArgument("Dual::variable: index " + std::to_string(i) + " of " + std::to_string(n) +
                            " variables" +
                            (M != Eigen::Dynamic ? " (capacity " + std::to_string(M) + ")" : ""));
    Dual d(v);
    d.derivative = Derivative::Unit(n, i);
    return d;
  }

  // In place: with dynamic N these reuse the derivative's memory (the binary operators below take
  // their left operand by value and call these, so chains of temporaries allocate once).
  Dual& operator+=(const Dual& b) {
    value += b.value;
    if (empty(b.derivative)) return *this;
    if (empty(derivative))
      derivative = b.derivative;
    else
      derivative += b.derivative;
    return *this;
  }
  Dual& operator-=(const Dual& b) {
    value -= b.value;
    if (empty(b.derivative)) return *this;
    if (empty(derivative))
      derivative = -b.derivative;
    else
      derivative -= b.derivative;
    return *this;
  }
  // (ab)' = a'b + ab'.
  Dual& operator*=(const Dual& b) {
    if (!finite(value) || !finite(b.value)) {
      derivative = careful_sum(derivative, b.value, b.derivative, value);
      value *= b.value;
      return *this;
    }
    if (empty(b.derivative))
      derivative *= b.value;
    else if (empty(derivative))
      derivative = b.derivative * value;
    else
      derivative = derivative * b.value + b.derivative * value;
    value *= b.value;
    return *this;
  }
  // (a/b)' = (a' − (a/b) b') / b. Divides rather than multiplying by 1/b: the value must equal
  // plain a/b bit for bit, and 1/b overflows for subnormal b (1e-300/1e-310 is 1e10, not inf).
  Dual& operator/=(const Dual& b) {
    const T q = value / b.value;
    if (!finite(q) || !finite(b.value) || dual_detail::is_exact_zero(b.value)) {
      derivative = careful_sum(derivative, T(1) / b.value, b.derivative, -q / b.value);
      value = q;
      return *this;
    }
    value = q;
    if (empty(b.derivative))
      derivative /= b.value;
    else if (empty(derivative))
      derivative = (b.derivative / b.value) * (-value);  // −q·b'/b; q/b alone may underflow
    else
      derivative = (derivative - b.derivative * value) / b.value;
    return *this;
  }
  Dual& operator+=(const T& s) {
    value += s;
    return *this;
  }
  Dual& operator-=(const T& s) {
    value -= s;
    return *this;
  }
  Dual& operator*=(const T& s) {
    if (!finite(s) || !finite(value))
      derivative = careful_sum(derivative, s, Derivative::Zero(derivative.size()), T(0));
    else
      derivative *= s;
    value *= s;
    return *this;
  }
  Dual& operator/=(const T& s) {
    if (!finite(s) || dual_detail::is_exact_zero(s) || !finite(value))
      derivative = careful_sum(derivative, T(1) / s, Derivative::Zero(derivative.size()), T(0));
    else
      derivative /= s;
    value /= s;
    return *this;
  }

 private:
  static bool finite(const T& v) {
    using std::isfinite;
    return isfinite(v);
  }
  // c·d + e·f entry by entry, where an exactly zero entry contributes 0 whatever its factor: with an
  // infinite or NaN factor (division by zero, an overflowed value) a quantity that does not move
  // keeps derivative 0 instead of inf·0 = NaN. Only the exceptional cases take this path.
  static Derivative careful_sum(const Derivative& d, const T& c, const Derivative& f, const T& e) {
    const Eigen::Index n = std::max(d.size(), f.size());
    Derivative out = Derivative::Zero(n);
    for (Eigen::Index i = 0; i < d.size(); ++i)
      if (!dual_detail::is_exact_zero(d[i])) out[i] = d[i] * c;
    for (Eigen::Index i = 0; i < f.size(); ++i)
      if (!dual_detail::is_exact_zero(f[i])) out[i] += f[i] * e;
    return out;
  }

  static bool empty(const Derivative& d) {
    if constexpr (N == Eigen::Dynamic)
      return d.size() == 0;
    else
      return false;
  }
  void zero_fixed_derivative() {
    if constexpr (N != Eigen::Dynamic) derivative.setZero();
  }
};

namespace dual_detail {

template <class T, int N, int M>
using Vec = Eigen::Matrix<T, N, 1, Eigen::ColMajor, M, 1>;

// Exactly zero at every level (value and all nested derivatives): such a derivative vector can be
// skipped without losing higher-order terms.
inline bool is_exact_zero(double v) {
  return v == 0.0;
}
inline bool is_exact_zero(float v) {
  return v == 0.0f;
}
inline bool is_exact_zero(long double v) {
  return v == 0.0L;
}
template <class T, int N, int M>
bool is_exact_zero(const Dual<T, N, M>& v);

template <class T, int N, int M>
bool is_zero_derivative(const Vec<T, N, M>& d) {
  for (Eigen::Index i = 0; i < d.size(); ++i)
    if (!is_exact_zero(d[i])) return false;
  return true;
}

template <class T, int N, int M>
bool is_exact_zero(const Dual<T, N, M>& v) {
  return is_exact_zero(v.value) && is_zero_derivative<T, N, M>(v.derivative);
}

// Equal to the number c with all derivatives exactly zero.
inline bool is_exact_constant(double v, double c) {
  return v == c;
}
inline bool is_exact_constant(float v, double c) {
  return v == c;
}
inline bool is_exact_constant(long double v, double c) {
  return v == c;
}
template <class T, int N, int M>
bool is_exact_constant(const Dual<T, N, M>& v, double c) {
  return is_exact_constant(v.value, c) && is_zero_derivative<T, N, M>(v.derivative);
}

// d·c where an exactly zero entry of d stays zero even for an infinite c: a quantity that does not
// move has derivative 0 through any function (√(0·x) at x = 1, (0^y)^0.75), never inf·0 = NaN.
// The entry-by-entry loop runs only when c is not finite.
template <class T, int N, int M>
void scale_derivative(Vec<T, N, M>& d, const T& c) {
  using std::isfinite;
  if (isfinite(c)) {
    d *= c;
    return;
  }
  for (Eigen::Index i = 0; i < d.size(); ++i)
    if (!is_exact_zero(d[i])) d[i] *= c;
}

// ca·a + cb·b, with an empty (dynamic, constant) vector standing for zero.
template <class T, int N, int M>
Vec<T, N, M> combine(const T& ca, const Vec<T, N, M>& a, const T& cb, const Vec<T, N, M>& b) {
  using std::isfinite;
  if (!isfinite(ca) || !isfinite(cb)) {
    Vec<T, N, M> sa = a, sb = b;
    scale_derivative<T, N, M>(sa, ca);
    scale_derivative<T, N, M>(sb, cb);
    if (sa.size() == 0) return sb;
    if (sb.size() == 0) return sa;
    return sa + sb;
  }
  if constexpr (N == Eigen::Dynamic) {
    if (a.size() == 0) return b * cb;
    if (b.size() == 0) return a * ca;
  }
  return a * ca + b * cb;
}

// f(a) with f'(a) given (computed from a.value beforehand): the chain rule for one argument.
// Takes a by value so that a temporary's derivative memory is reused.
template <class T, int N, int M>
Dual<T, N, M> chain(Dual<T, N, M> a, const T& f, const T& df) {
  scale_derivative<T, N, M>(a.derivative, df);
  a.value = f;
  return a;
}

}  // namespace dual_detail

// ----- arithmetic -----------------------------------------------------------------------------
// The left operand is taken by value: an rvalue (x*y + z) is updated in place.

template <class T, int N, int M>
Dual<T, N, M> operator+(const Dual<T, N, M>& a) {
  return a;
}
template <class T, int N, int M>
Dual<T, N, M> operator-(Dual<T, N, M> a) {
  a.value = -a.value;
  a.derivative = -a.derivative;
  return a;
}

template <class T, int N, int M>
Dual<T, N, M> operator+(Dual<T, N, M> a, const Dual<T, N, M>& b) {
  return a += b;
}
template <class T, int N, int M>
Dual<T, N, M> operator+(Dual<T, N, M> a, const std::type_identity_t<T>& s) {
  return a += s;
}
template <class T, int N, int M>
Dual<T, N, M> operator+(const std::type_identity_t<T>& s, Dual<T, N, M> a) {
  return a += s;
}

template <class T, int N, int M>
Dual<T, N, M> operator-(Dual<T, N, M> a, const Dual<T, N, M>& b) {
  return a -= b;
}
template <class T, int N, int M>
Dual<T, N, M> operator-(Dual<T, N, M> a, const std::type_identity_t<T>& s) {
  return a -= s;
}
template <class T, int N, int M>
Dual<T, N, M> operator-(const std::type_identity_t<T>& s, Dual<T, N, M> a) {
  a.value = s - a.value;
  a.derivative = -a.derivative;
  return a;
}

template <class T, int N, int M>
Dual<T, N, M> operator*(Dual<T, N, M> a, const Dual<T, N, M>& b) {
  return a *= b;
}
template <class T, int N, int M>
Dual<T, N, M> operator*(Dual<T, N, M> a, const std::type_identity_t<T>& s) {
  return a *= s;
}
template <class T, int N, int M>
Dual<T, N, M> operator*(const std::type_identity_t<T>& s, Dual<T, N, M> a) {
  return a *= s;
}

template <class T, int N, int M>
Dual<T, N, M> operator/(Dual<T, N, M> a, const Dual<T, N, M>& b) {
  return a /= b;
}
template <class T, int N, int M>
Dual<T, N, M> operator/(Dual<T, N, M> a, const std::type_identity_t<T>& s) {
  return a /= s;
}
// (s/a)' = −(s/a)·a'/a.
template <class T, int N, int M>
Dual<T, N, M> operator/(const std::type_identity_t<T>& s, Dual<T, N, M> a) {
  const T q = s / a.value;
  const T c = -q / a.value;
  if (c == T(0) && q != T(0)) {
    // q/a underflowed (1/w for w = 1e174 has derivative −w'/w², about 1e-170 for w' = 1e178, but
    // q/w = 1e-348 is 0): divide first, then scale.
    a.derivative /= a.value;
    a.derivative *= -q;
  } else {
    dual_detail::scale_derivative<T, N, M>(a.derivative, c);
  }
  a.value = q;
  return a;
}

// ----- comparisons (by value) ------------------------------------------------------------------

#define MINIMA_DUAL_COMPARISON(op)                                             \
  template <class T, int N, int M>                                             \
  bool operator op(const Dual<T, N, M>& a, const Dual<T, N, M>& b) {           \
    return a.value op b.value;                                                 \
  }                                                                            \
  template <class T, int N, int M>                                             \
  bool operator op(const Dual<T, N, M>& a, const std::type_identity_t<T>& s) { \
    return a.value op s;                                                       \
  }                                                                            \
  template <class T, int N, int M>                                             \
  bool operator op(const std::type_identity_t<T>& s, const Dual<T, N, M>& a) { \
    return s op a.value;                                                       \
  }
MINIMA_DUAL_COMPARISON(==)
MINIMA_DUAL_COMPARISON(!=)
MINIMA_DUAL_COMPARISON(<)
MINIMA_DUAL_COMPARISON(<=)
MINIMA_DUAL_COMPARISON(>)
MINIMA_DUAL_COMPARISON(>=)
#undef MINIMA_DUAL_COMPARISON

// ----- elementary functions ----------------------------------------------------------------------

// The std overloads join the dual ones in namespace minima (as Ceres does in jet.h), so that a
// generic lambda written inside namespace minima can call pow(x, 2) on a plain double too: the
// dual templates would otherwise hide the global C functions.
using std::abs;
using std::acos;
using std::asin;
using std::atan;
using std::atan2;
using std::cbrt;
using std::cos;
using std::cosh;
using std::erf;
using std::erfc;
using std::exp;
using std::expm1;
using std::fabs;
using std::fmax;
using std::fmin;
using std::hypot;
using std::isfinite;
using std::isinf;
using std::isnan;
using std::log;
using std::log10;
using std::log1p;
using std::log2;
using std::pow;
using std::sin;
using std::sinh;
using std::sqrt;
using std::tan;
using std::tanh;

template <class T, int N, int M>
Dual<T, N, M> exp(Dual<T, N, M> a) {
  using std::exp;
  const T e = exp(a.value);
  return dual_detail::chain(std::move(a), e, e);
}
template <class T, int N, int M>
Dual<T, N, M> expm1(Dual<T, N, M> a) {
  using std::exp;
  using std::expm1;
  const T f = expm1(a.value);
  const T df = exp(a.value);
  return dual_detail::chain(std::move(a), f, df);
}
template <class T, int N, int M>
Dual<T, N, M> log(Dual<T, N, M> a) {
  using std::log;
  const T f = log(a.value);
  const T df = T(1) / a.value;
  return dual_detail::chain(std::move(a), f, df);
}
template <class T, int N, int M>
Dual<T, N, M> log1p(Dual<T, N, M> a) {
  using std::log1p;
  const T f = log1p(a.value);
  const T df = T(1) / (T(1) + a.value);
  return dual_detail::chain(std::move(a), f, df);
}
template <class T, int N, int M>
Dual<T, N, M> log10(Dual<T, N, M> a) {
  using std::log10;
  const T f = log10(a.value);
  const T df = T(1) / (a.value * std::numbers::ln10);
  return dual_detail::chain(std::move(a), f, df);
}
template <class T, int N, int M>
Dual<T, N, M> log2(Dual<T, N, M> a) {
  using std::log2;
  const T f = log2(a.value);
  const T df = T(1) / (a.value * std::numbers::ln2);
  return dual_detail::chain(std::move(a), f, df);
}
template <class T, int N, int M>
Dual<T, N, M> sqrt(Dual<T, N, M> a) {
  using std::sqrt;
  const T s = sqrt(a.value);
  const T df = T(0.5) / s;
  return dual_detail::chain(std::move(a), s, df);
}
template <class T, int N, int M>
Dual<T, N, M> cbrt(Dual<T, N, M> a) {
  using std::cbrt;
  const T c = cbrt(a.value);
  const T df = T(1) / (T(3) * c * c);
  return dual_detail::chain(std::move(a), c, df);
}

template <class T, int N, int M>
Dual<T, N, M> sin(Dual<T, N, M> a) {
  using std::cos;
  using std::sin;
  const T f = sin(a.value);
  const T df = cos(a.value);
  return dual_detail::chain(std::move(a), f, df);
}
template <class T, int N, int M>
Dual<T, N, M> cos(Dual<T, N, M> a) {
  using std::cos;
  using std::sin;
  const T f = cos(a.value);
  const T df = -sin(a.value);
  return dual_detail::chain(std::move(a), f, df);
}
template <class T, int N, int M>
Dual<T, N, M> tan(Dual<T, N, M> a) {
  using std::tan;
  const T t = tan(a.value);
  const T df = T(1) + t * t;
  return dual_detail::chain(std::move(a), t, df);
}
template <class T, int N, int M>
Dual<T, N, M> asin(Dual<T, N, M> a) {
  using std::asin;
  using std::sqrt;
  const T f = asin(a.value);
  const T df = T(1) / sqrt(T(1) - a.value * a.value);
  return dual_detail::chain(std::move(a), f, df);
}
template <class T, int N, int M>
Dual<T, N, M> acos(Dual<T, N, M> a) {
  using std::acos;
  using std::sqrt;
  const T f = acos(a.value);
  const T df = T(-1) / sqrt(T(1) - a.value * a.value);
  return dual_detail::chain(std::move(a), f, df);
}
template <class T, int N, int M>
Dual<T, N, M> atan(Dual<T, N, M> a) {
  using std::atan;
  const T f = atan(a.value);
  const T df = T(1) / (T(1) + a.value * a.value);
  return dual_detail::chain(std::move(a), f, df);
}
// atan2(y, x) = arg(x + iy): ∂/∂y = x/(x²+y²), ∂/∂x = −y/(x²+y²).
template <class T, int N, int M>
Dual<T, N, M> atan2(const Dual<T, N, M>& y, const Dual<T, N, M>& x) {
  using std::atan2;
  const T inv = T(1) / (x.value * x.value + y.value * y.value);
  return Dual<T, N, M>(atan2(y.value, x.value), dual_detail::combine<T, N, M>(x.value * inv, y.derivative,
                                                                              -y.value * inv, x.derivative));
}
template <class T, int N, int M>
Dual<T, N, M> atan2(const Dual<T, N, M>& y, const std::type_identity_t<T>& x) {
  return atan2(y, Dual<T, N, M>(x));
}
template <class T, int N, int M>
Dual<T, N, M> atan2(const std::type_identity_t<T>& y, const Dual<T, N, M>& x) {
  return atan2(Dual<T, N, M>(y), x);
}
// hypot(a, b) = √(a²+b²) without overflow: ∂/∂a = a/h.
template <class T, int N, int M>
Dual<T, N, M> hypot(const Dual<T, N, M>& a, const Dual<T, N, M>& b) {
  using std::hypot;
  const T h = hypot(a.value, b.value);
  return Dual<T, N, M>(h,
                       dual_detail::combine<T, N, M>(a.value / h, a.derivative, b.value / h, b.derivative));
}

template <class T, int N, int M>
Dual<T, N, M> sinh(Dual<T, N, M> a) {
  using std::cosh;
  using std::sinh;
  const T f = sinh(a.value);
  const T df = cosh(a.value);
  return dual_detail::chain(std::move(a), f, df);
}
template <class T, int N, int M>
Dual<T, N, M> cosh(Dual<T, N, M> a) {
  using std::cosh;
  using std::sinh;
  const T f = cosh(a.value);
  const T df = sinh(a.value);
  return dual_detail::chain(std::move(a), f, df);
}
template <class T, int N, int M>
Dual<T, N, M> tanh(Dual<T, N, M> a) {
  using std::tanh;
  const T t = tanh(a.value);
  const T df = T(1) - t * t;
  return dual_detail::chain(std::move(a), t, df);
}

// erf'(a) = 2/√π · exp(−a²).
template <class T, int N, int M>
Dual<T, N, M> erf(Dual<T, N, M> a) {
  using std::erf;
  using std::exp;
  const T f = erf(a.value);
  const T df = T(2 * std::numbers::inv_sqrtpi) * exp(-(a.value * a.value));
  return dual_detail::chain(std::move(a), f, df);
}
template <class T, int N, int M>
Dual<T, N, M> erfc(Dual<T, N, M> a) {
  using std::erfc;
  using std::exp;
  const T f = erfc(a.value);
  const T df = T(-2 * std::numbers::inv_sqrtpi) * exp(-(a.value * a.value));
  return dual_detail::chain(std::move(a), f, df);
}

// |a|: the derivative at 0 is taken from the right (+a'), as Ceres does.
template <class T, int N, int M>
Dual<T, N, M> abs(Dual<T, N, M> a) {
  if (a.value < T(0)) {
    a.value = -a.value;
    a.derivative = -a.derivative;
  }
  return a;
}
template <class T, int N, int M>
Dual<T, N, M> fabs(Dual<T, N, M> a) {
  return abs(std::move(a));
}
// min/max pick one operand whole (ties: the first), so derivatives follow the chosen branch.
template <class T, int N, int M>
Dual<T, N, M> fmin(const Dual<T, N, M>& a, const Dual<T, N, M>& b) {
  return b.value < a.value ? b : a;
}
template <class T, int N, int M>
Dual<T, N, M> fmax(const Dual<T, N, M>& a, const Dual<T, N, M>& b) {
  return a.value < b.value ? b : a;
}

// ----- powers ----------------------------------------------------------------------------------
// a^b with a constant exponent: b·a^(b−1)·a'. No logarithm is taken, so integer powers of negative
// numbers work (x² at x = −3 has derivative −6) and x² at 0 has derivative 0; b = 0 gives the
// constant 1. b = 2, the commonest case, skips std::pow.
template <class T, int N, int M>
Dual<T, N, M> pow(Dual<T, N, M> a, const std::type_identity_t<T>& b) {
  using std::pow;
  if (dual_detail::is_exact_constant(b, 2.0)) {
    // The value through pow itself, as plain code computes pow(x, 2): glibc's pow is not always the
    // correctly rounded x·x, and the dual value must equal the plain one bit for bit.
    const T twice = a.value + a.value;
    a.value = pow(a.value, b);
    a.derivative *= twice;
    return a;
  }
  if (dual_detail::is_exact_zero(b)) return Dual<T, N, M>(pow(a.value, b));
  // An infinite exponent (a folded 1/0) makes a^b locally constant (0 or inf) wherever |a| ≠ 1:
  // b·a^(b−1) would be inf·0 = NaN.
  using std::abs;
  using std::isinf;
  if (isinf(b) && abs(a.value) != T(1)) return Dual<T, N, M>(pow(a.value, b));
  const T v = pow(a.value, b);
  const T df = b * pow(a.value, b - T(1));
  return dual_detail::chain(std::move(a), v, df);
}
// Any other arithmetic exponent (an int, or a double on a nested Dual<Dual<double>>) converts to T
// here. Without this template, pow(Dual<Dual>, 2.5) would resolve to an int overload by the
// standard double→int conversion, truncating the exponent (the nested-dual Hessian of x^1.5 came
// out as that of x^1).
template <class T, int N, int M, class S>
requires(std::is_arithmetic_v<S> && !std::is_same_v<S, T>) Dual<T, N, M> pow(Dual<T, N, M> a, S b) {
  return pow(std::move(a), T(b));
}
// a^b with a constant base: a^b·ln(a)·b'. At a = 0 with b > 0 the limit of a^b·ln a is 0.
template <class T, int N, int M>
Dual<T, N, M> pow(const std::type_identity_t<T>& a, Dual<T, N, M> b) {
  using std::log;
  using std::pow;
  const T v = pow(a, b.value);
  if (dual_detail::is_exact_zero(a) && b.value > T(0)) return Dual<T, N, M>(v);
  const T df = v * log(a);
  return dual_detail::chain(std::move(b), v, df);
}
// a^b with both varying: ∂/∂a = b·a^(b−1), ∂/∂b = a^b·ln a. An exponent (or base) whose derivative
// is exactly zero takes the constant branch above, so 'x^2' on duals still works for x < 0.
template <class T, int N, int M>
Dual<T, N, M> pow(Dual<T, N, M> a, Dual<T, N, M> b) {
  using std::log;
  using std::pow;
  if (dual_detail::is_zero_derivative<T, N, M>(b.derivative)) return pow(std::move(a), b.value);
  if (dual_detail::is_zero_derivative<T, N, M>(a.derivative)) return pow(a.value, std::move(b));
  const T v = pow(a.value, b.value);
  const T da = b.value * pow(a.value, b.value - T(1));
  const T db = (dual_detail::is_exact_zero(a.value) && b.value > T(0)) ? T(0) : v * log(a.value);
  return Dual<T, N, M>(v, dual_detail::combine<T, N, M>(da, a.derivative, db, b.derivative));
}

// ----- classification (on the value) -----------------------------------------------------------

template <class T, int N, int M>
bool isfinite(const Dual<T, N, M>& a) {
  using std::isfinite;
  return isfinite(a.value);
}
template <class T, int N, int M>
bool isnan(const Dual<T, N, M>& a) {
  using std::isnan;
  return isnan(a.value);
}
template <class T, int N, int M>
bool isinf(const Dual<T, N, M>& a) {
  using std::isinf;
  return isinf(a.value);
}

/// The innermost double of a (possibly nested) dual.
inline double primal(double v) {
  return v;
}
template <class T, int N, int M>
double primal(const Dual<T, N, M>& a) {
  return primal(a.value);
}

template <class T, int N, int M>
std::ostream& operator<<(std::ostream& os, const Dual<T, N, M>& a) {
  os << a.value << " [";
  for (Eigen::Index i = 0; i < a.derivative.size(); ++i) os << (i ? ", " : "") << a.derivative[i];
  return os << "]";
}

}  // namespace minima

// Lets Eigen hold duals in its matrices (x.squaredNorm(), A * x, ...), as Ceres does for Jet.
namespace Eigen {

template <class T, int N, int M>
struct NumTraits<minima::Dual<T, N, M>> : GenericNumTraits<minima::Dual<T, N, M>> {
  using Real = minima::Dual<T, N, M>;
  using NonInteger = minima::Dual<T, N, M>;
  using Nested = minima::Dual<T, N, M>;
  using Literal = minima::Dual<T, N, M>;
  enum {
    IsComplex = 0,
    IsInteger = 0,
    IsSigned = 1,
    RequireInitialization = 1,
    ReadCost = (N == Dynamic ? 8 : N + 1) * NumTraits<T>::ReadCost,
    AddCost = (N == Dynamic ? 8 : N + 1) * NumTraits<T>::AddCost,
    MulCost = (N == Dynamic ? 8 : 2 * N + 1) * NumTraits<T>::MulCost
  };
  static Real epsilon() { return Real(NumTraits<T>::epsilon()); }
  static Real dummy_precision() { return Real(NumTraits<T>::dummy_precision()); }
  static Real highest() { return Real(NumTraits<T>::highest()); }
  static Real lowest() { return Real(NumTraits<T>::lowest()); }
  static Real infinity() { return Real(NumTraits<T>::infinity()); }
  static Real quiet_NaN() { return Real(NumTraits<T>::quiet_NaN()); }
  static int digits10() { return NumTraits<T>::digits10(); }
};

template <class T, int N, int M, class BinaryOp>
struct ScalarBinaryOpTraits<minima::Dual<T, N, M>, T, BinaryOp> {
  using ReturnType = minima::Dual<T, N, M>;
};
template <class T, int N, int M, class BinaryOp>
struct ScalarBinaryOpTraits<T, minima::Dual<T, N, M>, BinaryOp> {
  using ReturnType = minima::Dual<T, N, M>;
};

}  // namespace Eigen
