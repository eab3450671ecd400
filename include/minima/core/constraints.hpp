// Constraints of a problem, in the seed's form (spec constrained-and-regression §1):
//   S = { x | lower ≤ x ≤ upper,  g_i(x) = 0 for all i,  h_j(x) ≤ 0 for all j }.
// Box bounds are kept apart from the general constraints because projection onto a box is exact
// and cheap (projected gradient, bound-constrained quasi-Newton use it directly). Each general
// constraint is an Objective (value and gradient together), so formulas, autodiff and finite
// differences build constraints exactly as they build objectives. A `≥` constraint is written as
// its negation.
//
// The KKT report (KktReport) is the shape every constrained method returns and `report` renders:
// the four residuals of the Karush–Kuhn–Tucker conditions and the multipliers behind them
// (Nocedal & Wright, Numerical Optimization, 2nd ed., Theorem 12.1).
#pragma once

#include <string>
#include <vector>

#include "minima/core/objective.hpp"
#include "minima/core/types.hpp"

namespace minima {

/// Box bounds lower ≤ x ≤ upper. Empty vectors mean "unbounded"; components may be ±inf.
struct Bounds {
  Vector lower;  ///< empty, or one entry per variable (-inf: no lower bound)
  Vector upper;  ///< empty, or one entry per variable (+inf: no upper bound)

  bool empty() const { return lower.size() == 0 && upper.size() == 0; }
  /// Both vectors at size n (±inf filled in where a side is empty).
  Bounds expanded(Index n) const;
  /// Throws InvalidArgument naming the first bad entry: a size other than n, a NaN, lower > upper.
  void validate(Index n) const;
  /// The nearest point of the box (componentwise clamp). Requires validate(x.size()).
  Vector project(const Vector& x) const;
  /// True when every component lies in the box.
  bool contains(const Vector& x) const;
};

/// General constraints g(x) = 0 and h(x) ≤ 0, one Objective per scalar constraint.
struct Constraints {
  Bounds bounds;
  std::vector<Objective> equalities;          ///< g_i(x) = 0
  std::vector<Objective> inequalities;        ///< h_j(x) ≤ 0
  std::vector<std::string> equality_names;    ///< optional labels for reports (e.g. the formula)
  std::vector<std::string> inequality_names;  ///< optional labels for reports

  bool has_general() const { return !equalities.empty() || !inequalities.empty(); }
};

/// The KKT conditions at a candidate x with multipliers (λ for g, α for h, z for the bounds):
///   ∇f + Σ λ_i ∇g_i + Σ α_j ∇h_j − z_lower + z_upper = 0,  g = 0, h ≤ 0, bounds hold,
///   α ≥ 0, z ≥ 0, α_j h_j = 0, z·(distance to its bound) = 0.
struct KktReport {
  double stationarity = 0.0;             ///< ‖∇ₓL‖∞
  double primal_feasibility = 0.0;       ///< max violation of g = 0, h ≤ 0 and the bounds
  double dual_feasibility = 0.0;         ///< max(0, −min(α, z)): how negative a multiplier is
  double complementary_slackness = 0.0;  ///< max |α_j h_j| and |z_k (x_k − bound_k)|
  Vector equality_multipliers;           ///< λ, one per equality
  Vector inequality_multipliers;         ///< α ≥ 0, one per inequality
  Vector lower_bound_multipliers;        ///< z_lower ≥ 0 (empty without bounds)
  Vector upper_bound_multipliers;        ///< z_upper ≥ 0 (empty without bounds)
  bool feasible = false;                 ///< primal_feasibility ≤ the tolerance it was judged with
};

}  // namespace minima
