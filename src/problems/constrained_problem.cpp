// Reads the constrained problem files (data/hock_schittkowski.json, data/bounded_problems.json) into
// ConstrainedProblem values: formulas parsed once per build, constraints normalised to g = 0, h ≤ 0.
#include "minima/problems/constrained_problem.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "minima/core/error.hpp"
#include "minima/numerics/formula.hpp"
#include "minima/problems/data_files.hpp"

namespace minima {

std::string_view to_string(ConstrainedProblemKind kind) {
  switch (kind) {
    case ConstrainedProblemKind::hock_schittkowski:
      return "hock-schittkowski";
    case ConstrainedProblemKind::bounded:
      return "bounded";
  }
  return "unknown";
}

double ConstrainedProblem::violation(const Vector& x) const {
  double v = 0.0;
  for (const Objective& g : constraints.equalities) v = std::max(v, std::abs(g(x)));
  for (const Objective& h : constraints.inequalities) v = std::max(v, h(x));
  const Bounds b = constraints.bounds.expanded(x.size());
  for (Index i = 0; i < x.size(); ++i) v = std::max({v, b.lower[i] - x[i], x[i] - b.upper[i]});
  return std::isnan(v) ? std::numeric_limits<double>::infinity() : v;
}

namespace {

using nlohmann::json;

/// x0 counts as feasible when no constraint is violated by more than rounding (HS 32: 1 − 0.1 − 0.7 − 0.2).
constexpr double kFeasibleAtStart = 1e-12;

/// Builds ParseErrors that name the file, the problem and the field.
struct Context {
  std::string source;
  std::string problem;

  [[noreturn]] void fail(std::string_view field, std::string_view what) const {
    std::string message = source;
    message += ": problem '";
    message += problem;
    message += "', field '";
    message += field;
    message += "': ";
    message += what;
    throw ParseError(message);
  }
};

const json& require(const json& entry, const char* field, const Context& ctx) {
  if (!entry.contains(field)) ctx.fail(field, "missing");
  return entry.at(field);
}

std::string string_field(const json& entry, const char* field, const Context& ctx, bool required) {
  if (!entry.contains(field)) {
    if (required) ctx.fail(field, "missing");
    return {};
  }
  const json& v = entry.at(field);
  if (!v.is_string()) ctx.fail(field, "expected a string");
  return v.get<std::string>();
}

double number(const json& v, std::string_view field, const Context& ctx) {
  if (!v.is_number()) ctx.fail(field, fmt::format("expected a number, found {}", v.dump()));
  const double d = v.get<double>();
  if (!std::isfinite(d)) ctx.fail(field, "not finite");
  return d;
}

/// A vector of n numbers; with `none` set, null entries become `none` (an absent bound).
Vector vector_field(const json& v, std::string_view field, Index n, const Context& ctx,
                    std::optional<double> none = std::nullopt) {
  if (!v.is_array()) ctx.fail(field, "expected an array");
  if (static_cast<Index>(v.size()) != n)
    ctx.fail(field, fmt::format("has {} entries for {} variables", v.size(), n));
  Vector out(n);
  for (Index i = 0; i < n; ++i) {
    const json& e = v[static_cast<std::size_t>(i)];
    const std::string where = fmt::format("{}[{}]", field, i);
    if (e.is_null() && none) {
      out[i] = *none;
    } else {
      out[i] = number(e, where, ctx);
    }
  }
  return out;
}

Formula parse_formula(const std::string& text, const std::vector<std::string>& variables,
                      std::string_view field, const Context& ctx) {
  try {
    return Formula::parse(text, variables);
  } catch (const ParseError& e) {
    ctx.fail(field, fmt::format("{} in \"{}\"", e.what(), text));
  }
}

struct SplitConstraint {
  bool equality = false;
  std::string expression;  // g = expression = 0, or h = expression ≤ 0
};

/// "lhs >= rhs" → h = rhs − lhs ≤ 0; "lhs <= rhs" → h = lhs − rhs; "lhs = rhs" (or "==") → g = lhs − rhs.
SplitConstraint split_constraint(const std::string& text, std::string_view field, const Context& ctx) {
  const auto wrap = [](std::string_view a, std::string_view b) {
    std::string s = "(";
    s += a;
    s += ") - (";
    s += b;
    s += ")";
    return s;
  };
  const auto count = std::count_if(text.begin(), text.end(), [](char c) { return c == '<' || c == '>'; });
  if (count > 1) ctx.fail(field, fmt::format("\"{}\" has more than one comparison", text));
  for (const std::string_view op : {">=", "<="}) {
    const auto at = text.find(op);
    if (at == std::string::npos) continue;
    const std::string_view lhs = std::string_view(text).substr(0, at);
    const std::string_view rhs = std::string_view(text).substr(at + 2);
    if (rhs.find('=') != std::string_view::npos)
      ctx.fail(field, fmt::format("\"{}\" has more than one comparison", text));
    return op == ">=" ? SplitConstraint{false, wrap(rhs, lhs)} : SplitConstraint{false, wrap(lhs, rhs)};
  }
  if (count == 1)
    ctx.fail(field, fmt::format("\"{}\": strict '<' or '>' is not supported; use <= or >=", text));
  const auto at = text.find('=');
  if (at == std::string::npos) ctx.fail(field, fmt::format("\"{}\" has no '=', '<=' or '>='", text));
  const std::size_t width = text.compare(at, 2, "==") == 0 ? 2 : 1;
  const std::string_view rhs = std::string_view(text).substr(at + width);
  if (rhs.find('=') != std::string_view::npos)
    ctx.fail(field, fmt::format("\"{}\" has more than one comparison", text));
  return {true, wrap(std::string_view(text).substr(0, at), rhs)};
}

ConstrainedProblem parse_entry(const json& entry, std::size_t position, const std::string& source,
                               ConstrainedProblemKind kind) {
  Context ctx{source, fmt::format("#{}", position + 1)};
  if (!entry.is_object()) ctx.fail("problems", "each problem must be a JSON object");
  const std::string name = string_field(entry, "name", ctx, true);
  if (name.empty()) ctx.fail("name", "empty");
  ctx.problem = name;

  const json& variables = require(entry, "variables", ctx);
  if (!variables.is_number_integer() || variables.get<long long>() < 1 || variables.get<long long>() > 100000)
    ctx.fail("variables", "expected a positive integer (the number of variables x1, ..., xn)");
  const Index n = variables.get<Index>();
  std::vector<std::string> names;
  for (Index i = 1; i <= n; ++i) names.push_back(fmt::format("x{}", i));

  // The objective: a formula, or a list of residuals whose squares are summed.
  const bool has_objective = entry.contains("objective"), has_residuals = entry.contains("residuals");
  if (has_objective == has_residuals)
    ctx.fail("objective", "give exactly one of 'objective' and 'residuals'");
  std::string objective_text;
  if (has_objective) {
    objective_text = string_field(entry, "objective", ctx, true);
  } else {
    const json& residuals = entry.at("residuals");
    if (!residuals.is_array() || residuals.empty())
      ctx.fail("residuals", "expected a non-empty array of formulas");
    for (std::size_t i = 0; i < residuals.size(); ++i) {
      const std::string field = fmt::format("residuals[{}]", i);
      if (!residuals[i].is_string()) ctx.fail(field, "expected a formula string");
      const std::string text = residuals[i].get<std::string>();
      parse_formula(text, names, field, ctx);  // reports a bad residual by its own index
      if (i > 0) objective_text += " + ";
      objective_text += "(";
      objective_text += text;
      objective_text += ")^2";
    }
  }
  ConstrainedProblem p{
      name,
      {},
      {},
      {},
      0.0,
      std::nullopt,
      parse_formula(objective_text, names, has_objective ? "objective" : "residuals", ctx).objective(),
      {},
      kind,
      1e-8,
      false,
      objective_text,
      {},
      {}};
  p.description = string_field(entry, "description", ctx, false);
  p.reference = string_field(entry, "reference", ctx, false);
  if (p.reference.empty() && kind == ConstrainedProblemKind::hock_schittkowski) {
    const json& number_field = require(entry, "number", ctx);
    if (!number_field.is_number_integer()) ctx.fail("number", "expected an integer");
    p.reference = fmt::format("Hock & Schittkowski (1981), problem {}", number_field.get<int>());
  }
  p.base_problem = string_field(entry, "base", ctx, false);
  p.optimum_source = string_field(entry, "optimum", ctx, false);
  if (p.optimum_source.empty()) p.optimum_source = "published";

  if (entry.contains("constraints")) {
    const json& list = entry.at("constraints");
    if (!list.is_array()) ctx.fail("constraints", "expected an array of strings");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string field = fmt::format("constraints[{}]", i);
      if (!list[i].is_string()) ctx.fail(field, "expected a string such as \"x1*x2 >= 25\"");
      const std::string text = list[i].get<std::string>();
      const SplitConstraint c = split_constraint(text, field, ctx);
      Objective g = parse_formula(c.expression, names, field, ctx).objective();
      if (c.equality) {
        p.constraints.equalities.push_back(std::move(g));
        p.constraints.equality_names.push_back(text);
      } else {
        p.constraints.inequalities.push_back(std::move(g));
        p.constraints.inequality_names.push_back(text);
      }
    }
  }

  if (entry.contains("bounds")) {
    const json& b = entry.at("bounds");
    if (!b.is_object()) ctx.fail("bounds", "expected an object with 'lower' and/or 'upper'");
    constexpr double inf = std::numeric_limits<double>::infinity();
    if (b.contains("lower"))
      p.constraints.bounds.lower = vector_field(b.at("lower"), "bounds.lower", n, ctx, -inf);
    if (b.contains("upper"))
      p.constraints.bounds.upper = vector_field(b.at("upper"), "bounds.upper", n, ctx, inf);
    try {
      p.constraints.bounds.validate(n);
    } catch (const InvalidArgument& e) {
      ctx.fail("bounds", e.what());
    }
  }

  p.x0 = vector_field(require(entry, "x0", ctx), "x0", n, ctx);
  p.f_min = number(require(entry, "f_min", ctx), "f_min", ctx);
  if (entry.contains("x_min") && !entry.at("x_min").is_null())
    p.x_min = vector_field(entry.at("x_min"), "x_min", n, ctx);
  if (entry.contains("precision")) {
    p.precision = number(entry.at("precision"), "precision", ctx);
    if (!(p.precision > 0.0 && p.precision < 1.0)) ctx.fail("precision", "expected a number in (0, 1)");
  }
  p.x0_feasible = p.violation(p.x0) <= kFeasibleAtStart;
  if (entry.contains("x0_feasible")) {
    const json& v = entry.at("x0_feasible");
    if (!v.is_boolean()) ctx.fail("x0_feasible", "expected true or false");
    if (v.get<bool>() != p.x0_feasible)
      ctx.fail("x0_feasible",
               fmt::format("says {} but the violation at x0 is {}", v.get<bool>(), p.violation(p.x0)));
  }
  return p;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw InvalidArgument(fmt::format("cannot open {}", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct ProblemFile {
  const char* file;
  ConstrainedProblemKind kind;
};
constexpr ProblemFile kFiles[] = {{"hock_schittkowski.json", ConstrainedProblemKind::hock_schittkowski},
                                  {"bounded_problems.json", ConstrainedProblemKind::bounded}};

std::vector<ConstrainedProblem> load_all() {
  std::vector<ConstrainedProblem> all;
  for (const ProblemFile& f : kFiles) {
    const std::filesystem::path path = data_file(f.file);
    for (ConstrainedProblem& p : parse_constrained_problems(read_file(path), path.string(), f.kind))
      all.push_back(std::move(p));
  }
  return all;
}

}  // namespace

std::vector<ConstrainedProblem> parse_constrained_problems(std::string_view json_text,
                                                           std::string_view source,
                                                           ConstrainedProblemKind kind) {
  json doc;
  try {
    doc = json::parse(json_text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for numbers such as 1e400
    throw ParseError(fmt::format("{}: {}", source, e.what()));
  }
  if (!doc.is_object() || !doc.contains("problems") || !doc.at("problems").is_array())
    throw ParseError(fmt::format("{}: expected an object with a 'problems' array", source));
  std::vector<ConstrainedProblem> problems;
  const json& list = doc.at("problems");
  for (std::size_t i = 0; i < list.size(); ++i) {
    ConstrainedProblem p = parse_entry(list[i], i, std::string(source), kind);
    for (const ConstrainedProblem& q : problems)
      if (q.name == p.name) throw ParseError(fmt::format("{}: problem '{}' appears twice", source, p.name));
    problems.push_back(std::move(p));
  }
  return problems;
}

std::vector<ConstrainedProblemInfo> list_constrained_problems() {
  std::vector<ConstrainedProblemInfo> infos;
  for (const ConstrainedProblem& p : load_all()) {
    ConstrainedProblemInfo info;
    info.name = p.name;
    info.description = p.description;
    info.reference = p.reference;
    info.kind = p.kind;
    info.dimension = p.dimension();
    info.equalities = static_cast<Index>(p.constraints.equalities.size());
    info.inequalities = static_cast<Index>(p.constraints.inequalities.size());
    info.has_bounds = !p.constraints.bounds.empty();
    infos.push_back(std::move(info));
  }
  return infos;
}

ConstrainedProblem make_constrained_problem(std::string_view name) {
  std::vector<ConstrainedProblem> all = load_all();
  for (ConstrainedProblem& p : all)
    if (p.name == name) return std::move(p);
  std::vector<std::string_view> names;
  for (const ConstrainedProblem& p : all) names.push_back(p.name);
  throw InvalidArgument(
      fmt::format("unknown constrained problem '{}'; known problems: {}", name, fmt::join(names, ", ")));
}

}  // namespace minima
