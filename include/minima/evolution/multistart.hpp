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
// The starts of an iteration wait in order of value, best first; up to concurrent_runs of them run
// at once, and a waiting start is dropped when a local minimum found meanwhile lies within r_k.
// Local runs (local_method): BOBYQA (derivative_free/bobyqa.hpp, the default: quadratic models
// from 2n + 1 values, then about one value per step) or the bound-constrained quasi-Newton
// (constrained/lbfgsb.hpp) on forward-difference gradients (1 + n values each). Explore, then
// refine (explore_tolerance): a run from a sample point stops at a loose tolerance, and only a run
// that ends below every exploration before it goes on to the full tolerance — runs in poor basins
// end early, and no basin's value is judged against a more refined one.
// All runs going at once go on together: every value and gradient they ask for goes into one batch
// for the driver's evaluator (threads), so the method evaluates nothing itself. Each local run is a
// deterministic sequence of requests and the batch keeps the runs' order, so the result does not
// depend on the number of threads. (A local run lives on its own small thread that waits for its
// values; the method drives them in lock-step.)
#pragma once

#include <memory>
#include <optional>

#include "minima/constrained/lbfgsb.hpp"
#include "minima/core/result.hpp"
#include "minima/core/stop.hpp"
#include "minima/derivative_free/bobyqa.hpp"
#include "minima/evolution/population_method.hpp"

namespace minima {

/// The local method of multistart's runs.
enum class MultistartLocal {
  bobyqa,  ///< BOBYQA (derivative_free/bobyqa.hpp): quadratic interpolation, one value per step
  lbfgsb,  ///< the bound-constrained quasi-Newton on forward differences (1 + n values per gradient)
};

struct Multistart {
  /// Sobol points added per iteration, N; empty: max(20, 4 n). >= 2.
  std::optional<Index> population{};
  /// γ: local runs start only from the best γ · kN sample points (the reduced sample); (0, 1].
  /// 0.3 measured best of 0.02, 0.1, 0.3, 1 on Fletcher–Powell-10 (bench/README.md).
  double reduced_fraction = 0.3;
  /// σ of the critical distance (> 0; Rinnooy Kan & Timmer prove the properties for σ > 4, NLopt
  /// uses 2; smaller values start more runs).
  double sigma = 2.0;
  /// How many local runs go on at once (>= 1; empty: every run an iteration starts). The runs wait
  /// in order of their start's value, best first, and a waiting start is dropped when a local
  /// minimum found meanwhile lies within r_k of it. Fewer runs at once find a good basin after
  /// fewer evaluations when the best starts lead to it; more runs fill larger batches (threads).
  std::optional<Index> concurrent_runs{};
  /// BOBYQA measured 20/20 at about a quarter of lbfgsb's evaluations on Fletcher–Powell-10
  /// (bench/README.md, bench_global_goals).
  MultistartLocal local_method = MultistartLocal::bobyqa;

  /// BOBYQA's settings; rho_begin unset: bobyqa_radius · the narrowest box width (0.2 measured
  /// better than 0.05 and 0.1 on Fletcher–Powell-10: long first steps pass over shallow basins).
  Bobyqa bobyqa{};
  double bobyqa_radius = 0.2;
  /// BOBYQA's stop (its own iteration is one value; no gradient, so g_abstol stays at its default).
  Stop bobyqa_stop{.max_iterations = 5000};
  /// Explore, then refine: when > 0, a run from a sample point stops early — BOBYQA at
  /// ρ_end = explore_tolerance · the narrowest box width, lbfgsb at this relative change of f — and
  /// only a run that ends below every such exploration before it is refined to the full tolerance
  /// (a new run from its end point: BOBYQA from the exploration's last ρ to bobyqa.rho_end, lbfgsb
  /// with local_stop). 0: every run goes to the full tolerance.
  double explore_tolerance = 1.5e-3;

  /// The lbfgsb runs and their stop: projected-gradient test, scipy L-BFGS-B's default relative
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
