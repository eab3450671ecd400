// Finite-difference derivatives (Nocedal & Wright, "Numerical Optimization", 2nd ed., §8.1;
// spec local-methods §2): gradients and Jacobians by central differences, Hessians by central
// differences of gradients or, when only values exist, by second differences of values.
//
// Steps and accuracy (ε = machine epsilon ≈ 2.2e-16, each step made exactly representable):
//   - gradient, jacobian, hessian_from_gradient: central difference, h_i = ∛ε · max(1, |x_i|)
//     ≈ 6.1e-6 · max(1, |x_i|). The error of entry i is about h_i²|∂³f/∂x_i³|/6 (truncation) plus
//     ε|f|/h_i (rounding), both ≈ ε^{2/3} ≈ 4e-11 times a scale: expect about 1e-10 relative to
//     S_i = max(1, |f|, |∂³f/∂x_i³| · max(1, |x_i|)²) — e.g. Rosenbrock at (1, 1), where ∇f = 0 but
//     ∂³f/∂x₀³ = 2400, gives ≈ 1.5e-8. Costs 2n evaluations of f (gradient) or of the
//     residual/gradient (Jacobian, Hessian).
//   - hessian_from_values: second central differences, h_i = ε^{1/4} · max(1, |x_i|) ≈ 1.2e-4 ·
//     max(1, |x_i|). Truncation O(h²) and rounding O(ε|f|/h²) balance at ≈ ε^{1/2}: expect about
//     1e-8 relative to max(1, |f|, |∂⁴f|) (so a Hessian entry of 10 on a function of size 2000 is
//     good to ≈ 5e-6 absolute), for 2n² + 1 evaluations of f.
//   - where f is not finite on one side of x (a boundary such as log at 0+), gradient() falls back
//     to the one-sided difference on the finite side (accuracy O(h) ≈ 1e-5 there).
// Hessians are symmetrized, (H + Hᵀ)/2. x must be finite (InvalidArgument otherwise).
#pragma once

#include <functional>

#include "minima/core/objective.hpp"
#include "minima/core/types.hpp"

namespace minima {

/// A value function f: Rⁿ → R.
using ScalarFunction = std::function<double(const Vector&)>;
/// A vector function r: Rⁿ → Rᵐ (residuals, or a gradient when m = n).
using VectorFunction = std::function<Vector(const Vector&)>;

// The free differencing routines live in minima::fd (fd::gradient, fd::jacobian, ...), so that they
// cannot collide with the autodiff routines of the same names.
namespace fd {

/// The central-difference step for coordinate value xi: ∛ε · max(1, |xi|).
double central_step(double xi);
/// The second-difference step for coordinate value xi: ε^{1/4} · max(1, |xi|).
double second_difference_step(double xi);

/// ∇f(x) by central differences (2n evaluations; one more where a one-sided fallback is needed).
Vector gradient(const ScalarFunction& f, const Vector& x);

/// The m×n Jacobian J_ij = ∂r_i/∂x_j by central differences (2n evaluations of r). Throws
/// InvalidArgument if r returns vectors of different sizes.
Matrix jacobian(const VectorFunction& r, const Vector& x);

/// ∇²f(x) as the symmetrized central-difference Jacobian of the gradient g (2n gradient calls).
Matrix hessian_from_gradient(const VectorFunction& g, const Vector& x);

/// ∇²f(x) from values alone: (f(x+hᵢeᵢ) − 2f(x) + f(x−hᵢeᵢ))/hᵢ² on the diagonal and the
/// four-point formula off it (2n² + 1 evaluations).
Matrix hessian_from_values(const ScalarFunction& f, const Vector& x);

}  // namespace fd

/// An Objective from a value function alone: the gradient by central differences
/// (DerivativeSource::finite_difference) and the Hessian by second differences of the values
/// (fd::hessian_from_values, also finite_difference) — more accurate (≈1e-8 against ≈1e-5) and
/// cheaper (2n² against 4n² values) than differencing the differenced gradient.
/// `n` = 0 accepts any dimension. A value-only call costs one evaluation of f, a value-and-gradient
/// call 2n + 1.
Objective finite_difference(ScalarFunction f, Index n = 0);

/// A copy of `objective` whose Hessian is the symmetrized central difference of its own gradient
/// (or, when its gradient is itself by finite differences, the second differences of its values).
/// Any Hessian the objective had is replaced: call it when a Newton-type method receives an
/// objective without one (`if (!obj.has_hessian()) obj = with_finite_difference_hessian(obj);`).
Objective with_finite_difference_hessian(const Objective& objective);

}  // namespace minima
