// The single Gaussian EDA: EMNA_global (Larrañaga & Lozano, "Estimation of Distribution
// Algorithms", Kluwer 2002, §3.4.3), the plainest continuous EDA and a yardstick for the mixture
// models (spec evolution §3). Each generation: truncation selection of the best
// selection_ratio · N members, the maximum-likelihood Gaussian (full covariance) of them, N
// offspring sampled from it (kept in the box by BoxRepair), and the best N of parents and offspring
// survive (elitism, so the best value never gets worse).
#pragma once

#include <memory>

#include "minima/core/result.hpp"
#include "minima/evolution/box_repair.hpp"
#include "minima/evolution/population_method.hpp"

namespace minima {

struct GaussianEda {
  /// Population size N (>= 2). The selected τN members must be at least n + 1 for a full-rank
  /// covariance (checked in init).
  Index population = 200;
  /// τ: the fraction of the population selected to fit the model, in (0, 1].
  double selection_ratio = 0.5;
  /// Stop (status converged_step) when the model's largest standard deviation falls below
  /// x_tolerance times the widest side of the box: sampling has collapsed onto a point.
  double x_tolerance = 1e-12;
  BoxRepair box_repair{};

  /// Throws InvalidArgument naming the bad field.
  void validate() const;
};

std::unique_ptr<PopulationMethod> make_population_method(const GaussianEda& settings);

Result gaussian_eda(const BatchObjective& objective, const Bounds& box, const GaussianEda& settings = {},
                    const BlackBoxSettings& run = {}, const PopulationObserver& observer = {});

}  // namespace minima
