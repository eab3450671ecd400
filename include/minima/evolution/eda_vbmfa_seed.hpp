// eda-vbmfa-seed: EDA_vbMFA exactly as Cho & Zhang describe it (seed 002, "Bayesian evolutionary
// computation by variational mixtures of factor analyzers for continuous function optimization";
// spec evolution §2), kept for `minima reproduce eda`. The method a user should pick on the same
// model is eda-vbmfa (eda_vbmfa.hpp), which converges. Each generation:
//   1. tournament selection (size 2) of ⌊parent_ratio · N⌋ parents (N/2);
//   2. a VB-MFA fitted to the parents (vbmfa.hpp; VBEM stops when F changes by less than 5%),
//      from scratch or warm-started from the previous generation's model;
//   3. ⌊offspring_ratio · N⌋ offspring: pick a parent i at random, an analyser s by q(s_i), and
//      draw x ~ N(Λ̄_s x̄_is + μ̄_s, Ψ_s) with x̄_is the parent's posterior latent mean (the seed's
//      scheme), or with z ~ N(0, I) instead of x̄_is (`latent = prior`); a draw outside the box is
//      redrawn up to box_repair.max_resamples times, then clipped;
//   4. restricted tournament replacement (Harik 1995) with a window of 5% of N.
//   5. optionally (max_restarts > 0) a restart from a fresh uniform population when the run stagnates
//      or its model collapses (IPOP-style; the driver keeps the best point over all restarts).
// Per-generation extras: "analysers", "latent_dims" (mean latent dimensionality), "vbem_iters",
// "max_std" (the widest analyser's largest standard deviation), "replaced" (RTR replacements),
// "restart" and "population" (the current run's N).
//
// What the defaults achieve (bench/README.md, `bench_eda_vbmfa`, 20 runs, 10⁶ evaluations, N = 800):
// Fletcher–Powell-10 and Rosenbrock-10 are NOT solved to f < 1e-6 (0/20 each; the goal is
// 19/20 on Fletcher–Powell). The population keeps its spread (RTR preserves niches, the analysers
// stay wide) and converges slowly onto a local minimum. Tried and measured without a gain (a few
// seeds each, 2·10⁵–10⁶ evaluations, see bench/README.md): restarts on stagnation (20 runs of
// 10⁶: 0 successes in 185 runs started on Fletcher–Powell, worse on Rosenbrock, hence off by
// default), a VBEM tolerance of 1e-2, 1e-4 or 1e-6 instead of 5%, warm starts, F-guided death
// moves, one shared noise Ψ (20 runs: Fletcher–Powell median 52 against 65, Rosenbrock 2.0 against
// 0.72, none solved), 32 or 64 analysers, up to d − 1 factors, latent sampling from the
// posterior or the prior, tournament sizes 4–16, parent ratios 0.1–0.25, offspring ratios
// 0.1–0.25, RTR windows 0.1%–20%, N from 400 to 6400.
#pragma once

#include <memory>

#include "minima/core/result.hpp"
#include "minima/evolution/box_repair.hpp"
#include "minima/evolution/population_method.hpp"
#include "minima/evolution/vbmfa.hpp"

namespace minima {

/// Where the latent z of an offspring comes from.
enum class EdaVbMfaLatent {
  posterior_mean,    ///< x̄_is of the chosen parent (the seed's scheme)
  posterior_sample,  ///< z ~ N(x̄_is, Σ^s), the parent's whole latent posterior
  prior,             ///< z ~ N(0, I): a plain draw from the fitted mixture component
};

struct EdaVbMfaSeed {
  /// Population size N (>= 8). The seed tries 200 … 6400; 800 is the smallest that did not
  /// collapse early on Fletcher–Powell-10 in our trials.
  Index population = 800;
  /// Parents per generation as a fraction of N (the seed: half), in (0, 1].
  double parent_ratio = 0.5;
  /// Tournament size of the selection (the seed: 2), >= 1.
  int tournament_size = 2;
  /// Offspring per generation as a fraction of N, in (0, 1].
  double offspring_ratio = 0.5;
  /// The RTR window as a fraction of N (the seed: 5%), at least one member.
  double window_fraction = 0.05;
  /// The model's settings (the seed's 5% stopping rule is VbMfa's default). Its seed is ignored:
  /// each generation draws one from the run's generator. At most 2 factors per analyser: with
  /// up to d − 1 the noise Ψ_s left for sampling is tiny, offspring nearly copy their parents and
  /// the population collapsed on Fletcher–Powell-10 (our trials); no F-guided death moves (cost).
  /// Ψ_s ≥ 1e-3 × the parents' variance: tournament selection copies parents, and an analyser fitted
  /// to copies has Ψ_s → 0 and breeds only copies (the population collapsed in 2-D without it).
  VbMfa model{.max_analysers = 8,
              .max_latent_dimensions = 2,
              .max_iterations = 50,
              .death_trials = 0,
              .noise_floor = 1e-3};
  /// Start each generation's VBEM from the previous model (analysers then only die).
  bool warm_start = false;
  EdaVbMfaLatent latent = EdaVbMfaLatent::posterior_mean;
  BoxRepair box_repair{};
  /// The model has collapsed when every analyser's largest standard deviation falls below
  /// x_tolerance times the widest side of the box: a restart, or the end of the run (converged_step).
  double x_tolerance = 1e-12;
  /// Restarts (IPOP-style, Auger & Hansen 2005): when a run stagnates or its model collapses, the
  /// population is replaced by a fresh uniform one of population_increase × the size, up to
  /// max_population; the best point so far is kept by the driver. 0 (the default): the seed's
  /// single run, which stops when the model collapses. Off by default because it did not help in
  /// 10⁶ evaluations (20 runs, N = 800, max_restarts = 100, stagnation_generations = 50): median
  /// best f 88.6 with restarts against 65.2 without on Fletcher–Powell-10 (0/20 solved either way),
  /// 5.78 against 0.719 on Rosenbrock-10. When the restarts are used up, stagnation or collapse
  /// stops the run (converged_function / converged_step).
  int max_restarts = 0;
  double population_increase = 1.0;  ///< >= 1
  Index max_population = 1'000'000;  ///< >= population
  /// A run stagnates when the population's best value has improved by no more than
  /// stagnation_tolerance × |best| over the last stagnation_generations generations (0: never).
  int stagnation_generations = 0;
  double stagnation_tolerance = 1e-3;

  /// Throws InvalidArgument naming the bad field.
  void validate() const;
};

std::unique_ptr<PopulationMethod> make_population_method(const EdaVbMfaSeed& settings);

Result eda_vbmfa_seed(const BatchObjective& objective, const Bounds& box, const EdaVbMfaSeed& settings = {},
                      const BlackBoxSettings& run = {}, const PopulationObserver& observer = {});

}  // namespace minima
