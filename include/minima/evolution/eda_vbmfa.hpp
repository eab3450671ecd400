// EDA_vbMFA: the estimation-of-distribution algorithm of Cho & Zhang (seed 002, "Bayesian
// evolutionary computation by variational mixtures of factor analyzers for continuous function
// optimization"; spec evolution §2). Each generation:
//   1. tournament selection (size 2) of ⌊parent_ratio · N⌋ parents (N/2);
//   2. a VB-MFA fitted to the parents (vbmfa.hpp; VBEM stops when F changes by less than 5%),
//      from scratch or warm-started from the previous generation's model;
//   3. ⌊offspring_ratio · N⌋ offspring: pick a parent i at random, an analyser s by q(s_i), and
//      draw x ~ N(Λ̄_s x̄_is + μ̄_s, Ψ_s) with x̄_is the parent's posterior latent mean (the seed's
//      scheme), or with z ~ N(0, I) instead of x̄_is (`latent = prior`); a draw outside the box is
//      redrawn up to box_repair.max_resamples times, then clipped;
//   4. restricted tournament replacement (Harik 1995) with a window of 5% of N.
// The number of analysers of every generation's model is reported as the per-generation extra
// "analysers" (and the mean latent dimensionality as "latent_dims").
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

struct EdaVbMfa {
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
  /// Stop (converged_step) when every analyser's largest standard deviation falls below
  /// x_tolerance times the widest side of the box.
  double x_tolerance = 1e-12;

  /// Throws InvalidArgument naming the bad field.
  void validate() const;
};

std::unique_ptr<PopulationMethod> make_population_method(const EdaVbMfa& settings);

Result eda_vbmfa(const BatchObjective& objective, const Bounds& box, const EdaVbMfa& settings = {},
                 const BlackBoxSettings& run = {}, const PopulationObserver& observer = {});

}  // namespace minima
