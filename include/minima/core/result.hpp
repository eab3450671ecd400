// Result: what a solver returns. It says why it stopped, with numbers (STYLE lesson 5).
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "minima/core/constraints.hpp"
#include "minima/core/counted_objective.hpp"
#include "minima/core/least_squares_summary.hpp"
#include "minima/core/observer.hpp"
#include "minima/core/population.hpp"
#include "minima/core/status.hpp"
#include "minima/core/types.hpp"

namespace minima {

/// The second-order condition at the final point, from methods that use the Hessian (Newton, its
/// variants, trust region): ∇²f(x) positive semidefinite up to a relative tolerance (Nocedal &
/// Wright, Theorem 2.3). A first-order test alone cannot tell a minimum from a saddle or maximum.
struct SecondOrderCheck {
  bool holds = false;         ///< min eigenvalue ≥ −tolerance
  double min_eigenvalue = 0;  ///< of the symmetrized Hessian at x
  double tolerance = 0;       ///< 1e-8 · max|λ|: a smaller negative eigenvalue counts as zero
  int escapes = 0;            ///< times the run left a stationary point along negative curvature
};

struct Result {
  Vector x;                                                         ///< the final (best accepted) point
  double f = std::numeric_limits<double>::quiet_NaN();              ///< f(x)
  Vector gradient;                                                  ///< ∇f(x) (empty if never evaluated)
  double gradient_norm = std::numeric_limits<double>::quiet_NaN();  ///< ‖∇f(x)‖∞
  Status status = Status::invalid_input;
  std::string message;  ///< one line: the test that fired with its measured value and threshold
  std::string method;   ///< the method's name, e.g. "lbfgs"
  long iterations = 0;
  EvaluationCounts evaluations;
  double seconds = 0.0;
  std::vector<IterationRecord> trace;  ///< per iteration, when requested (Observer::trace)
  std::optional<KktReport> kkt;        ///< constrained methods: KKT residuals and multipliers at x
  std::optional<LeastSquaresSummary> least_squares;  ///< fit statistics, from least-squares solvers
  /// Population (black-box) methods: generations, failed points, best-vs-evaluations trace, extras.
  std::optional<PopulationSummary> population;
  /// Methods with the Hessian: whether ∇²f(x) is positive semidefinite at x (empty for other methods,
  /// or when the Hessian could not be evaluated there).
  std::optional<SecondOrderCheck> second_order;

  bool converged() const { return is_converged(status); }
  bool usable() const { return is_usable(status); }
  /// One line: "lbfgs: converged_gradient after 33 iterations, f = 1.2e-14 (...)".
  std::string brief() const;
};

}  // namespace minima
