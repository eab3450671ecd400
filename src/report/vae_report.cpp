#include "minima/report/vae_report.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "json_internal.hpp"
#include "minima/report/table.hpp"

namespace minima {

using report_detail::Json;
using report_detail::json_number;

neural::VaeEpoch last_epoch(const VaeReport& report) {
  if (!report.fit.history.empty()) return report.fit.history.back();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  return {.reconstruction = nan,
          .kl = nan,
          .alpha = nan,
          .weighted_reconstruction = nan,
          .weighted_kl = nan,
          .objective = nan};
}

namespace {

double seconds_per_epoch(const VaeReport& r) {
  return r.fit.history.empty() ? std::numeric_limits<double>::quiet_NaN()
                               : r.fit.result.seconds / static_cast<double>(r.fit.history.size());
}

bool written(const VaeReport& r) {
  return !r.model_path.empty();
}

}  // namespace

std::string vae_text(const VaeReport& r) {
  using neural::VaeObjectiveKind;
  std::string out;
  const std::string label(neural::objective_label(r.objective));
  if (r.trained && r.fit.history.empty()) {
    out += fmt::format("vae {} on {}: no epoch completed\n", label, r.data);
    out += fmt::format("{}: {}\n", to_string(r.fit.result.status), r.fit.result.message);
  } else if (r.trained) {
    const neural::VaeEpoch last = last_epoch(r);
    Table t({"term", "value"}, fmt::format("vae {} on {}: {} epochs, batch {}, {} lr {}", label, r.data,
                                           r.fit.history.size(), r.training.batch_size,
                                           method_name(r.training.method), learning_rate(r.training.method)));
    t.add_row({"reconstruction (1/n)|Z - Z~|_F^2", last.reconstruction});
    t.add_row({"KL (mean per point)", last.kl});
    if (!std::isnan(last.alpha)) {
      const VaeObjectiveKind kind = r.objective.kind;
      t.add_row(
          {kind == VaeObjectiveKind::geco ? "lambda" : (kind == VaeObjectiveKind::beta ? "beta" : "alpha"),
           last.alpha});
      t.add_row({"weight x reconstruction", last.weighted_reconstruction});
      t.add_row({"weight x KL", last.weighted_kl});
    }
    t.add_row({"objective", last.objective});
    t.add_row({"seconds per epoch", seconds_per_epoch(r)});
    out += t.render();
    out += fmt::format("{}: {}\n", to_string(r.fit.result.status), r.fit.result.message);
  }
  if (r.trained && written(r)) out += fmt::format("model saved to {}\n", r.model_path);
  if (!r.samples_path.empty()) out += fmt::format("{} samples written to {}\n", r.samples, r.samples_path);
  return out;
}

std::string vae_to_json(const VaeReport& r, int indent) {
  const neural::VaeEpoch last = last_epoch(r);
  Json j = Json::object();
  j["objective"] = std::string(neural::to_string(r.objective.kind));
  if (r.objective.kind == neural::VaeObjectiveKind::eq7)
    j["alpha_rule"] = std::string(neural::to_string(r.objective.alpha_rule));
  j["delta"] = json_number(r.objective.delta);
  j["data"] = r.data;
  j["points"] = r.points;
  j["dimension"] = r.dimension;
  j["hidden"] = r.fit.model.shape().hidden;
  j["latent"] = r.fit.model.shape().latent;
  j["optimizer"] = std::string(method_name(r.training.method));
  j["learning_rate"] = json_number(learning_rate(r.training.method));
  j["batch"] = r.training.batch_size;
  j["seed"] = r.training.seed;
  j["status"] = r.trained ? std::string(to_string(r.fit.result.status)) : "not_trained";
  j["message"] = r.fit.result.message;
  j["epochs"] = r.fit.history.size();
  j["reconstruction"] = json_number(last.reconstruction);
  j["kl"] = json_number(last.kl);
  j["alpha"] = json_number(last.alpha);
  j["weighted_reconstruction"] = json_number(last.weighted_reconstruction);
  j["weighted_kl"] = json_number(last.weighted_kl);
  j["objective_value"] = json_number(last.objective);
  j["seconds"] = json_number(r.fit.result.seconds);
  j["seconds_per_epoch"] = json_number(seconds_per_epoch(r));
  if (written(r)) j["model"] = r.model_path;
  if (!r.samples_path.empty()) j["samples"] = r.samples_path;
  return report_detail::dump(j, indent);
}

std::string vae_history_csv(const std::vector<neural::VaeEpoch>& history) {
  std::string out = "epoch,reconstruction,kl,alpha,weighted_reconstruction,weighted_kl,objective,seconds\n";
  for (const auto& e : history)
    out +=
        fmt::format("{},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.6g}\n", e.epoch, e.reconstruction,
                    e.kl, e.alpha, e.weighted_reconstruction, e.weighted_kl, e.objective, e.seconds);
  return out;
}

}  // namespace minima
