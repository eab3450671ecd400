// Differential evolution, two strategies:
//   lshade    L-SHADE: R. Tanabe, A. Fukunaga, "Improving the search performance of SHADE using
//             linear population size reduction", IEEE CEC 2014. current-to-pbest/1/bin with an
//             external archive of replaced parents (J. Zhang, A. C. Sanderson, "JADE", IEEE TEC 2009);
//             F and CR drawn per individual around a success-history memory of H entries, updated
//             with the weighted Lehmer means of the successful values (R. Tanabe, A. Fukunaga,
//             "Success-history based parameter adaptation for differential evolution", CEC 2013);
//             the population shrinks linearly from N_init = 18 n to N_min = 4 over the evaluation
//             budget (the paper's constants: r_arc = 2.6, p = 0.11, H = 6).
//   rand1bin  the classic DE/rand/1/bin (R. Storn, K. Price, "Differential evolution — a simple and
//             efficient heuristic for global optimization over continuous spaces", J. Global
//             Optim. 11, 1997): v = x_r1 + F (x_r2 − x_r3), binomial crossover, F = 0.5, CR = 0.9,
//             N = 10 n.
// Both: a trial coordinate outside the box is put halfway between its parent's coordinate and the
// violated bound (the SHADE papers' rule), so every evaluated point is in the box; a trial replaces
// its parent when it is no worse (failed points arrive as +inf and never win).
// Collapse: when the population's values lie within tol_fun, or every coordinate's spread is within
// tol_x of its side, the run stops (status converged_function) or, with max_restarts > 0 (an
// addition to both papers, off by default), restarts from a new uniform population with the
// remaining budget as the new reduction horizon.
#pragma once

#include <memory>
#include <optional>

#include "minima/core/result.hpp"
#include "minima/evolution/population_method.hpp"

namespace minima {

enum class DeStrategy { lshade, rand1bin };

struct DifferentialEvolution {
  DeStrategy strategy = DeStrategy::lshade;
  /// Initial population; empty: 18 n for lshade (N_init = r_Ninit · n), 10 n for rand1bin. At
  /// least 4 (the mutation needs the parent and three distinct others, or pbest, r1, r2).
  std::optional<Index> population{};
  /// lshade: the final population of the linear reduction (N_min = 4 in the paper); >= 4.
  Index min_population = 4;
  /// lshade: the archive holds round(archive_rate · N) replaced parents (r_arc = 2.6).
  double archive_rate = 2.6;
  /// lshade: pbest is drawn from the best max(2, round(p_best · N)) members (p = 0.11).
  double p_best = 0.11;
  /// lshade: entries of the success-history memory of (M_F, M_CR), each starting at 0.5 (H = 6).
  int memory_size = 6;
  /// rand1bin: the differential weight F in (0, 2] and the crossover rate CR in [0, 1].
  double f = 0.5;
  double cr = 0.9;
  /// lshade: the evaluations over which the population shrinks; empty: the run's budget.
  std::optional<long> reduction_horizon{};
  /// Collapse test (restart or stop, status converged_function): range of the population's values
  /// ≤ tol_fun, or every coordinate's range ≤ tol_x times the box side.
  double tol_fun = 1e-12;
  double tol_x = 1e-12;
  /// Restarts from a fresh uniform population after a collapse; 0: stop at the first.
  int max_restarts = 0;

  /// Throws InvalidArgument naming the bad field.
  void validate() const;
};

std::unique_ptr<PopulationMethod> make_population_method(const DifferentialEvolution& settings);

Result differential_evolution(const BatchObjective& objective, const Bounds& box,
                              const DifferentialEvolution& settings = {}, const BlackBoxSettings& run = {},
                              const PopulationObserver& observer = {});

}  // namespace minima
