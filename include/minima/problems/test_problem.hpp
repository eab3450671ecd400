// Classic unconstrained test problems with published minima: the standard start, the known minimum
// value f* (and a minimizer where one is published or known in closed form), and the objective with
// an analytic gradient (and an analytic Hessian where practical).
//
// References: J. J. Moré, B. S. Garbow, K. E. Hillstrom, "Testing Unconstrained Optimization
// Software", ACM TOMS 7(1):17-41, 1981 (problems 1-35, "MGH #k" below); the certified values of the
// NIST StRD nonlinear regression sets MGH09, MGH10, MGH17 for Kowalik–Osborne, Meyer and Osborne 1;
// M. Jamil, X.-S. Yang, "A literature survey of benchmark functions for global optimization
// problems", Int. J. Math. Model. Numer. Optim. 4(2), 2013, for the small classics (Booth,
// Himmelblau, the camel functions).
//
// Where MGH publish f* only to six digits (e.g. Bard 8.21487...e-3) f_min holds that minimum refined
// to about ten digits by a least-squares solve from the published minimizer region, agreeing with
// every published digit; the source file says which values are refined.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "minima/core/objective.hpp"
#include "minima/core/types.hpp"

namespace minima {

struct TestProblem {
  std::string name;         ///< kebab-case id, e.g. "extended-rosenbrock"
  std::string description;  ///< one line, e.g. "Extended Rosenbrock (MGH #21), n even"
  std::string reference;    ///< e.g. "Moré, Garbow & Hillstrom (1981), problem 21"
  Vector x0;                ///< the standard start
  double f_min = 0.0;       ///< the known (global, unless the description says otherwise) minimum value
  /// A minimizer with f(x_min) = f_min when one is published or known in closed form. It need not be
  /// the only one (Himmelblau has four); the description says so when it is not.
  std::optional<Vector> x_min;
  Objective objective;  ///< analytic value and gradient; analytic Hessian where has_hessian()
  Index dimension() const { return x0.size(); }
};

/// What list_problems() reports about a problem without building it.
struct ProblemInfo {
  std::string name;
  std::string description;
  std::string reference;
  Index default_dimension = 0;  ///< the n make_problem(name) builds
  /// True: every n >= min_dimension that is a multiple of dimension_multiple is supported.
  /// False: only the n listed in `dimensions` (a fixed-size problem lists one).
  bool any_dimension = false;
  Index min_dimension = 0;
  Index dimension_multiple = 1;   ///< 2 for "n even", 4 for the extended Powell function
  std::vector<Index> dimensions;  ///< the supported n when !any_dimension (f* published only there)

  bool supports(Index n) const;
  /// Human rule, e.g. "n = 2", "n >= 2, even", "n in {4, 10}".
  std::string dimension_rule() const;
};

/// Every built-in problem, in catalogue order (MGH numbering first, then the classics).
std::vector<ProblemInfo> list_problems();

/// Builds the problem `name` in dimension `dimension` (default: ProblemInfo::default_dimension).
/// Throws InvalidArgument for an unknown name (the message lists the known names) or a dimension the
/// problem does not support (the message gives the rule).
TestProblem make_problem(std::string_view name, std::optional<Index> dimension = std::nullopt);

}  // namespace minima
