// Private to least_squares: the Gauss–Newton iteration (settings and reference in
// include/minima/least_squares/least_squares.hpp).
#pragma once

#include <optional>

#include "minima/least_squares/least_squares.hpp"
#include "residual_cache.hpp"

namespace minima::least_squares_detail {

class GaussNewtonIteration : public LeastSquaresIteration {
 public:
  GaussNewtonIteration(ResidualCache& cache, const GaussNewton& settings)
      : LeastSquaresIteration(cache), s_(settings) {}
  std::string name() const override { return "gn"; }
  StepOutcome init(IterateState& state, CountedObjective& f) override;
  StepOutcome step(IterateState& state, CountedObjective& f) override;

 private:
  GaussNewton s_;
  std::optional<StepOutcome> pending_;
  Eigen::ColPivHouseholderQR<Matrix> qr_;
  Vector step_;
  Vector trial_;
};

}  // namespace minima::least_squares_detail
