// The short human report of a Result (Ceres' Summary::BriefReport/FullReport in spirit): a few
// aligned lines that say which method ran, why it stopped (status and the test that fired, with
// numbers), where it ended and what it cost.
//
//   method       lbfgs
//   status       converged_gradient: ‖∇f‖∞ = 3.1e-09 ≤ 1e-08
//   f            1.23456789012e-14
//   ‖∇f‖∞        3.1e-09
//   x            [1, 1, 1, 1, 1, …, 1]  (n = 100)
//   iterations   33
//   evaluations  f 40, ∇f 40, ∇²f 0
//   seconds      0.00123
// A least-squares result adds cost, RSS, s (with its degrees of freedom) and the residual and
// Jacobian evaluation counts.
#pragma once

#include <string>

#include "minima/core/result.hpp"
#include "minima/core/types.hpp"

namespace minima {

/// The report above, one field per line, ending in a newline.
std::string result_report(const Result& result);

/// "[a, b, c]" with `significant` digits; when x has more than max_entries entries, the first
/// max_entries − 1, "…" and the last one, followed by "  (n = N)".
std::string format_vector(const Vector& x, Index max_entries = 6, int significant = 6);

}  // namespace minima
