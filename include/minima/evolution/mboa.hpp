// MBOA for continuous variables, the mixed Bayesian optimization algorithm (J. Ocenasek,
// J. Schwarz, "Estimation of distribution algorithm for mixed continuous-discrete optimization
// problems", 2nd Euro-International Symposium on Computational Intelligence, 2002; spec evolution
// §3). Each generation:
//   1. tournament selection (size tournament_size) of ⌊parent_ratio · N⌋ parents;
//   2. the model: for each variable x_i, in a random order that keeps the dependency graph acyclic,
//      a binary decision tree whose inner nodes split on an earlier variable x_j at a threshold,
//      grown greedily: a split is kept when it raises the Gaussian log-likelihood of x_i in the
//      two children by more than the BIC penalty ln(M) of its two new parameters (M parents), and
//      each child keeps at least min_leaf points; at most max_depth levels;
//   3. each leaf is a Gaussian kernel density of the parents' x_i values in it, bandwidth
//      bandwidth_scale · 1.06 σ m^{−1/5} (Silverman's rule; σ, m: the leaf's deviation and size);
//   4. offspring (as many as parents) are sampled variable by variable in the model's order: walk
//      the tree with the values already drawn, pick one kernel of the leaf uniformly, draw from it;
//      a value outside [lower_i, upper_i] is redrawn (BoxRepair), then clipped;
//   5. restricted tournament replacement (window_fraction · N) puts them in the population.
// The original grows trees for all variables at once, choosing the best split over all of them
// under the acyclicity constraint, with a Bayesian–Dirichlet-like score; the fixed random order and
// BIC here are a simpler stand-in with the same kind of model (say so when comparing).
#pragma once

#include <memory>

#include "minima/core/result.hpp"
#include "minima/evolution/box_repair.hpp"
#include "minima/evolution/population_method.hpp"

namespace minima {

struct Mboa {
  /// Population size N (>= 4).
  Index population = 400;
  /// Parents (and offspring) per generation as a fraction of N, in (0, 1].
  double parent_ratio = 0.5;
  /// Tournament size of the selection (>= 1).
  int tournament_size = 2;
  /// The RTR window as a fraction of N (at least one member).
  double window_fraction = 0.05;
  /// Least number of parents in a leaf (>= 2).
  Index min_leaf = 10;
  /// Most levels of splits in a tree (>= 0; 0: no dependencies, a univariate kernel model).
  int max_depth = 6;
  /// Multiplier of the kernel bandwidth (> 0).
  double bandwidth_scale = 1.0;
  BoxRepair box_repair{};

  /// Throws InvalidArgument naming the bad field.
  void validate() const;
};

std::unique_ptr<PopulationMethod> make_population_method(const Mboa& settings);

Result mboa(const BatchObjective& objective, const Bounds& box, const Mboa& settings = {},
            const BlackBoxSettings& run = {}, const PopulationObserver& observer = {});

}  // namespace minima
