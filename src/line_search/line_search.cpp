// The line-search variant: names, validation and dispatch.
#include "minima/line_search/line_search.hpp"

#include <cmath>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {
namespace {
void require(bool ok, const char* type, const char* field, double value, const char* rule) {
  if (!ok) throw InvalidArgument(fmt::format("{}::{} = {}: must satisfy {}", type, field, value, rule));
}
}  // namespace

void Backtracking::validate() const {
  require(c1 > 0.0 && c1 < 1.0, "Backtracking", "c1", c1, "0 < c1 < 1");
  require(shrink > 0.0 && shrink < 1.0, "Backtracking", "shrink", shrink, "0 < shrink < 1");
  require(max_evaluations >= 1, "Backtracking", "max_evaluations", max_evaluations, "max_evaluations >= 1");
}

void GoldenSection::validate() const {
  require(tolerance > 0.0 && std::isfinite(tolerance), "GoldenSection", "tolerance", tolerance,
          "0 < tolerance < inf");
  require(max_evaluations >= 3, "GoldenSection", "max_evaluations", max_evaluations, "max_evaluations >= 3");
}

void StrongWolfe::validate() const {
  require(c1 > 0.0 && c1 < 1.0, "StrongWolfe", "c1", c1, "0 < c1 < c2 < 1");
  require(c2 > c1 && c2 < 1.0, "StrongWolfe", "c2", c2, "c1 < c2 < 1");
  require(max_evaluations >= 1, "StrongWolfe", "max_evaluations", max_evaluations, "max_evaluations >= 1");
  require(max_step > 0.0, "StrongWolfe", "max_step", max_step, "max_step > 0");
}

std::string_view name(const LineSearch& search) {
  struct Visitor {
    std::string_view operator()(const Backtracking&) const { return "backtracking"; }
    std::string_view operator()(const GoldenSection&) const { return "golden-section"; }
    std::string_view operator()(const StrongWolfe&) const { return "strong-wolfe"; }
  };
  return std::visit(Visitor{}, search);
}

void validate(const LineSearch& search) {
  std::visit([](const auto& s) { s.validate(); }, search);
}

LineSearchResult line_search(const LineSearch& search, LineFunction& phi, double f0, double slope0,
                             double alpha0) {
  struct Visitor {
    LineFunction& phi;
    double f0, slope0, alpha0;
    LineSearchResult operator()(const Backtracking& s) const {
      return backtracking_search(s, phi, f0, slope0, alpha0);
    }
    LineSearchResult operator()(const GoldenSection& s) const {
      return golden_section_search(s, phi, f0, slope0, alpha0);
    }
    LineSearchResult operator()(const StrongWolfe& s) const {
      return strong_wolfe_search(s, phi, f0, slope0, alpha0);
    }
  };
  return std::visit(Visitor{phi, f0, slope0, alpha0}, search);
}

}  // namespace minima
