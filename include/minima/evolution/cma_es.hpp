// IPOP-CMA-ES: the covariance matrix adaptation evolution strategy with restarts that double the
// population (A. Auger, N. Hansen, "A restart CMA evolution strategy with increasing population
// size", CEC 2005), following N. Hansen, "The CMA Evolution Strategy: A Tutorial" (arXiv:1604.00772,
// 2016) for the update: weighted recombination of the best μ = ⌊λ/2⌋, cumulative step-size
// adaptation, rank-one and rank-μ covariance updates (active: negative weights for the worst),
// with the tutorial's default constants.
//
// Coordinates: the strategy runs in the box normalised to [0, 1]ⁿ (x = lower + (upper − lower) z),
// so a box with very different side lengths needs no tuning; σ₀ = initial_step in those units.
// Box handling: a sample outside the box is redrawn (BoxRepair, up to max_resamples times), then
// clipped onto the box; the point evaluated is the point used in the update, and a clipped point's step
// y = (x − m)/σ is shortened to Mahalanobis length ≤ √n + 2n/(n+2) as for injected solutions
// (Hansen, "Injecting external solutions into CMA-ES", 2011). Every evaluated point is in the box.
// Each restart starts from a uniform random mean in the box. Restart strategies:
//   ipop:  λ ← population_increase · λ at every restart (Auger & Hansen 2005);
//   bipop: two interlaced regimes (N. Hansen, "Benchmarking a BI-population CMA-ES on the BBOB-2009
//          function testbed", GECCO 2009): the large regime is IPOP's (λ_l doubles, σ₀ as set); the
//          small regime draws λ_s = ⌊λ_def (½ λ_l/λ_def)^(U₁²)⌋ (at least λ_def) and
//          σ₀·10^(−2U₂) with U₁, U₂ uniform in [0, 1], and ends a run after half the evaluations of the
//          last large run. Each restart goes to the regime that has used fewer evaluations so far.
//          Where the large populations all fall into one wide basin that is not the global one,
//          the many small runs sample more basins (Fletcher–Powell-10: bench/README.md).
//
// Restart tests (Hansen's cmaes.m defaults): TolX (σ·max(√C_ii, |p_c,i|) < tol_x · σ₀), TolFun
// (the range of this generation's values and the best values of the last 10 + ⌈30n/λ⌉ generations
// < tol_fun), condition number of C > max_condition, no effect of a 0.1σ step along a principal
// axis or of 0.2σ on a coordinate, stagnation (pycma's tolstagnation: over the last
// 100 + 100 n^1.5/λ generations the recent best and median values stopped improving), and a
// generation limit of 100 + 50 (n+3)² / √λ per restart.
#pragma once

#include <memory>
#include <optional>

#include "minima/core/result.hpp"
#include "minima/evolution/box_repair.hpp"
#include "minima/evolution/population_method.hpp"

namespace minima {

/// How restarts choose λ and σ₀ (see above).
enum class CmaEsRestarts { ipop, bipop };

struct CmaEs {
  /// λ of the first run; empty: 4 + ⌊3 ln n⌋ (the tutorial's default). At least 4 (μ = ⌊λ/2⌋ >= 2).
  std::optional<Index> population{};
  /// σ₀ in the normalised box [0, 1]ⁿ (the tutorial suggests a quarter to a third of the range).
  double initial_step = 0.3;
  /// Restarts after the first run (with bipop: large-regime restarts; small runs come on top);
  /// 0: plain CMA-ES, which stops at its first restart test.
  int max_restarts = 9;
  /// λ grows by this factor at each restart (Auger & Hansen: 2); with bipop, at each large-regime restart.
  double population_increase = 2.0;
  CmaEsRestarts restarts = CmaEsRestarts::ipop;
  /// Active CMA: the λ − μ worst points also update C, with negative weights (Hansen's tutorial,
  /// 2016, §"active CMA"), which speeds the adaptation on ill-conditioned problems.
  bool active = true;
  double tol_x = 1e-12;
  double tol_fun = 1e-12;
  double max_condition = 1e14;
  BoxRepair box_repair{};

  /// Throws InvalidArgument naming the bad field.
  void validate() const;
};

std::unique_ptr<PopulationMethod> make_population_method(const CmaEs& settings);

Result cma_es(const BatchObjective& objective, const Bounds& box, const CmaEs& settings = {},
              const BlackBoxSettings& run = {}, const PopulationObserver& observer = {});

}  // namespace minima
