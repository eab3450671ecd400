// ResidualObjectives (core/residual_objective.hpp) with derived Jacobians:
//   - autodiff_residuals: a generic lambda r(x) → residual vector on any scalar type, differentiated
//     exactly by forward-mode dual numbers (one pass on duals gives r and J);
//   - finite_difference_residuals: residuals alone, Jacobian by central differences (fd::jacobian,
//     2n extra residual evaluations per Jacobian, ≈1e-10 relative accuracy; see finite_difference.hpp).
//
//   auto boxbod = autodiff_residuals([&](const auto& b) {
//     using S = std::decay_t<decltype(b[0])>;
//     Eigen::Matrix<S, Eigen::Dynamic, 1> r(m);
//     for (Index i = 0; i < m; ++i) { using std::exp; r[i] = y[i] - b[0] * (1.0 - exp(-b[1] * x[i])); }
//     return r;
//   }, m, 2);
//
// Reference: Griewank & Walther, "Evaluating Derivatives" (2nd ed., SIAM 2008), ch. 3; Ceres'
// AutoDiffCostFunction (include/ceres/autodiff_cost_function.h).
#pragma once

#include <string>
#include <utility>

#include "minima/core/error.hpp"
#include "minima/core/residual_objective.hpp"
#include "minima/numerics/autodiff.hpp"
#include "minima/numerics/finite_difference.hpp"

namespace minima {

namespace autodiff_detail {

template <class D, class F>
void residuals_jacobian(const F& f, const Vector& x, Vector& r, Matrix& jacobian) {
  const Index n = x.size();
  check_size<D::size_at_compile_time>(n);
  Argument<D> xd(n);
  for (Index i = 0; i < n; ++i) xd[i] = D::variable(x[i], i, n);
  const auto rd = f(std::as_const(xd));
  const Index m = rd.size();
  r.resize(m);
  jacobian.resize(m, n);
  for (Index i = 0; i < m; ++i) {
    const D ri = static_cast<D>(rd[i]);
    r[i] = ri.value;
    if (ri.derivative.size() == n)
      jacobian.row(i) = ri.derivative.transpose();
    else
      jacobian.row(i).setZero();  // a residual that does not depend on x
  }
}

}  // namespace autodiff_detail

/// Residuals r(x) from a generic lambda `f(const Eigen::Matrix<S, Dynamic, 1>& x)` returning an
/// Eigen column vector of S with m entries; exact Jacobian by duals (DerivativeSource::autodiff).
/// N fixes the derivative size at compile time (x must then have N entries).
template <int N = Eigen::Dynamic, class F>
ResidualObjective autodiff_residuals(F f, Index m, Index n = 0,
                                     std::vector<std::string> parameter_names = {}) {
  if (m <= 0) throw InvalidArgument("autodiff_residuals: m = " + std::to_string(m) + " must be > 0");
  if constexpr (N != Eigen::Dynamic) {
    if (n != 0 && n != N)
      throw InvalidArgument("autodiff_residuals<" + std::to_string(N) + ">: dimension " + std::to_string(n) +
                            " does not match N");
    n = N;
  }
  auto function = [f](const Vector& x, Vector& r, Matrix* jacobian) {
    using namespace autodiff_detail;
    if (!jacobian) {
      check_size<N>(x.size());
      const auto v = f(x);
      r.resize(v.size());
      for (Index i = 0; i < v.size(); ++i) r[i] = static_cast<double>(v[i]);
      return;
    }
    if constexpr (N != Eigen::Dynamic)
      residuals_jacobian<Gradient<N>>(f, x, r, *jacobian);
    else if (x.size() <= kInlineGradient)
      residuals_jacobian<Gradient<Eigen::Dynamic, kInlineGradient>>(f, x, r, *jacobian);
    else
      residuals_jacobian<Gradient<Eigen::Dynamic>>(f, x, r, *jacobian);
  };
  return ResidualObjective(std::move(function), m, n, DerivativeSource::autodiff, std::move(parameter_names));
}

/// Residuals from a function r(x) alone (m entries); the Jacobian by central differences
/// (DerivativeSource::finite_difference).
ResidualObjective finite_difference_residuals(VectorFunction residuals, Index m, Index n = 0,
                                              std::vector<std::string> parameter_names = {});

}  // namespace minima
