// Private to least_squares: the bounded trust-region reflective iteration (settings and reference
// in include/minima/least_squares/least_squares.hpp).
#pragma once

#include <optional>

#include "minima/core/constraints.hpp"
#include "minima/least_squares/least_squares.hpp"
#include "residual_cache.hpp"

namespace minima::least_squares_detail {

class TrustRegionReflectiveIteration : public LeastSquaresIteration {
 public:
  /// `box` expanded to n entries; the start must lie strictly inside it.
  TrustRegionReflectiveIteration(ResidualCache& cache, const TrustRegionReflective& settings, Bounds box)
      : LeastSquaresIteration(cache), s_(settings), box_(std::move(box)) {}
  std::string name() const override { return "trf"; }
  StepOutcome init(IterateState& state, CountedObjective& f) override;
  StepOutcome step(IterateState& state, CountedObjective& f) override;
  /// ‖P(x − ∇F) − x‖∞, zero exactly at the first-order points of the box.
  double stationarity(const IterateState& state) const override;
  std::string stationarity_label() const override { return "‖P(x−∇F)−x‖∞"; }

 private:
  /// Coleman–Li scaling v and its derivative sign dv at x for the gradient g.
  void scaling(const Vector& x, const Vector& g);
  /// The trust-region step in the scaled variables (Moré's iteration on the SVD); updates alpha_.
  void solve_subproblem(double radius);
  /// Picks among the step, its reflection and the scaled gradient direction, strictly inside.
  double select_step(const Vector& x, const Vector& g_h, double radius, double theta);

  TrustRegionReflective s_;
  Bounds box_;
  double radius_ = 0.0;
  double alpha_ = 0.0;  ///< the Levenberg–Marquardt parameter of the last subproblem
  std::optional<StepOutcome> pending_;
  Vector v_, dv_, d_, diag_h_;
  Matrix j_h_;  ///< J diag(d)
  Matrix augmented_;
  Vector sv_, uf_;
  Matrix vt_;
  Vector p_h_, step_, step_h_, trial_;
};

}  // namespace minima::least_squares_detail
