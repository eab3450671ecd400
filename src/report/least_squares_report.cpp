#include "minima/report/least_squares_report.hpp"

#include <fmt/format.h>

#include "json_internal.hpp"
#include "minima/report/table.hpp"
#include "minima/report/text_report.hpp"

namespace minima {

using report_detail::Json;
using report_detail::json_array;
using report_detail::json_number;

namespace {

std::string name_of(const std::vector<std::string>& names, Index j) {
  return j < static_cast<Index>(names.size()) ? names[static_cast<std::size_t>(j)]
                                              : fmt::format("x{}", j + 1);
}

std::string setup_line(const LeastSquaresReport& r) {
  std::string setup = fmt::format("loss {}", loss_name(r.loss.kind));
  if (!r.loss.is_linear()) setup += fmt::format(" (f_scale {})", format_number(r.loss.f_scale, 6));
  if (!r.sigma_column.empty())
    setup += fmt::format(
        ", weights 1/sigma from column '{}'{}", r.sigma_column,
        r.absolute_sigma ? " (absolute: covariance (JᵀJ)⁻¹)" : " (relative: covariance s²(JᵀJ)⁻¹)");
  if (!r.bounds.empty()) {
    const Bounds box = r.bounds.expanded(r.result.x.size());
    setup += fmt::format(", bounds lower {} upper {}", format_vector(box.lower), format_vector(box.upper));
  }
  return setup;
}

}  // namespace

std::string least_squares_text(const LeastSquaresReport& r) {
  const auto* s = r.result.least_squares ? &*r.result.least_squares : nullptr;
  const NistProblem* nist = r.nist ? &*r.nist : nullptr;
  std::vector<std::string> headers{"parameter", "estimate", "std error"};
  if (nist) headers.insert(headers.end(), {"certified", "LRE", "certified std error", "LRE (std error)"});
  Table table(headers, r.title);
  for (Index k = 0; k < r.result.x.size(); ++k) {
    std::vector<Cell> row{name_of(r.parameter_names, k), format_number(r.result.x[k], 11),
                          s ? format_number(s->standard_errors[k], 6) : std::string("nan")};
    if (nist && k < nist->parameters()) {
      row.emplace_back(format_number(nist->certified[k].value, 11));
      row.emplace_back(format_number(
          log_relative_error(r.result.x[k], nist->certified[k].value, nist->certified[k].digits), 3));
      row.emplace_back(format_number(nist->certified_sd[k].value, 11));
      row.emplace_back(
          s ? format_number(log_relative_error(s->standard_errors[k], nist->certified_sd[k].value,
                                               nist->certified_sd[k].digits),
                            3)
            : std::string("nan"));
    } else if (nist) {
      row.insert(row.end(), {"nan", "nan", "nan", "nan"});
    }
    table.add_row(std::move(row));
  }
  std::string out =
      table.render() + "\n" + fmt::format("{:<13}{}\n", "setup", setup_line(r)) + result_report(r.result);
  if (nist && s)
    out += fmt::format(
        "certified    RSS {} (LRE {:.3g}), s {} (LRE {:.3g})\n",
        format_number(nist->residual_sum_of_squares.value, 11),
        log_relative_error(s->residual_sum_of_squares, nist->residual_sum_of_squares.value,
                           nist->residual_sum_of_squares.digits),
        format_number(nist->residual_standard_deviation.value, 11),
        log_relative_error(s->residual_standard_deviation, nist->residual_standard_deviation.value,
                           nist->residual_standard_deviation.digits));
  return out;
}

std::string least_squares_to_json(const LeastSquaresReport& r, int indent) {
  Json j = report_detail::json_result(r.result);
  const auto* s = r.result.least_squares ? &*r.result.least_squares : nullptr;
  if (r.nist) {
    const NistProblem& nist = *r.nist;
    Json n = Json::object();
    n["name"] = nist.name;
    n["start"] = r.nist_start;
    Json lre = Json::array(), se_lre = Json::array();
    for (Index k = 0; k < nist.parameters() && k < r.result.x.size(); ++k) {
      lre.push_back(
          json_number(log_relative_error(r.result.x[k], nist.certified[k].value, nist.certified[k].digits)));
      if (s)
        se_lre.push_back(json_number(log_relative_error(s->standard_errors[k], nist.certified_sd[k].value,
                                                        nist.certified_sd[k].digits)));
    }
    n["lre"] = std::move(lre);
    if (s) {
      n["standard_error_lre"] = std::move(se_lre);
      n["rss_lre"] =
          json_number(log_relative_error(s->residual_sum_of_squares, nist.residual_sum_of_squares.value,
                                         nist.residual_sum_of_squares.digits));
    }
    j["nist"] = std::move(n);
  }
  Json setup = Json::object();
  setup["loss"] = loss_name(r.loss.kind);
  setup["f_scale"] = json_number(r.loss.f_scale);
  setup["sigma_column"] = r.sigma_column.empty() ? Json() : Json(r.sigma_column);
  setup["absolute_sigma"] = r.absolute_sigma;
  if (!r.bounds.empty()) {
    const Bounds box = r.bounds.expanded(r.result.x.size());
    setup["lower"] = json_array(box.lower);
    setup["upper"] = json_array(box.upper);
  }
  j["setup"] = std::move(setup);
  return report_detail::dump(j, indent);
}

}  // namespace minima
