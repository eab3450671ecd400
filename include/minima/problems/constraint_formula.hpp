// Constraints written as text over a formula's variables — "x^2+y^2 <= 1", "x+y = 1", "x >= 0" — read
// into the g(x) = 0, h(x) ≤ 0 form of core/constraints.hpp, as the CLI's --subject-to and programs
// that take constraints from a user need them. Each side is a formula (numerics/formula.hpp), so the
// constraint has an exact gradient:
//
//   Constraints c;
//   add_constraint(c, "x^2 + y^2 <= 1", {"x", "y"});   // h = (x^2 + y^2) − 1 ≤ 0
//   add_constraint(c, "x >= 0.5", {"x", "y"});         // h = 0.5 − x ≤ 0
//   add_constraint(c, "x + y = 1", {"x", "y"});        // g = (x + y) − 1 = 0 ("==" is taken too)
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "minima/core/constraints.hpp"
#include "minima/core/error.hpp"
#include "minima/core/objective.hpp"

namespace minima {

/// A malformed constraint: the message is "constraint '<text>': position <p>: <what>", with the
/// 1-based position in the text of the offending character (`position()`).
class ConstraintParseError : public ParseError {
 public:
  ConstraintParseError(std::string_view text, std::size_t position, std::string_view what);
  std::size_t position() const { return position_; }

 private:
  std::size_t position_;
};

/// One constraint read from its text: lhs − rhs (≤ 0 or = 0), rhs − lhs for ≥.
struct ConstraintFormula {
  Objective function;
  bool equality = false;
};

/// Reads "lhs <= rhs", "lhs >= rhs" or "lhs = rhs" (also "==") over `variables` (the objective's,
/// in its order). Exactly one comparison; strict < and > are refused (a minimizer of a strict
/// inequality need not exist). Throws ConstraintParseError.
ConstraintFormula parse_constraint(std::string_view text, const std::vector<std::string>& variables);

/// parse_constraint, then appends the function to `constraints`' equalities or inequalities with
/// the text as its name (what reports print).
void add_constraint(Constraints& constraints, std::string_view text,
                    const std::vector<std::string>& variables);

}  // namespace minima
