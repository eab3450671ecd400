// Exact derivatives of a generic function by forward-mode dual numbers (numerics/dual.hpp).
//
//   auto f = [](const auto& x) { return 100 * pow(x[1] - x[0] * x[0], 2) + pow(1 - x[0], 2); };
//   Objective obj = autodiff(f);          // value, exact gradient and Hessian
//   Objective fast = autodiff<2>(f);      // derivative vectors of fixed size 2
//
// f takes an Eigen column vector Eigen::Matrix<S, Eigen::Dynamic, 1> of some scalar type S (double,
// a Dual, a Dual of Duals) and returns an S. The gradient costs one evaluation on duals with n
// derivative entries (≈ n+1 plain evaluations); the Hessian one on nested duals (≈ n² work).
//
// Sizes: autodiff<N> compiles the derivative size in (fastest; x must have N entries). Without N,
// derivatives are sized at run time but stored inside the duals while n is small (gradient n ≤ 16,
// Hessian n ≤ 8: no heap allocation per operation), and on the heap beyond. f is compiled for
// these few dual types only, never once per n.
//
// Reference: Griewank & Walther, "Evaluating Derivatives" (2nd ed., SIAM 2008), ch. 3 and §3.4;
// Ceres Solver's AutoDiffCostFunction (include/ceres/autodiff_cost_function.h).
#pragma once

#include <string>
#include <type_traits>
#include <utility>

#include "minima/core/error.hpp"
#include "minima/core/objective.hpp"
#include "minima/core/types.hpp"
#include "minima/numerics/dual.hpp"

namespace minima {

namespace autodiff_detail {

/// Up to these sizes the run-time-sized duals keep their derivatives inline.
inline constexpr int kInlineGradient = 16;
inline constexpr int kInlineHessian = 8;

/// First-order duals for n variables: fixed N, or run-time sized with inline capacity M.
template <int N, int M = N>
using Gradient = Dual<double, N, M>;
/// Second-order (nested) duals.
template <int N, int M = N>
using Hessian = Dual<Dual<double, N, M>, N, M>;

// The argument handed to f: always a run-time-sized column vector, so that f is compiled once per
// scalar type and a lambda indexing x[1] draws no bounds warnings from some size-1 instantiation.
template <class S>
using Argument = Eigen::Matrix<S, Eigen::Dynamic, 1>;

template <int N>
void check_size(Index n) {
  if constexpr (N != Eigen::Dynamic) {
    if (n != N)
      throw InvalidArgument("autodiff<" + std::to_string(N) + ">: x has " + std::to_string(n) +
                            " entries, expected " + std::to_string(N));
  }
}

// f(x) and ∇f(x) through first-order duals D.
template <class D, class F>
double value_gradient(const F& f, const Vector& x, Vector& grad) {
  const Index n = x.size();
  check_size<D::size_at_compile_time>(n);
  Argument<D> xd(n);
  for (Index i = 0; i < n; ++i) xd[i] = D::variable(x[i], i, n);
  const D r = static_cast<D>(f(std::as_const(xd)));
  // A result that does not depend on x has an empty derivative (run-time size): gradient zero.
  if (r.derivative.size() == n)
    grad = r.derivative;
  else
    grad.setZero(n);
  return r.value;
}

// ∇²f(x) (and optionally ∇f) through nested duals Outer = Dual<Inner>: xᵢ seeded at both levels, so
// r.derivative[j].derivative[i] = ∂²f/∂xⱼ∂xᵢ.
template <class Outer, class F>
double value_gradient_hessian(const F& f, const Vector& x, Vector* grad, Matrix& hess) {
  using Inner = typename Outer::Scalar;
  const Index n = x.size();
  check_size<Outer::size_at_compile_time>(n);
  Argument<Outer> xd(n);
  for (Index i = 0; i < n; ++i) {
    xd[i].value = Inner::variable(x[i], i, n);
    xd[i].derivative.setZero(n);
    xd[i].derivative[i] = Inner(1.0);
  }
  const Outer r = static_cast<Outer>(f(std::as_const(xd)));
  hess.setZero(n, n);
  if (r.derivative.size() == n) {
    for (Index j = 0; j < n; ++j) {
      const auto& dj = r.derivative[j].derivative;
      if (dj.size() == n) hess.row(j) = dj.transpose();
    }
    // Mixed partials agree up to rounding; make the matrix exactly symmetric for solvers.
    hess = 0.5 * (hess + hess.transpose()).eval();
  }
  if (grad) {
    if (r.value.derivative.size() == n)
      *grad = r.value.derivative;
    else
      grad->setZero(n);
  }
  return r.value.value;
}

// The dual types for n variables when N is not fixed: inline storage while n is small.
template <int N, class F>
double gradient_any_size(const F& f, const Vector& x, Vector& grad) {
  if constexpr (N != Eigen::Dynamic)
    return value_gradient<Gradient<N>>(f, x, grad);
  else if (x.size() <= kInlineGradient)
    return value_gradient<Gradient<Eigen::Dynamic, kInlineGradient>>(f, x, grad);
  else
    return value_gradient<Gradient<Eigen::Dynamic>>(f, x, grad);
}

template <int N, class F>
double hessian_any_size(const F& f, const Vector& x, Vector* grad, Matrix& hess) {
  if constexpr (N != Eigen::Dynamic)
    return value_gradient_hessian<Hessian<N>>(f, x, grad, hess);
  else if (x.size() <= kInlineHessian)
    return value_gradient_hessian<Hessian<Eigen::Dynamic, kInlineHessian>>(f, x, grad, hess);
  else
    return value_gradient_hessian<Hessian<Eigen::Dynamic>>(f, x, grad, hess);
}

}  // namespace autodiff_detail

/// ∇f(x), exact; the value f(x) into *value when given. N fixes the derivative size at compile
/// time (then x must have N entries).
template <int N = Eigen::Dynamic, class F>
Vector autodiff_gradient(const F& f, const Vector& x, double* value = nullptr) {
  Vector grad;
  const double v = autodiff_detail::gradient_any_size<N>(f, x, grad);
  if (value) *value = v;
  return grad;
}

/// ∇²f(x), exact (nested duals), symmetric.
template <int N = Eigen::Dynamic, class F>
Matrix autodiff_hessian(const F& f, const Vector& x) {
  Matrix hess;
  autodiff_detail::hessian_any_size<N>(f, x, nullptr, hess);
  return hess;
}

/// An Objective with value, exact gradient and exact Hessian of the generic function f, marked
/// DerivativeSource::autodiff. `n` (0 = any) is its dimension; with a fixed N it must be 0 or N.
template <int N = Eigen::Dynamic, class F>
Objective autodiff(F f, Index n = 0) {
  if constexpr (N != Eigen::Dynamic) {
    if (n != 0 && n != N)
      throw InvalidArgument("autodiff<" + std::to_string(N) + ">: dimension " + std::to_string(n) +
                            " does not match N = " + std::to_string(N));
    n = N;
  }
  if (n < 0) throw InvalidArgument("autodiff: dimension " + std::to_string(n) + " must be >= 0");
  auto value_gradient = [f](const Vector& x, Vector* grad) -> double {
    if (grad) return autodiff_detail::gradient_any_size<N>(f, x, *grad);
    autodiff_detail::check_size<N>(x.size());
    return static_cast<double>(f(x));
  };
  auto hessian = [f](const Vector& x, Matrix& hess) {
    autodiff_detail::hessian_any_size<N>(f, x, nullptr, hess);
  };
  return Objective(std::move(value_gradient), n, std::move(hessian), DerivativeSource::autodiff,
                   DerivativeSource::autodiff);
}

}  // namespace minima
