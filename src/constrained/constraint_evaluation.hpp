// Private to constrained: evaluating the general constraints of a Constraints at one point, the way
// the augmented Lagrangian and SQP both need it (values, and with gradients the Jacobian a row per
// constraint; a constraint that throws or returns a wrong-sized gradient is rethrown with its name),
// and the squared violation ½(‖g‖² + ‖max(h, 0)‖²) that both minimize when looking for a feasible
// point.
#pragma once

#include <cstddef>
#include <limits>
#include <string>

#include "minima/core/constraints.hpp"
#include "minima/core/types.hpp"

namespace minima::constrained_detail {

/// ‖v‖∞, and 0 for an empty vector (a problem without equalities or inequalities).
inline double inf_norm(const Vector& v) {
  return v.size() == 0 ? 0.0 : v.lpNorm<Eigen::Infinity>();
}

/// f and the constraints at one point (the iterate of SQP and of the augmented Lagrangian), with
/// their gradients when `with_gradients`.
struct ConstrainedPoint {
  Vector x;
  double f = std::numeric_limits<double>::quiet_NaN();
  Vector grad_f, g, h;
  Matrix jg, jh;  // one row per constraint
  bool with_gradients = false;
};

/// How constraint i is named in messages: its label in quotes when it has one, else "equality 2"
/// or "inequality 1" (1-based).
std::string constraint_name(const Constraints& c, bool equality, std::size_t i);

/// The equalities (or inequalities) of c at x (n entries) into v, and with `gradients` their
/// gradients into the rows of jac. Throws std::runtime_error naming the constraint when one throws
/// or returns a gradient whose size is not n.
void evaluate_constraints(const Constraints& c, bool equality, const Vector& x, Index n, bool gradients,
                          Vector& v, Matrix& jac);

/// ½(‖g‖² + ‖max(h, 0)‖²) from the values g, h; with grad, also its gradient Jgᵀg + Jhᵀmax(h, 0)
/// (n entries) from the Jacobians jg, jh.
double squared_violation(const Vector& g, const Vector& h, const Matrix& jg, const Matrix& jh, Index n,
                         Vector* grad);

}  // namespace minima::constrained_detail
