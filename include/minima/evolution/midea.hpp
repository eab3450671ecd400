// MIDEA, the mixed iterated density-estimation evolutionary algorithm (P. A. N. Bosman,
// D. Thierens, "Advancing continuous IDEAs with mixture distributions and factorization selection
// metrics", GECCO 2001 workshop; spec evolution §3). Each generation:
//   1. truncation selection of the best ⌊τN⌋ members (τ = 0.3);
//   2. clustering of the selected points by the leader algorithm (as in BEND, Bosman & Thierens'
//      leader clustering): in a random order, each point joins the first leader within
//      `cluster_threshold` of it, else becomes a leader; the distance is the Euclidean distance on
//      coordinates divided by the selected points' range in each coordinate, divided by √n (so it
//      lies in [0, 1] whatever n);
//   3. a full-covariance maximum-likelihood Gaussian per cluster;
//   4. N − ⌊τN⌋ offspring drawn from the clusters in proportion to their sizes (largest-remainder
//      rounding), kept in the box by BoxRepair, replace the worst members, so the new population is
//      the selected points and the offspring.
// One departure, for robustness in n dimensions: a cluster with fewer than n + 1 points (which has
// a singular covariance and would only copy its points) is merged into the cluster of the nearest
// leader that has enough; when none has, all the selected points form one cluster.
#pragma once

#include <memory>

#include "minima/core/result.hpp"
#include "minima/evolution/box_repair.hpp"
#include "minima/evolution/population_method.hpp"

namespace minima {

struct Midea {
  /// Population size N; ⌊τN⌋ must be at least n + 1 (checked in init).
  Index population = 400;
  /// τ: the fraction selected, in (0, 1).
  double selection_ratio = 0.3;
  /// Leader-algorithm threshold on normalised distances (> 0).
  double cluster_threshold = 0.3;
  /// Stop (status converged_step) when the largest standard deviation over all clusters falls below
  /// x_tolerance times the widest side of the box.
  double x_tolerance = 1e-12;
  BoxRepair box_repair{};

  /// Throws InvalidArgument naming the bad field.
  void validate() const;
};

std::unique_ptr<PopulationMethod> make_population_method(const Midea& settings);

Result midea(const BatchObjective& objective, const Bounds& box, const Midea& settings = {},
             const BlackBoxSettings& run = {}, const PopulationObserver& observer = {});

}  // namespace minima
