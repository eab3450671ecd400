// Exact derivatives of a generic function by forward-mode dual numbers (numerics/dual.hpp).
//
//   auto f = [](const auto& x) { return 100 * pow(x[1] - x[0] * x[0], 2) + pow(1 - x[0], 2); };
//   Objective obj = autodiff(f);          // value, exact gradient and Hessian
//   Objective fast = autodiff<2>(f);      // derivative vectors of fixed size 2: no allocation
//
// f takes an Eigen column vector Eigen::Matrix<S, Eigen::Dynamic, 1> of some scalar type S (double,
// Dual<double,N>, Dual<Dual<double,N>,N>) and returns an S. The gradient costs one evaluation on duals with n
// derivative entries (≈ n+1 plain evaluations); the Hessian one on nested duals (≈ n² work).
// With N = Eigen::Dynamic the Objective still uses fixed-size duals for n ≤ 4 (chosen at run time
// among compiled-in sizes), since allocation dominates for small n.
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

// The argument handed to f: always a run-time-sized column vector (one allocation per call), so
// that a lambda indexing x[1] does not draw array-bounds warnings from the size-1 instantiation;
// the derivative vectors inside the duals are what carry the fixed size N.
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

// f(x) and ∇f(x) through Dual<double, N>.
template <int N, class F>
double value_gradient(const F& f, const Vector& x, Vector& grad) {
  using D = Dual<double, N>;
  const Index n = x.size();
  check_size<N>(n);
  Argument<D> xd(n);
  for (Index i = 0; i < n; ++i) xd[i] = D::variable(x[i], i, n);
  const D r = static_cast<D>(f(std::as_const(xd)));
  // A result that does not depend on x has an empty derivative (dynamic N): gradient zero.
  if (r.derivative.size() == n)
    grad = r.derivative;
  else
    grad.setZero(n);
  return r.value;
}

// ∇²f(x) (and optionally f, ∇f) through Dual<Dual<double, N>, N>: xᵢ seeded at both levels, so
// r.derivative[j].derivative[i] = ∂²f/∂xⱼ∂xᵢ.
template <int N, class F>
double value_gradient_hessian(const F& f, const Vector& x, Vector* grad, Matrix& hess) {
  using Inner = Dual<double, N>;
  using Outer = Dual<Inner, N>;
  const Index n = x.size();
  check_size<N>(n);
  Argument<Outer> xd(n);
  for (Index i = 0; i < n; ++i) {
    xd[i].value = Inner::variable(x[i], i, n);
    if constexpr (N == Eigen::Dynamic) xd[i].derivative.resize(n);
    for (Index j = 0; j < n; ++j) xd[i].derivative[j] = Inner(i == j ? 1.0 : 0.0);
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

// Runs body(std::integral_constant<int, K>) with K = n for the small sizes compiled in, else with
// K = Eigen::Dynamic.
template <class Body>
decltype(auto) dispatch_size(Index n, Body&& body) {
  switch (n) {
    case 1:
      return body(std::integral_constant<int, 1>{});
    case 2:
      return body(std::integral_constant<int, 2>{});
    case 3:
      return body(std::integral_constant<int, 3>{});
    case 4:
      return body(std::integral_constant<int, 4>{});
    default:
      return body(std::integral_constant<int, Eigen::Dynamic>{});
  }
}

}  // namespace autodiff_detail

/// ∇f(x), exact; the value f(x) into *value when given. N fixes the derivative size at compile
/// time (then x must have N entries).
template <int N = Eigen::Dynamic, class F>
Vector autodiff_gradient(const F& f, const Vector& x, double* value = nullptr) {
  Vector grad;
  const double v = autodiff_detail::value_gradient<N>(f, x, grad);
  if (value) *value = v;
  return grad;
}

/// ∇²f(x), exact (nested duals), symmetric.
template <int N = Eigen::Dynamic, class F>
Matrix autodiff_hessian(const F& f, const Vector& x) {
  Matrix hess;
  autodiff_detail::value_gradient_hessian<N>(f, x, nullptr, hess);
  return hess;
}

/// An Objective with value, exact gradient and exact Hessian of the generic function f, marked
/// DerivativeSource::autodiff. `n` (0 = any) is its dimension; with a fixed N it must be 0 or N.
/// N = Eigen::Dynamic still picks fixed-size duals at run time for n ≤ 4.
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
    if (!grad) {
      autodiff_detail::check_size<N>(x.size());
      return static_cast<double>(f(x));
    }
    if constexpr (N != Eigen::Dynamic) {
      return autodiff_detail::value_gradient<N>(f, x, *grad);
    } else {
      return autodiff_detail::dispatch_size(
          x.size(), [&](auto k) { return autodiff_detail::value_gradient<decltype(k)::value>(f, x, *grad); });
    }
  };
  auto hessian = [f](const Vector& x, Matrix& hess) {
    if constexpr (N != Eigen::Dynamic) {
      autodiff_detail::value_gradient_hessian<N>(f, x, nullptr, hess);
    } else {
      autodiff_detail::dispatch_size(x.size(), [&](auto k) {
        autodiff_detail::value_gradient_hessian<decltype(k)::value>(f, x, nullptr, hess);
      });
    }
  };
  return Objective(std::move(value_gradient), n, std::move(hessian), DerivativeSource::autodiff,
                   DerivativeSource::autodiff);
}

}  // namespace minima
