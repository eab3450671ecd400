#include "minima/report/json.hpp"

#include <cmath>

#include "json_internal.hpp"

namespace minima {
namespace report_detail {

Json json_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return value;
}

Json json_array(const Vector& v) {
  Json out = Json::array();
  for (Index i = 0; i < v.size(); ++i) out.push_back(json_number(v[i]));
  return out;
}

Json json_evaluations(const EvaluationCounts& counts) {
  return {{"function", counts.function}, {"gradient", counts.gradient}, {"hessian", counts.hessian}};
}

Json json_record(const IterationRecord& record) {
  Json out = Json::object();
  out["iteration"] = record.iteration;
  out["f"] = json_number(record.f);
  out["gradient_norm"] = json_number(record.gradient_norm);
  out["step_norm"] = json_number(record.step_norm);
  out["step_size"] = json_number(record.step_size);
  out["evaluations"] = json_evaluations(record.evaluations);
  out["seconds"] = json_number(record.seconds);
  if (record.x) out["x"] = json_array(*record.x);
  return out;
}

Json json_trace(const std::vector<IterationRecord>& trace) {
  Json out = Json::array();
  for (const auto& record : trace) out.push_back(json_record(record));
  return out;
}

Json json_kkt(const KktReport& kkt) {
  Json out = Json::object();
  out["stationarity"] = json_number(kkt.stationarity);
  out["primal_feasibility"] = json_number(kkt.primal_feasibility);
  out["dual_feasibility"] = json_number(kkt.dual_feasibility);
  out["complementary_slackness"] = json_number(kkt.complementary_slackness);
  Json multipliers = Json::object();
  multipliers["equality"] = json_array(kkt.equality_multipliers);
  multipliers["inequality"] = json_array(kkt.inequality_multipliers);
  multipliers["lower_bound"] = json_array(kkt.lower_bound_multipliers);
  multipliers["upper_bound"] = json_array(kkt.upper_bound_multipliers);
  out["multipliers"] = std::move(multipliers);
  return out;
}

Json json_matrix(const Matrix& m) {
  Json out = Json::array();
  for (Index i = 0; i < m.rows(); ++i) out.push_back(json_array(m.row(i).transpose()));
  return out;
}

Json json_least_squares(const LeastSquaresSummary& s) {
  Json out = Json::object();
  out["parameter_names"] = s.parameter_names;
  out["observations"] = s.observations;
  out["degrees_of_freedom"] = s.degrees_of_freedom;
  out["cost"] = json_number(s.cost);
  out["loss"] = s.loss;
  out["f_scale"] = json_number(s.f_scale);
  out["absolute_sigma"] = s.absolute_sigma;
  out["residual_sum_of_squares"] = json_number(s.residual_sum_of_squares);
  out["residual_standard_deviation"] = json_number(s.residual_standard_deviation);
  out["standard_errors"] = json_array(s.standard_errors);
  out["covariance"] = json_matrix(s.covariance);
  out["correlation"] = json_matrix(s.correlation);
  out["jacobian_rank"] = s.jacobian_rank;
  out["residual_evaluations"] = s.residual_evaluations;
  out["jacobian_evaluations"] = s.jacobian_evaluations;
  out["jacobian_source"] = std::string(to_string(s.jacobian_source));
  return out;
}

Json json_population(const PopulationSummary& p) {
  Json out = Json::object();
  out["generations"] = p.generations;
  out["restarts"] = p.restarts;
  out["population_size"] = p.population_size;
  out["non_finite_evaluations"] = p.non_finite_evaluations;
  out["failed_evaluations"] = p.failed_evaluations;
  out["first_failure"] = p.first_failure;
  out["outside_box"] = p.outside_box;
  out["seed"] = p.seed;
  out["threads"] = p.threads;
  Json best = Json::array();
  for (const BestRecord& b : p.best_trace)
    best.push_back({{"evaluations", b.evaluations}, {"f", json_number(b.f)}});
  out["best_trace"] = std::move(best);
  if (!p.generation_trace.empty()) {
    Json series = Json::object();
    Json generation = Json::array(), evaluations = Json::array(), best_f = Json::array(),
         size = Json::array(), generation_best_f = Json::array();
    for (const GenerationRecord& g : p.generation_trace) {
      generation.push_back(g.generation);
      evaluations.push_back(g.evaluations);
      best_f.push_back(json_number(g.best_f));
      generation_best_f.push_back(json_number(g.generation_best_f));
      size.push_back(g.population_size);
    }
    series["generation"] = std::move(generation);
    series["evaluations"] = std::move(evaluations);
    series["best_f"] = std::move(best_f);
    series["generation_best_f"] = std::move(generation_best_f);
    series["population_size"] = std::move(size);
    for (const std::string& name : p.series_names()) {
      Json values = Json::array();
      for (double v : p.series(name)) values.push_back(json_number(v));
      series[name] = std::move(values);
    }
    out["series"] = std::move(series);
  }
  return out;
}

Json json_result(const Result& result) {
  Json out = Json::object();
  out["x"] = json_array(result.x);
  out["f"] = json_number(result.f);
  out["gradient_norm"] = json_number(result.gradient_norm);
  out["status"] = std::string(to_string(result.status));
  out["message"] = result.message;
  out["method"] = result.method;
  out["iterations"] = result.iterations;
  out["evaluations"] = json_evaluations(result.evaluations);
  out["seconds"] = json_number(result.seconds);
  out["converged"] = result.converged();
  if (result.kkt) {
    out["feasible"] = result.kkt->feasible;
    out["kkt"] = json_kkt(*result.kkt);
  }
  if (result.second_order) {
    Json second;
    second["holds"] = result.second_order->holds;
    second["min_eigenvalue"] = json_number(result.second_order->min_eigenvalue);
    second["tolerance"] = json_number(result.second_order->tolerance);
    second["escapes"] = result.second_order->escapes;
    out["second_order"] = second;
  }
  if (!result.trace.empty()) out["trace"] = json_trace(result.trace);
  if (result.least_squares) out["least_squares"] = json_least_squares(*result.least_squares);
  if (result.population) out["population"] = json_population(*result.population);
  return out;
}

std::string dump(const Json& j, int indent) {
  // Invalid UTF-8 in a user's message must not throw: replace it (U+FFFD).
  return j.dump(indent < 0 ? -1 : indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace report_detail

std::string result_to_json(const Result& result, int indent) {
  return report_detail::dump(report_detail::json_result(result), indent);
}

std::string trace_to_json(const std::vector<IterationRecord>& trace, int indent) {
  return report_detail::dump(report_detail::json_trace(trace), indent);
}

}  // namespace minima
