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
// Derivative vectors have N entries; N = Eigen::Dynamic sizes them at run time. With a dynamic N a
// dual made from a plain number (a constant) has an EMPTY derivative vector, which every operation
// treats as zero: constants cost no allocation and need not know n.
//
// Comparisons look at the value only (branches follow the primal computation). Functions are found
// by argument-dependent lookup, so generic code writes `using std::exp; exp(x)`.
#pragma once

#include <cmath>
#include <numbers>
#include <ostream>
#include <type_traits>
#include <utility>

#include <Eigen/Core>

namespace minima {

template <class T, int N = Eigen::Dynamic>
struct Dual;

template <class T>
struct is_dual : std::false_type {};
template <class T, int N>
struct is_dual<Dual<T, N>> : std::true_type {};
template <class T>
inline constexpr bool is_dual_v = is_dual<T>::value;

template <class T, int N>
struct Dual {
  using Scalar = T;
  using Derivative = Eigen::Matrix<T, N, 1>;
  static constexpr int size_at_compile_time = N;

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
    Dual d(v);
    d.derivative = Derivative::Unit(n, i);
    return d;
  }

  Dual& operator+=(const Dual& b) { return *this = *this + b; }
  Dual& operator-=(const Dual& b) { return *this = *this - b; }
  Dual& operator*=(const Dual& b) { return *this = *this * b; }
  Dual& operator/=(const Dual& b) { return *this = *this / b; }
  Dual& operator+=(const T& s) {
    value += s;
    return *this;
  }
  Dual& operator-=(const T& s) {
    value -= s;
    return *this;
  }
  Dual& operator*=(const T& s) {
    value *= s;
    derivative *= s;
    return *this;
  }
  Dual& operator/=(const T& s) {
    value /= s;
    derivative /= s;
    return *this;
  }

 private:
  void zero_fixed_derivative() {
    if constexpr (N != Eigen::Dynamic) derivative.setZero();
  }
};

namespace dual_detail {

template <class T, int N>
using Vec = Eigen::Matrix<T, N, 1>;

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
template <class T, int N>
bool is_exact_zero(const Dual<T, N>& v);

template <class T, int N>
bool is_zero_derivative(const Vec<T, N>& d) {
  for (Eigen::Index i = 0; i < d.size(); ++i)
    if (!is_exact_zero(d[i])) return false;
  return true;
}

template <class T, int N>
bool is_exact_zero(const Dual<T, N>& v) {
  return is_exact_zero(v.value) && is_zero_derivative<T, N>(v.derivative);
}

// a + b, a − b, ca·a + cb·b, with an empty (dynamic, constant) vector standing for zero.
template <class T, int N>
Vec<T, N> add(const Vec<T, N>& a, const Vec<T, N>& b) {
  if constexpr (N == Eigen::Dynamic) {
    if (a.size() == 0) return b;
    if (b.size() == 0) return a;
  }
  return a + b;
}
template <class T, int N>
Vec<T, N> subtract(const Vec<T, N>& a, const Vec<T, N>& b) {
  if constexpr (N == Eigen::Dynamic) {
    if (a.size() == 0) return -b;
    if (b.size() == 0) return a;
  }
  return a - b;
}
template <class T, int N>
Vec<T, N> combine(const T& ca, const Vec<T, N>& a, const T& cb, const Vec<T, N>& b) {
  if constexpr (N == Eigen::Dynamic) {
    if (a.size() == 0) return b * cb;
    if (b.size() == 0) return a * ca;
  }
  return a * ca + b * cb;
}

// f(a) with f'(a) given: the chain rule for a function of one argument.
template <class T, int N>
Dual<T, N> chain(const Dual<T, N>& a, const T& f, const T& df) {
  return Dual<T, N>(f, a.derivative * df);
}

}  // namespace dual_detail

// ----- arithmetic -----------------------------------------------------------------------------

template <class T, int N>
Dual<T, N> operator+(const Dual<T, N>& a) {
  return a;
}
template <class T, int N>
Dual<T, N> operator-(const Dual<T, N>& a) {
  return Dual<T, N>(-a.value, -a.derivative);
}

template <class T, int N>
Dual<T, N> operator+(const Dual<T, N>& a, const Dual<T, N>& b) {
  return Dual<T, N>(a.value + b.value, dual_detail::add<T, N>(a.derivative, b.derivative));
}
template <class T, int N>
Dual<T, N> operator+(const Dual<T, N>& a, const std::type_identity_t<T>& s) {
  return Dual<T, N>(a.value + s, a.derivative);
}
template <class T, int N>
Dual<T, N> operator+(const std::type_identity_t<T>& s, const Dual<T, N>& a) {
  return Dual<T, N>(s + a.value, a.derivative);
}

template <class T, int N>
Dual<T, N> operator-(const Dual<T, N>& a, const Dual<T, N>& b) {
  return Dual<T, N>(a.value - b.value, dual_detail::subtract<T, N>(a.derivative, b.derivative));
}
template <class T, int N>
Dual<T, N> operator-(const Dual<T, N>& a, const std::type_identity_t<T>& s) {
  return Dual<T, N>(a.value - s, a.derivative);
}
template <class T, int N>
Dual<T, N> operator-(const std::type_identity_t<T>& s, const Dual<T, N>& a) {
  return Dual<T, N>(s - a.value, -a.derivative);
}

template <class T, int N>
Dual<T, N> operator*(const Dual<T, N>& a, const Dual<T, N>& b) {
  return Dual<T, N>(a.value * b.value,
                    dual_detail::combine<T, N>(b.value, a.derivative, a.value, b.derivative));
}
template <class T, int N>
Dual<T, N> operator*(const Dual<T, N>& a, const std::type_identity_t<T>& s) {
  return Dual<T, N>(a.value * s, a.derivative * s);
}
template <class T, int N>
Dual<T, N> operator*(const std::type_identity_t<T>& s, const Dual<T, N>& a) {
  return Dual<T, N>(s * a.value, a.derivative * s);
}

// (a/b)' = (a' − (a/b) b') / b.
template <class T, int N>
Dual<T, N> operator/(const Dual<T, N>& a, const Dual<T, N>& b) {
  const T inv = T(1) / b.value;
  const T q = a.value * inv;
  return Dual<T, N>(q, dual_detail::combine<T, N>(inv, a.derivative, -q * inv, b.derivative));
}
template <class T, int N>
Dual<T, N> operator/(const Dual<T, N>& a, const std::type_identity_t<T>& s) {
  const T inv = T(1) / s;
  return Dual<T, N>(a.value * inv, a.derivative * inv);
}
template <class T, int N>
Dual<T, N> operator/(const std::type_identity_t<T>& s, const Dual<T, N>& a) {
  const T q = s / a.value;
  return Dual<T, N>(q, a.derivative * (-q / a.value));
}

// ----- comparisons (by value) ------------------------------------------------------------------

#define MINIMA_DUAL_COMPARISON(op)                                          \
  template <class T, int N>                                                 \
  bool operator op(const Dual<T, N>& a, const Dual<T, N>& b) {              \
    return a.value op b.value;                                              \
  }                                                                         \
  template <class T, int N>                                                 \
  bool operator op(const Dual<T, N>& a, const std::type_identity_t<T>& s) { \
    return a.value op s;                                                    \
  }                                                                         \
  template <class T, int N>                                                 \
  bool operator op(const std::type_identity_t<T>& s, const Dual<T, N>& a) { \
    return s op a.value;                                                    \
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

template <class T, int N>
Dual<T, N> exp(const Dual<T, N>& a) {
  using std::exp;
  const T e = exp(a.value);
  return dual_detail::chain(a, e, e);
}
template <class T, int N>
Dual<T, N> expm1(const Dual<T, N>& a) {
  using std::exp;
  using std::expm1;
  return dual_detail::chain(a, expm1(a.value), exp(a.value));
}
template <class T, int N>
Dual<T, N> log(const Dual<T, N>& a) {
  using std::log;
  return dual_detail::chain(a, log(a.value), T(1) / a.value);
}
template <class T, int N>
Dual<T, N> log1p(const Dual<T, N>& a) {
  using std::log1p;
  return dual_detail::chain(a, log1p(a.value), T(1) / (T(1) + a.value));
}
template <class T, int N>
Dual<T, N> log10(const Dual<T, N>& a) {
  using std::log10;
  return dual_detail::chain(a, log10(a.value), T(1) / (a.value * std::numbers::ln10));
}
template <class T, int N>
Dual<T, N> log2(const Dual<T, N>& a) {
  using std::log2;
  return dual_detail::chain(a, log2(a.value), T(1) / (a.value * std::numbers::ln2));
}
template <class T, int N>
Dual<T, N> sqrt(const Dual<T, N>& a) {
  using std::sqrt;
  const T s = sqrt(a.value);
  return dual_detail::chain(a, s, T(0.5) / s);
}
template <class T, int N>
Dual<T, N> cbrt(const Dual<T, N>& a) {
  using std::cbrt;
  const T c = cbrt(a.value);
  return dual_detail::chain(a, c, T(1) / (T(3) * c * c));
}

template <class T, int N>
Dual<T, N> sin(const Dual<T, N>& a) {
  using std::cos;
  using std::sin;
  return dual_detail::chain(a, sin(a.value), cos(a.value));
}
template <class T, int N>
Dual<T, N> cos(const Dual<T, N>& a) {
  using std::cos;
  using std::sin;
  return dual_detail::chain(a, cos(a.value), -sin(a.value));
}
template <class T, int N>
Dual<T, N> tan(const Dual<T, N>& a) {
  using std::tan;
  const T t = tan(a.value);
  return dual_detail::chain(a, t, T(1) + t * t);
}
template <class T, int N>
Dual<T, N> asin(const Dual<T, N>& a) {
  using std::asin;
  using std::sqrt;
  return dual_detail::chain(a, asin(a.value), T(1) / sqrt(T(1) - a.value * a.value));
}
template <class T, int N>
Dual<T, N> acos(const Dual<T, N>& a) {
  using std::acos;
  using std::sqrt;
  return dual_detail::chain(a, acos(a.value), T(-1) / sqrt(T(1) - a.value * a.value));
}
template <class T, int N>
Dual<T, N> atan(const Dual<T, N>& a) {
  using std::atan;
  return dual_detail::chain(a, atan(a.value), T(1) / (T(1) + a.value * a.value));
}
// atan2(y, x) = arg(x + iy): ∂/∂y = x/(x²+y²), ∂/∂x = −y/(x²+y²).
template <class T, int N>
Dual<T, N> atan2(const Dual<T, N>& y, const Dual<T, N>& x) {
  using std::atan2;
  const T inv = T(1) / (x.value * x.value + y.value * y.value);
  return Dual<T, N>(atan2(y.value, x.value),
                    dual_detail::combine<T, N>(x.value * inv, y.derivative, -y.value * inv, x.derivative));
}
template <class T, int N>
Dual<T, N> atan2(const Dual<T, N>& y, const std::type_identity_t<T>& x) {
  return atan2(y, Dual<T, N>(x));
}
template <class T, int N>
Dual<T, N> atan2(const std::type_identity_t<T>& y, const Dual<T, N>& x) {
  return atan2(Dual<T, N>(y), x);
}
// hypot(a, b) = √(a²+b²) without overflow: ∂/∂a = a/h.
template <class T, int N>
Dual<T, N> hypot(const Dual<T, N>& a, const Dual<T, N>& b) {
  using std::hypot;
  const T h = hypot(a.value, b.value);
  return Dual<T, N>(h, dual_detail::combine<T, N>(a.value / h, a.derivative, b.value / h, b.derivative));
}

template <class T, int N>
Dual<T, N> sinh(const Dual<T, N>& a) {
  using std::cosh;
  using std::sinh;
  return dual_detail::chain(a, sinh(a.value), cosh(a.value));
}
template <class T, int N>
Dual<T, N> cosh(const Dual<T, N>& a) {
  using std::cosh;
  using std::sinh;
  return dual_detail::chain(a, cosh(a.value), sinh(a.value));
}
template <class T, int N>
Dual<T, N> tanh(const Dual<T, N>& a) {
  using std::tanh;
  const T t = tanh(a.value);
  return dual_detail::chain(a, t, T(1) - t * t);
}

// erf'(a) = 2/√π · exp(−a²).
template <class T, int N>
Dual<T, N> erf(const Dual<T, N>& a) {
  using std::erf;
  using std::exp;
  return dual_detail::chain(a, erf(a.value), T(2 * std::numbers::inv_sqrtpi) * exp(-(a.value * a.value)));
}
template <class T, int N>
Dual<T, N> erfc(const Dual<T, N>& a) {
  using std::erfc;
  using std::exp;
  return dual_detail::chain(a, erfc(a.value), T(-2 * std::numbers::inv_sqrtpi) * exp(-(a.value * a.value)));
}

// |a|: the derivative at 0 is taken from the right (+a'), as Ceres does.
template <class T, int N>
Dual<T, N> abs(const Dual<T, N>& a) {
  return a.value < T(0) ? -a : a;
}
template <class T, int N>
Dual<T, N> fabs(const Dual<T, N>& a) {
  return abs(a);
}
// min/max pick one operand whole (ties: the first), so derivatives follow the chosen branch.
template <class T, int N>
Dual<T, N> fmin(const Dual<T, N>& a, const Dual<T, N>& b) {
  return b.value < a.value ? b : a;
}
template <class T, int N>
Dual<T, N> fmax(const Dual<T, N>& a, const Dual<T, N>& b) {
  return a.value < b.value ? b : a;
}

// ----- powers ----------------------------------------------------------------------------------
// a^b with a constant exponent: b·a^(b−1)·a'. No logarithm is taken, so integer powers of negative
// numbers work (x² at x = −3 has derivative −6) and x² at 0 has derivative 0; b = 0 gives the
// constant 1.
template <class T, int N>
Dual<T, N> pow(const Dual<T, N>& a, const std::type_identity_t<T>& b) {
  using std::pow;
  Dual<T, N> r(pow(a.value, b));
  if (!dual_detail::is_exact_zero(b)) r.derivative = a.derivative * (b * pow(a.value, b - T(1)));
  return r;
}
template <class T, int N>
Dual<T, N> pow(const Dual<T, N>& a, int b) {
  return pow(a, T(b));
}
// a^b with a constant base: a^b·ln(a)·b'. At a = 0 with b > 0 the limit of a^b·ln a is 0.
template <class T, int N>
Dual<T, N> pow(const std::type_identity_t<T>& a, const Dual<T, N>& b) {
  using std::log;
  using std::pow;
  const T v = pow(a, b.value);
  if (dual_detail::is_exact_zero(a) && b.value > T(0)) return Dual<T, N>(v);
  return dual_detail::chain(b, v, v * log(a));
}
// a^b with both varying: ∂/∂a = b·a^(b−1), ∂/∂b = a^b·ln a. An exponent (or base) whose derivative
// is exactly zero takes the constant branch above, so 'x^2' on duals still works for x < 0.
template <class T, int N>
Dual<T, N> pow(const Dual<T, N>& a, const Dual<T, N>& b) {
  using std::log;
  using std::pow;
  if (dual_detail::is_zero_derivative<T, N>(b.derivative)) return pow(a, b.value);
  if (dual_detail::is_zero_derivative<T, N>(a.derivative)) return pow(a.value, b);
  const T v = pow(a.value, b.value);
  const T da = b.value * pow(a.value, b.value - T(1));
  const T db = (dual_detail::is_exact_zero(a.value) && b.value > T(0)) ? T(0) : v * log(a.value);
  return Dual<T, N>(v, dual_detail::combine<T, N>(da, a.derivative, db, b.derivative));
}

// ----- classification (on the value) -----------------------------------------------------------

template <class T, int N>
bool isfinite(const Dual<T, N>& a) {
  using std::isfinite;
  return isfinite(a.value);
}
template <class T, int N>
bool isnan(const Dual<T, N>& a) {
  using std::isnan;
  return isnan(a.value);
}
template <class T, int N>
bool isinf(const Dual<T, N>& a) {
  using std::isinf;
  return isinf(a.value);
}

/// The innermost double of a (possibly nested) dual.
inline double primal(double v) {
  return v;
}
template <class T, int N>
double primal(const Dual<T, N>& a) {
  return primal(a.value);
}

template <class T, int N>
std::ostream& operator<<(std::ostream& os, const Dual<T, N>& a) {
  os << a.value << " [";
  for (Eigen::Index i = 0; i < a.derivative.size(); ++i) os << (i ? ", " : "") << a.derivative[i];
  return os << "]";
}

}  // namespace minima

// Lets Eigen hold duals in its matrices (x.squaredNorm(), A * x, ...), as Ceres does for Jet.
namespace Eigen {

template <class T, int N>
struct NumTraits<minima::Dual<T, N>> : GenericNumTraits<minima::Dual<T, N>> {
  using Real = minima::Dual<T, N>;
  using NonInteger = minima::Dual<T, N>;
  using Nested = minima::Dual<T, N>;
  using Literal = minima::Dual<T, N>;
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

template <class T, int N, class BinaryOp>
struct ScalarBinaryOpTraits<minima::Dual<T, N>, T, BinaryOp> {
  using ReturnType = minima::Dual<T, N>;
};
template <class T, int N, class BinaryOp>
struct ScalarBinaryOpTraits<T, minima::Dual<T, N>, BinaryOp> {
  using ReturnType = minima::Dual<T, N>;
};

}  // namespace Eigen
