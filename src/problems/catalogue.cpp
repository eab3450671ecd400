// The catalogue of test problems: collects the families, answers list_problems() and builds a
// problem by name after checking the dimension against the problem's rule.
#include <algorithm>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "minima/core/error.hpp"
#include "problem_family.hpp"

namespace minima {

bool ProblemInfo::supports(Index n) const {
  if (any_dimension) return n >= min_dimension && dimension_multiple > 0 && n % dimension_multiple == 0;
  return std::find(dimensions.begin(), dimensions.end(), n) != dimensions.end();
}

std::string ProblemInfo::dimension_rule() const {
  if (any_dimension) {
    std::string rule = fmt::format("n >= {}", min_dimension);
    if (dimension_multiple == 2) rule += ", even";
    if (dimension_multiple > 2) rule += fmt::format(", a multiple of {}", dimension_multiple);
    return rule;
  }
  if (dimensions.size() == 1) return fmt::format("n = {}", dimensions.front());
  return fmt::format("n in {{{}}}", fmt::join(dimensions, ", "));
}

namespace problems_detail {

namespace {

ProblemEntry make_entry(std::string name, std::string description, std::string reference, Index default_n,
                        bool any, Index min_n, Index multiple, std::vector<Index> dimensions,
                        std::function<ProblemData(Index)> build) {
  ProblemEntry e;
  e.info.name = std::move(name);
  e.info.description = std::move(description);
  e.info.reference = std::move(reference);
  e.info.default_dimension = default_n;
  e.info.any_dimension = any;
  e.info.min_dimension = min_n;
  e.info.dimension_multiple = multiple;
  e.info.dimensions = std::move(dimensions);
  e.build = std::move(build);
  return e;
}

const std::vector<ProblemEntry>& catalogue() {
  static const std::vector<ProblemEntry> entries = [] {
    std::vector<ProblemEntry> all;
    for (auto family : {rosenbrock_problems, more_garbow_hillstrom_problems, classic_problems})
      for (ProblemEntry& e : family()) all.push_back(std::move(e));
    return all;
  }();
  return entries;
}

}  // namespace

ProblemEntry fixed_dimension(std::string name, std::string description, std::string reference, Index n,
                             std::function<ProblemData(Index)> build) {
  return make_entry(std::move(name), std::move(description), std::move(reference), n, false, n, 1, {n},
                    std::move(build));
}

ProblemEntry any_dimension(std::string name, std::string description, std::string reference, Index default_n,
                           Index min_n, Index multiple, std::function<ProblemData(Index)> build) {
  return make_entry(std::move(name), std::move(description), std::move(reference), default_n, true, min_n,
                    multiple, {}, std::move(build));
}

ProblemEntry listed_dimensions(std::string name, std::string description, std::string reference,
                               Index default_n, std::vector<Index> dimensions,
                               std::function<ProblemData(Index)> build) {
  const Index min_n = *std::min_element(dimensions.begin(), dimensions.end());
  return make_entry(std::move(name), std::move(description), std::move(reference), default_n, false, min_n, 1,
                    std::move(dimensions), std::move(build));
}

void check_size(std::string_view problem, Index n, const Vector& x) {
  if (x.size() != n)
    throw InvalidArgument(
        fmt::format("problem '{}' has n = {} variables, got x of size {}", problem, n, x.size()));
}

Objective sum_of_squares(std::string name, SumOfSquares p) {
  const Index n = p.n;
  const Index m = p.m;
  auto residuals = p.residuals;
  ValueGradientFunction fg = [name, n, m, residuals](const Vector& x, Vector* grad) {
    check_size(name, n, x);
    Vector r(m);
    if (!grad) {
      residuals(x, r, nullptr);
      return r.squaredNorm();
    }
    Matrix jac = Matrix::Zero(m, n);
    residuals(x, r, &jac);
    grad->resize(n);
    grad->noalias() = 2.0 * jac.transpose() * r;
    return r.squaredNorm();
  };
  HessianFunction hess;
  if (p.second_order) {
    auto second = p.second_order;
    hess = [name, n, m, residuals, second](const Vector& x, Matrix& h) {
      check_size(name, n, x);
      Vector r(m);
      Matrix jac = Matrix::Zero(m, n);
      residuals(x, r, &jac);
      Matrix s = Matrix::Zero(n, n);
      second(x, r, s);
      h.resize(n, n);
      h.noalias() = 2.0 * (jac.transpose() * jac + s);
    };
  }
  return Objective(std::move(fg), n, std::move(hess));
}

}  // namespace problems_detail

std::vector<ProblemInfo> list_problems() {
  std::vector<ProblemInfo> infos;
  for (const auto& e : problems_detail::catalogue()) infos.push_back(e.info);
  return infos;
}

TestProblem make_problem(std::string_view name, std::optional<Index> dimension) {
  const auto& entries = problems_detail::catalogue();
  const auto it =
      std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.info.name == name; });
  if (it == entries.end()) {
    std::vector<std::string_view> names;
    for (const auto& e : entries) names.push_back(e.info.name);
    throw InvalidArgument(
        fmt::format("unknown problem '{}'; known problems: {}", name, fmt::join(names, ", ")));
  }
  const ProblemInfo& info = it->info;
  const Index n = dimension.value_or(info.default_dimension);
  if (!info.supports(n))
    throw InvalidArgument(fmt::format("problem '{}' does not support n = {}: it needs {}", info.name, n,
                                      info.dimension_rule()));
  problems_detail::ProblemData data = it->build(n);
  return TestProblem{info.name,  info.description,      info.reference,           std::move(data.x0),
                     data.f_min, std::move(data.x_min), std::move(data.objective)};
}

}  // namespace minima
