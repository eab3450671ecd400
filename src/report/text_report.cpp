#include "minima/report/text_report.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "minima/report/table.hpp"

namespace minima {

std::string format_vector(const Vector& x, Index max_entries, int significant) {
  const Index n = x.size();
  if (max_entries < 2) max_entries = 2;
  std::string out = "[";
  auto append = [&](Index i) {
    if (out.size() > 1) out += ", ";
    out += format_number(x[i], significant);
  };
  if (n <= max_entries) {
    for (Index i = 0; i < n; ++i) append(i);
    return out + "]";
  }
  for (Index i = 0; i < max_entries - 1; ++i) append(i);
  out += ", …";
  append(n - 1);
  return out + fmt::format("]  (n = {})", n);
}

std::string result_report(const Result& r) {
  std::string status = std::string(to_string(r.status));
  if (!r.message.empty()) status += ": " + r.message;
  const std::string method = r.method.empty() ? "(unnamed)" : r.method;
  std::string out;
  auto line = [&out](const char* label, const std::string& value) {
    out += fmt::format("{:<13}{}\n", label, value);
  };
  line("method", method);
  line("status", status);
  line("f", format_number(r.f, 12));
  // "‖∇f‖∞" is five code points in eight bytes: pad by hand so the values line up.
  // A derivative-free method evaluates no ∇f: no line rather than "nan".
  if (!r.population && !(std::isnan(r.gradient_norm) && r.evaluations.gradient == 0))
    out += "‖∇f‖∞" + std::string(8, ' ') + format_number(r.gradient_norm, 4) + "\n";
  line("x", format_vector(r.x));
  line(r.population ? "generations" : "iterations", std::to_string(r.iterations));
  line("evaluations", fmt::format("f {}, ∇f {}, ∇²f {}", r.evaluations.function, r.evaluations.gradient,
                                  r.evaluations.hessian));
  line("seconds", format_number(r.seconds, 3));
  if (r.second_order) {
    const SecondOrderCheck& c = *r.second_order;
    std::string text =
        fmt::format("{} (λ_min(∇²f) = {})", c.holds ? "holds" : "fails", format_number(c.min_eigenvalue, 3));
    if (c.escapes) text += fmt::format(", left {} saddle or maximum along negative curvature", c.escapes);
    line("second order", text);
  }
  if (r.kkt) {
    const KktReport& k = *r.kkt;
    line("feasible", k.feasible ? "yes" : "no");
    line("kkt",
         fmt::format("stationarity {}, primal {}, dual {}, complementarity {}",
                     format_number(k.stationarity, 3), format_number(k.primal_feasibility, 3),
                     format_number(k.dual_feasibility, 3), format_number(k.complementary_slackness, 3)));
    if (k.equality_multipliers.size()) line("lambda (g=0)", format_vector(k.equality_multipliers));
    if (k.inequality_multipliers.size()) line("alpha (h<=0)", format_vector(k.inequality_multipliers));
    if (k.lower_bound_multipliers.size() && k.lower_bound_multipliers.any())
      line("z lower", format_vector(k.lower_bound_multipliers));
    if (k.upper_bound_multipliers.size() && k.upper_bound_multipliers.any())
      line("z upper", format_vector(k.upper_bound_multipliers));
  }
  if (r.population) {
    const PopulationSummary& p = *r.population;
    line("population", fmt::format("{} (last batch); seed {}, {} thread{}", p.population_size, p.seed,
                                   p.threads, p.threads == 1 ? "" : "s"));
    if (p.restarts > 0) line("restarts", std::to_string(p.restarts));
    if (p.failed_evaluations > 0 || p.non_finite_evaluations > 0)
      line("bad points",
           fmt::format(
               "{} threw, {} gave NaN or -inf (ranked worst){}", p.failed_evaluations,
               p.non_finite_evaluations,
               p.first_failure.empty() ? std::string() : fmt::format("; first error: {}", p.first_failure)));
    if (p.outside_box > 0) line("outside box", std::to_string(p.outside_box));
    // Method-specific values over the generations, e.g. EDA_vbMFA's number of analysers: up to
    // nine generations spread evenly from the first to the last.
    for (const std::string& name : p.series_names()) {
      const std::vector<double> values = p.series(name);
      const std::size_t count = values.size();
      std::string sampled;
      const std::size_t shown = std::min<std::size_t>(count, 9);
      for (std::size_t k = 0; k < shown; ++k) {
        const std::size_t at = shown == 1 ? 0 : k * (count - 1) / (shown - 1);
        if (!sampled.empty()) sampled += ", ";
        sampled += fmt::format("{}: {}", p.generation_trace[at].generation, format_number(values[at], 4));
      }
      line(name.c_str(), fmt::format("by generation {}", sampled));
    }
  }
  if (r.least_squares) {
    const LeastSquaresSummary& s = *r.least_squares;
    line("cost",
         format_number(s.cost, 12) + (s.loss == "linear" ? std::string("  (½‖r‖²)")
                                                         : fmt::format("  (½ Σ C² ρ(r²/C²), loss {}, C = {})",
                                                                       s.loss, format_number(s.f_scale, 6))));
    line("RSS", format_number(s.residual_sum_of_squares, 12));
    line("s",
         fmt::format("{}  ({}, {} degrees of freedom{})", format_number(s.residual_standard_deviation, 10),
                     s.loss == "linear" ? "residual standard deviation" : "√(2·cost/ν)", s.degrees_of_freedom,
                     s.absolute_sigma ? "; absolute sigma: covariance (JᵀJ)⁻¹, not scaled by s²" : ""));
    line("residuals",
         fmt::format("{} observations; {} residual, {} Jacobian evaluations ({})", s.observations,
                     s.residual_evaluations, s.jacobian_evaluations, to_string(s.jacobian_source)));
    if (s.jacobian_rank < s.standard_errors.size())
      line("warning", fmt::format("the Jacobian has rank {} < {}: no standard errors", s.jacobian_rank,
                                  s.standard_errors.size()));
  }
  return out;
}

}  // namespace minima
