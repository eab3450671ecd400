// Clustering multistart: multi-level single linkage (MLSL; A. H. G. Rinnooy Kan, G. T. Timmer,
// "Stochastic global optimization methods, part II: multi level methods", Math. Programming 39,
// 1987), with a low-discrepancy sample instead of a uniform random one as NLopt's MLSL-LDS
// (S. Kucherenko, Yu. Sytsko, "Application of deterministic low-discrepancy sequences in global
// optimization", Comput. Optim. Appl. 30, 2005).
//
// Iteration k adds `population` Sobol points (numerics/sobol.hpp, with a random digital shift drawn
// from the run's seed, so that seeds give independent runs) to the sample; with kN points
// so far, in the box scaled to [0, 1]ⁿ, the critical distance is
//   r_k = π^{−1/2} (Γ(1 + n/2) σ ln(kN) / (kN))^{1/n}.
// A local run starts from a point x of the reduced sample (the best reduced_fraction · kN points)
// unless a sample point z with f(z) < f(x) lies within r_k of x (x then belongs to z's basin), or a
// local minimum already found lies within r_k (NLopt's rule), or x started a run before. So one
// basin is, with high probability, descended once, and every basin is eventually found.
// Local runs: the bound-constrained quasi-Newton (constrained/lbfgsb.hpp) with forward-difference
// gradients. All runs started in one iteration go on together: every value and gradient they ask
// for (1 + n points each) goes into one batch for the driver's evaluator (threads), so the method
// evaluates nothing itself. Each local run is a deterministic sequence of requests and the batch
// keeps the runs' order, so the result does not depend on the number of threads. (A local run
// lives on its own small thread that waits for its values; the method drives them in lock-step.)
#pragma once

#include <memory>
#include <optional>

#include "minima/constrained/lbfgsb.hpp"
#include "minima/core/result.hpp"
#include "minima/core/stop.hpp"
#include "minima/evolution/population_method.hpp"

namespace minima {

struct Multistart {
  /// Sobol points added per iteration, N; empty: max(20, 4 n). >= 2.
  std::optional<Index> population{};
  /// γ: local runs start only from the best γ · kN sample points (the reduced sample); (0, 1].
  /// 0.3 measured best of 0.02, 0.1, 0.3, 1 on Fletcher–Powell-10 (bench/README.md).
  double reduced_fraction = 0.3;
  /// σ of the critical distance (> 0; Rinnooy Kan & Timmer prove the properties for σ > 4, NLopt
  /// uses 2; smaller values start more runs).
  double sigma = 2.0;
  /// The local method and its stop: projected-gradient test, scipy L-BFGS-B's default relative
  /// change of f (ftol = 2.2e-9, which ends runs in poor basins early without stopping one short of
  /// a minimum at f* = 0), iteration limit.
  Lbfgsb local{};
  Stop local_stop{.g_abstol = 1e-10, .f_abstol = 0.0, .f_reltol = 2.2e-9, .max_iterations = 500};
  /// Forward-difference step, relative: h_i = finite_difference_step · max(1, |x_i|).
  double finite_difference_step = 1.4901161193847656e-08;  // √ε

  /// Throws InvalidArgument naming the bad field.
  void validate() const;
};

std::unique_ptr<PopulationMethod> make_population_method(const Multistart& settings);

Result multistart(const BatchObjective& objective, const Bounds& box, const Multistart& settings = {},
                  const BlackBoxSettings& run = {}, const PopulationObserver& observer = {});

}  // namespace minima
