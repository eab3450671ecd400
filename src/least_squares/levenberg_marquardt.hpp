// Private to least_squares: the Levenberg–Marquardt iteration (settings and reference in
// include/minima/least_squares/least_squares.hpp). All work arrays are members, sized once.
#pragma once

#include <optional>

#include "minima/least_squares/least_squares.hpp"
#include "residual_cache.hpp"

namespace minima::least_squares_detail {

class LevenbergMarquardtIteration : public LeastSquaresIteration {
 public:
  LevenbergMarquardtIteration(ResidualCache& cache, const LevenbergMarquardt& settings);
  std::string name() const override { return "lm"; }
  StepOutcome init(IterateState& state, CountedObjective& f) override;
  StepOutcome step(IterateState& state, CountedObjective& f) override;

 private:
  void update_scaling(bool first);
  void factorize();
  bool solve(double mu);
  /// The geodesic acceleration a for the velocity step_ (Transtrum & Sethna 2012); false if unusable.
  bool acceleration(const Vector& x, CountedObjective& f);
  bool grow_damping();
  StepOutcome collapsed() const;

  LevenbergMarquardt s_;
  double mu_ = 0.0;
  double nu_ = 2.0;
  double radius_ = 0.0;                 ///< Δ, the bound on ‖Dp‖
  std::optional<StepOutcome> pending_;  ///< a convergence test that fired on an accepted step
  Vector scale_;                        ///< D
  Eigen::HouseholderQR<Matrix> qr_;     ///< of J
  Matrix r_factor_;                     ///< its R (n×n, zero rows below rank m when m < n)
  Vector qtr_;                          ///< (Qᵀr)[0:n]
  Matrix normal_;                       ///< JᵀJ (Cholesky path)
  Vector jtr_;                          ///< Jᵀr (Cholesky path)
  Matrix damped_;
  Eigen::LLT<Matrix> llt_;
  Matrix augmented_;  ///< [R; √μ D]
  Vector rhs_;
  Eigen::HouseholderQR<Matrix> small_qr_;
  Vector work_m_;
  Vector step_;
  Vector velocity_;  ///< v, the damped step
  Vector accel_;     ///< a, its geodesic acceleration
  Vector rvv_;
  Vector trial_;
};

}  // namespace minima::least_squares_detail
