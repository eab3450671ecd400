// Test functions for black-box global optimization, each with its search box and known minimum
// (spec evolution §4 and the benchmark of issue 6):
//   rosenbrock      chained Rosenbrock Σ_{i<n} 100 (x_{i+1} − x_i²)² + (1 − x_i)², |x_i| ≤ 5.12,
//                   f* = 0 at (1, …, 1) (the seed's form with its (1 − x_i²) slip fixed);
//   fletcher-powell Fletcher & Powell (1963) in Bäck's form (Evolutionary Algorithms in Theory and
//                   Practice, 1996, §3.3): Σ_i (A_i − B_i(x))², |x_j| ≤ π, f* = 0 at x = α; the
//                   fixed 10-D instance of data/fletcher_powell_10.json (n = 10 only). It is
//                   2π-periodic, so only points inside the box count;
//   rastrigin       shifted Rastrigin 10n + Σ (z_i² − 10 cos 2πz_i), z = x − x_opt, |x_i| ≤ 5;
//   ackley          shifted Ackley −20 exp(−0.2 √(Σz²/n)) − exp(Σ cos(2πz_i)/n) + 20 + e, |x_i| ≤ 5;
//   schwefel        Schwefel 2.26: 418.98288727243370… n − Σ x_i sin √|x_i|, |x_i| ≤ 500,
//                   f* = 0 (to rounding) at x_i = 420.96874635998202…
// "BBOB-style" here means what BBOB (Hansen et al., "Real-parameter black-box optimization
// benchmarking 2009: noiseless functions definitions", INRIA RR-6829) does for f3/f15/f20-like
// functions that matters for a search method: the optimum moved off the centre of the box to a fixed
// x_opt ∈ [−4, 4]ⁿ, f* = 0, box [−5, 5]ⁿ. The Tosz/Tasy irregularities and rotations are not applied.
// Every function is safe to call from several threads at once.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "minima/core/batch_objective.hpp"
#include "minima/core/constraints.hpp"

namespace minima {

struct GlobalProblem {
  std::string name;         ///< e.g. "rastrigin"
  std::string description;  ///< one line
  std::string reference;
  Bounds box;                                     ///< the search box (finite)
  double f_min = 0.0;                             ///< the global minimum value
  Vector x_min;                                   ///< a global minimizer
  std::function<double(const Vector&)> function;  ///< thread-safe

  Index dimension() const { return box.lower.size(); }
  BatchObjective objective() const { return BatchObjective::from_function(function, dimension()); }
};

/// The names make_global_problem accepts, in listing order.
std::vector<std::string> list_global_problems();

/// The problem `name` in dimension n (default 10). Throws InvalidArgument for an unknown name (the
/// message lists the known ones) or an unsupported n (Fletcher–Powell: 10 only; others: n >= 2).
GlobalProblem make_global_problem(std::string_view name, std::optional<Index> n = std::nullopt);

}  // namespace minima
