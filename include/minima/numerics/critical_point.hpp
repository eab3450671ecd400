// Classifying a critical point by the eigenvalues of the Hessian (Goodfellow, Bengio & Courville,
// "Deep Learning", §4.3.1 Beyond the Gradient; Nocedal & Wright §2.1, second-order conditions;
// spec local-methods §3). At a point where ‖∇f‖∞ ≤ gradient_tol:
//   all eigenvalues > τ                      → local minimum  (second-order sufficient condition)
//   all eigenvalues < −τ                     → local maximum
//   some > τ and some < −τ                   → saddle point (whatever the others are)
//   some |λ| ≤ τ, the rest of one sign or 0  → inconclusive (higher-order terms decide: x⁴ + y²)
// with τ = eigen_rel_tol · max|λ| (a relative tolerance: a Hessian scaled by 1e-12 classifies as it
// did before). An all-zero Hessian is inconclusive. A point with ‖∇f‖∞ > gradient_tol is
// not_critical (the eigenvalues are still reported).
#pragma once

#include <string_view>

#include "minima/core/objective.hpp"
#include "minima/core/types.hpp"

namespace minima {

enum class CriticalPoint { local_minimum, local_maximum, saddle_point, inconclusive, not_critical };

/// The snake_case name, e.g. "saddle_point".
std::string_view to_string(CriticalPoint kind);

struct CriticalPointClassification {
  CriticalPoint kind = CriticalPoint::inconclusive;
  Vector eigenvalues;            ///< of the symmetrized Hessian (H + Hᵀ)/2, ascending
  double gradient_norm = 0.0;    ///< ‖∇f‖∞
  double eigen_tolerance = 0.0;  ///< τ = eigen_rel_tol · max|λ|: |λ| ≤ τ counts as zero
  Index positive = 0;            ///< eigenvalues > τ
  Index negative = 0;            ///< eigenvalues < −τ
  Index zero = 0;                ///< |λ| ≤ τ
};

/// Classifies the point whose gradient and Hessian are given. Throws InvalidArgument for
/// mismatched sizes, a non-square Hessian, non-finite entries or negative tolerances.
CriticalPointClassification classify_critical_point(const Vector& gradient, const Matrix& hessian,
                                                    double gradient_tol = 1e-6, double eigen_rel_tol = 1e-8);

/// Classifies x for an objective: its gradient, and its Hessian if it has one, else the central
/// difference of its gradient (then eigenvalues are good to ≈1e-10 relative only: keep
/// eigen_rel_tol above that).
CriticalPointClassification classify_critical_point(const Objective& objective, const Vector& x,
                                                    double gradient_tol = 1e-6, double eigen_rel_tol = 1e-8);

}  // namespace minima
