// Constraint text → g = 0 / h ≤ 0: find the one comparison, parse each side as a formula, subtract.
#include "minima/problems/constraint_formula.hpp"

#include <fmt/format.h>

#include "minima/numerics/formula.hpp"

namespace minima {

ConstraintParseError::ConstraintParseError(std::string_view text, std::size_t position, std::string_view what)
    : ParseError(fmt::format("constraint '{}': position {}: {}", text, position, what)),
      position_(position) {}

ConstraintFormula parse_constraint(std::string_view text, const std::vector<std::string>& variables) {
  enum class Kind { le, ge, eq };
  std::size_t op = std::string_view::npos, op_len = 0;
  Kind kind = Kind::eq;
  int operators = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    std::size_t len = 0;
    Kind k = Kind::eq;
    if ((c == '<' || c == '>') && next == '=') {
      len = 2;
      k = c == '<' ? Kind::le : Kind::ge;
    } else if (c == '=') {
      len = next == '=' ? 2 : 1;
    } else if (c == '<' || c == '>') {
      throw ConstraintParseError(text, i + 1, "use <= or >= (strict inequalities are not supported)");
    }
    if (len == 0) continue;
    if (++operators > 1)
      throw ConstraintParseError(text, i + 1, "a second comparison (give one constraint at a time)");
    op = i;
    op_len = len;
    kind = k;
    i += len - 1;
  }
  if (op == std::string_view::npos)
    throw ConstraintParseError(text, text.size() + 1, "expected a comparison <=, >= or =");
  auto parse_side = [&](std::size_t from, std::size_t to) {
    try {
      return Formula::parse(text.substr(from, to - from), variables);
    } catch (const FormulaParseError& e) {
      // The formula's message is "position p: what"; the position is re-based on the whole text.
      std::string what = e.what();
      const auto colon = what.find(": ");
      if (colon != std::string::npos) what = what.substr(colon + 2);
      throw ConstraintParseError(text, from + e.position(), what);
    }
  };
  const Objective left = parse_side(0, op).objective();
  const Objective right = parse_side(op + op_len, text.size()).objective();
  const double sign = kind == Kind::ge ? -1.0 : 1.0;
  const auto n = static_cast<Index>(variables.size());
  Objective difference(
      [left, right, sign, n](const Vector& x, Vector* g) {
        if (!g) return sign * (left(x) - right(x));
        Vector gr(n);
        const double v = sign * (left(x, g) - right(x, &gr));
        *g = sign * (*g - gr);
        return v;
      },
      n);
  return {difference, kind == Kind::eq};
}

void add_constraint(Constraints& constraints, std::string_view text,
                    const std::vector<std::string>& variables) {
  ConstraintFormula c = parse_constraint(text, variables);
  if (c.equality) {
    constraints.equalities.push_back(std::move(c.function));
    constraints.equality_names.emplace_back(text);
  } else {
    constraints.inequalities.push_back(std::move(c.function));
    constraints.inequality_names.emplace_back(text);
  }
}

}  // namespace minima
