// Constrained test problems with published (or certified) optima, read from minima's data folder:
//   - "hock-schittkowski": data/hock_schittkowski.json, problems of W. Hock & K. Schittkowski,
//     "Test Examples for Nonlinear Programming Codes", Lecture Notes in Economics and Mathematical
//     Systems 187, Springer, 1981 (named "hs001" … "hs100" after their numbers in the book);
//   - "bounded": data/bounded_problems.json, bound-constrained versions of the unconstrained test
//     problems (problems/test_problem.hpp; "rosenbrock-bounded", …) with bounds that cut off the
//     unconstrained minimizer. Optima in closed form, or computed by two peers (scipy L-BFGS-B and
//     IPOPT) agreeing to at least 8 digits (scripts/bounded_problems.py writes the file and says which).
//
// Every objective and constraint is a formula (numerics/formula.hpp) over x1, …, xn, so gradients and
// Hessians are exact (dual numbers). Constraints are written in the file as "lhs = rhs",
// "lhs <= rhs" or "lhs >= rhs" and normalised here to g(x) = lhs − rhs = 0 and h(x) ≤ 0
// (core/constraints.hpp); the original text is kept as the constraint's name. data/README.md gives
// the file format.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "minima/core/constraints.hpp"
#include "minima/core/objective.hpp"
#include "minima/core/types.hpp"

namespace minima {

/// Which collection a constrained problem comes from.
enum class ConstrainedProblemKind { hock_schittkowski, bounded };
std::string_view to_string(ConstrainedProblemKind kind);  ///< "hock-schittkowski", "bounded"

struct ConstrainedProblem {
  std::string name;             ///< e.g. "hs071", "rosenbrock-bounded"
  std::string description;      ///< one line
  std::string reference;        ///< e.g. "Hock & Schittkowski (1981), problem 71"
  Vector x0;                    ///< the standard start (not always feasible: see x0_feasible)
  double f_min = 0.0;           ///< the published (or certified, see `optimum`) minimum value
  std::optional<Vector> x_min;  ///< a minimizer with f(x_min) = f_min to `precision`
  Objective objective;          ///< exact gradient and Hessian (formula, dual numbers)
  Constraints constraints;      ///< bounds, g(x) = 0, h(x) ≤ 0; names hold the constraint text

  ConstrainedProblemKind kind = ConstrainedProblemKind::hock_schittkowski;
  /// The accuracy of the published optimum: |f(x_min) − f_min| and the constraint violation at
  /// x_min are at most precision · max(1, |f_min|) (the published x* has only so many digits).
  double precision = 1e-8;
  bool x0_feasible = false;       ///< violation(x0) ≤ 1e-12 (feasible up to rounding)
  std::string objective_formula;  ///< the objective as formula text (sums of squares expanded)
  std::string base_problem;       ///< bounded kind: the unconstrained problem's name (make_problem)
  std::string optimum_source;     ///< "published", "closed form: …" or "computed: …"

  Index dimension() const { return x0.size(); }
  /// Largest violation at x: |g_i(x)|, max(h_j(x), 0), and the distance outside the bounds.
  double violation(const Vector& x) const;
};

/// What list_constrained_problems() reports without building the objectives.
struct ConstrainedProblemInfo {
  std::string name;
  std::string description;
  std::string reference;
  ConstrainedProblemKind kind = ConstrainedProblemKind::hock_schittkowski;
  Index dimension = 0;
  Index equalities = 0;
  Index inequalities = 0;
  bool has_bounds = false;
};

/// Every constrained problem: the Hock–Schittkowski set in book order, then the bounded set.
/// Throws ParseError (naming the file, problem and field) when a data file is malformed, and
/// InvalidArgument when the data folder cannot be found (problems/data_files.hpp).
std::vector<ConstrainedProblemInfo> list_constrained_problems();

/// Builds the problem `name`. Throws InvalidArgument for an unknown name (listing the known ones).
ConstrainedProblem make_constrained_problem(std::string_view name);

/// Parses one problem file's text (the format of data/README.md). `source` names the file in error
/// messages. Throws ParseError naming the problem and field for any malformed entry.
std::vector<ConstrainedProblem> parse_constrained_problems(std::string_view json_text,
                                                           std::string_view source,
                                                           ConstrainedProblemKind kind);

}  // namespace minima
