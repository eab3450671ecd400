// Dense strictly convex quadratic programming by the dual active-set method of Goldfarb & Idnani
// ("A numerically stable dual method for solving strictly convex quadratic programs", Math.
// Programming 27, 1983; Nocedal & Wright 2006, §16.8 for the context):
//   min ½ xᵀG x + aᵀx   s.t.   C_eq x = b_eq,   C_in x ≥ b_in,       G symmetric positive definite.
// It starts from the unconstrained minimizer −G⁻¹a and adds violated constraints one at a time,
// dropping active inequalities whose multipliers would turn negative, so every iterate is dual
// feasible; an empty step in the dual with nothing to drop proves the constraints inconsistent.
// Each iteration refactors the active normals (QR of L⁻¹N, G = LLᵀ): O(n³), meant for small n.
// Equalities that are linearly dependent on the active ones and already satisfied are skipped
// (redundant); dependent and violated means inconsistent.
#pragma once

#include <string>

#include "minima/core/types.hpp"

namespace minima {

enum class QpStatus { solved, infeasible, not_convex, iteration_limit };

struct QpSolution {
  QpStatus status = QpStatus::iteration_limit;
  Vector x;                       ///< the minimizer (the last iterate otherwise)
  Vector equality_multipliers;    ///< y_eq with G x + a = C_eqᵀ y_eq + C_inᵀ y_in
  Vector inequality_multipliers;  ///< y_in ≥ 0 (zero for inactive constraints)
  int iterations = 0;             ///< constraints added or dropped
};

/// Solves the QP above. Sizes must agree (C_eq: m_eq × n, C_in: m_in × n); not_convex when the
/// Cholesky factorization of G fails. Never throws for numerical outcomes.
QpSolution solve_qp(const Matrix& G, const Vector& a, const Matrix& C_eq, const Vector& b_eq,
                    const Matrix& C_in, const Vector& b_in, int max_iterations = 0);

}  // namespace minima
