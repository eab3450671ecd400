// Nelder–Mead simplex search without derivatives ("nelder-mead"), with the adaptive coefficients of
// F. Gao & L. Han, "Implementing the Nelder-Mead simplex algorithm with adaptive parameters",
// Comput. Optim. Appl. 51:259–277, 2012 (reflection 1, expansion 1 + 2/n, contraction
// 0.75 − 1/(2n), shrink 1 − 1/n: in high dimension the standard 1, 2, ½, ½ shrink the simplex
// in one direction too fast) from n = 9 free variables up (adaptive_min_dimension; the standard
// coefficients below, measured faster there), on the iteration of J. C. Lagarias, J. A. Reeds, M. H. Wright &
// P. E. Wright, SIAM J. Optim. 9(1):112–147, 1998 (reflect; expand; outside or inside contraction;
// shrink).
//
//  - Start: x0 and x0 + h_k e_k with h_k = initial_step_relative · |x0_k| (initial_step_absolute
//    where x0_k = 0), scipy's simplex (5 % and 0.00025), or a simplex the caller gives.
//  - Stop: scipy's test, both max_i ‖v_i − v_best‖∞ ≤ x_abstol and max_i |f_i − f_best| ≤ f_abstol
//    (status converged_step). Each driver iteration is one simplex iteration; the driver's Stop
//    tolerances see the simplex's diameter as the step and its f spread as the change of f.
//  - Bounds (through minimize_constrained): every trial point is projected onto the box; variables
//    whose bounds coincide are fixed and left out of the simplex.
//  - Degenerate simplex: when the edges v_i − v_best, each scaled to unit length, have a smallest
//    singular value below degenerate_tolerance (a projection onto a face or repeated contractions
//    flatten the simplex, and the search then cannot leave a subspace; the measure is 1 for the
//    axis simplex and 1/√2 for the regular one, whatever n), the simplex is rebuilt around its best
//    vertex along the axes with its current diameter as the step (at most max_restarts times). A
//    given initial simplex that is degenerate is rebuilt the same way, and the message says so.
// No gradient is evaluated; the Result counts function evaluations only.
#pragma once

#include <memory>
#include <optional>

#include "minima/core/constraints.hpp"
#include "minima/core/driver.hpp"

namespace minima {

struct NelderMead {
  /// Converged when every vertex lies within x_abstol of the best one (max-norm) and ...
  double x_abstol = 1e-8;
  /// ... every vertex's f lies within f_abstol of the best f (scipy's xatol, fatol; both > 0;
  /// scipy's defaults are 1e-4, loose for minima's other methods' standards).
  double f_abstol = 1e-8;
  /// Adaptive coefficients of Gao & Han (true) for problems of at least adaptive_min_dimension free
  /// variables, the standard 1, 2, ½, ½ below it; false: the standard ones always (scipy's default).
  bool adaptive = true;
  /// The fewest free variables for which `adaptive` takes Gao & Han's coefficients; ≥ 1 (1: always).
  /// 9 by measurement: on the Moré–Wild data profiles (n = 2…12, bench/README.md) the standard
  /// coefficients solve more problems at small budgets and the adaptive ones more at the full budget
  /// once n ≥ 8–9; at n = 2 the two sets coincide. Gao & Han's motivation is high dimension.
  Index adaptive_min_dimension = 9;
  /// Initial simplex steps: initial_step_relative · |x0_k|, or initial_step_absolute where x0_k = 0
  /// (scipy's 0.05 and 0.00025); > 0.
  double initial_step_relative = 0.05;
  double initial_step_absolute = 0.00025;
  /// Optional initial simplex besides x0: n × n, one vertex per column (scipy's initial_simplex
  /// without its first row). Empty: built from x0 as above.
  Matrix initial_simplex{};
  /// A simplex whose unit-scaled edge matrix has a smallest singular value below this is rebuilt;
  /// in [0, 1).
  double degenerate_tolerance = 1e-10;
  /// Rebuilds of a degenerate simplex allowed during one run; ≥ 0.
  int max_restarts = 10;

  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

/// The iterative method for run_iterations, without bounds (an empty Bounds) or on a box (x0 must
/// lie in it; minimize_constrained projects it). Validates first.
std::unique_ptr<IterativeMethod> make_iterative_method(const NelderMead& method, Bounds bounds = {});

}  // namespace minima
