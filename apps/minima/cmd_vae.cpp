// minima vae: trains the seed's VAE (spec vae.md) on a CSV file's columns or on the spec's cosine
// data, with the objective and α rule chosen by name, a progress bar on a terminal, the final terms,
// and optionally a saved model and samples decoded from N(0, I).
#include <cmath>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_common.hpp"
#include "minima/neural/train_vae.hpp"
#include "minima/neural/vae_io.hpp"
#include "minima/problems/csv_data.hpp"
#include "minima/report/progress.hpp"
#include "minima/report/table.hpp"

namespace minima::cli {
namespace {

struct VaeOptions {
  std::string data;
  std::string generate;
  long points = 10000;
  std::string objective = "elbo";
  std::string alpha_rule = "seed";
  double delta = 0.1;
  double alpha0 = 1.0;
  double beta = 4.0;
  long epochs = 200;
  long batch = 100;
  double lr = 1e-3;
  std::string optimizer = "adam";
  long hidden = 32;
  long latent = 2;
  unsigned long seed = 0;
  bool json = false;
  std::string save;
  std::string load;
  long sample = 0;
  std::string out;
  std::string history;
};

nlohmann::ordered_json number(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

void write_points(const Matrix& points, const std::vector<std::string>& names, const std::string& path) {
  std::ofstream out(path);
  if (!out) throw UsageError(fmt::format("cannot write {}", path));
  for (std::size_t i = 0; i < names.size(); ++i) out << (i ? "," : "") << names[i];
  out << "\n";
  for (Index j = 0; j < points.cols(); ++j) {
    for (Index i = 0; i < points.rows(); ++i) out << (i ? "," : "") << fmt::format("{:.10g}", points(i, j));
    out << "\n";
  }
}

void run_vae(const VaeOptions& o) {
  using namespace minima::neural;
  if (o.data.empty() == o.generate.empty())
    throw UsageError("give one of --data FILE.csv or --generate cosine");
  if (!o.generate.empty() && o.generate != "cosine")
    throw UsageError(fmt::format("--generate {}: the only generator is cosine", o.generate));
  const auto kind = parse_vae_objective(o.objective);
  if (!kind)
    throw UsageError(fmt::format("--objective {}: use elbo, eq7, lagrangian, beta or geco", o.objective));
  const auto rule = parse_alpha_rule(o.alpha_rule);
  if (!rule) throw UsageError(fmt::format("--alpha-rule {}: use seed or dual-ascent", o.alpha_rule));
  const auto method = parse_stochastic_method(o.optimizer);
  if (!method)
    throw UsageError(fmt::format("--optimizer {}: use adam, adamw, sgd, momentum or nesterov", o.optimizer));
  if (!(o.delta >= 0.0 && std::isfinite(o.delta)))
    throw UsageError(fmt::format("--delta {}: must be finite and >= 0", o.delta));
  if (!(o.lr > 0.0 && std::isfinite(o.lr)))
    throw UsageError(fmt::format("--lr {}: must be finite and > 0", o.lr));
  if (o.latent < 1) throw UsageError(fmt::format("--latent {}: the latent dimension must be >= 1", o.latent));
  if (o.hidden < 1) throw UsageError(fmt::format("--hidden {}: must be >= 1", o.hidden));
  if (o.batch < 1) throw UsageError(fmt::format("--batch {}: must be >= 1", o.batch));
  if (o.epochs < 0 || (o.epochs == 0 && o.load.empty()))
    throw UsageError(
        fmt::format("--epochs {}: must be >= 1 (0 only with --load, to sample a saved model)", o.epochs));
  if (o.points < 1) throw UsageError(fmt::format("--points {}: must be >= 1", o.points));
  if (o.sample < 0) throw UsageError(fmt::format("--sample {}: must be >= 1", o.sample));
  if ((o.sample > 0) != !o.out.empty()) throw UsageError("--sample N and --out FILE.csv go together");
  // Output paths are checked before training, so a typo costs nothing and is a usage error.
  if (!o.save.empty()) check_writable_file(o.save, "--save");
  if (!o.out.empty()) check_writable_file(o.out, "--out");

  Matrix data;
  std::vector<std::string> names;
  std::string source;
  if (!o.data.empty()) {
    const DataTable table = read_csv(o.data);  // ParseError naming the line and column
    if (table.rows() == 0) throw UsageError(fmt::format("{} has a header but no rows", o.data));
    data = table.values.transpose();
    names = table.names;
    source = o.data;
  } else {
    data = cosine_data(o.points, o.seed);
    names = {"x", "y", "z"};
    source = fmt::format("cosine data ({} points)", o.points);
  }

  const VaeObjective objective{
      .kind = *kind, .alpha_rule = *rule, .delta = o.delta, .alpha0 = o.alpha0, .beta = o.beta};
  const VaeTraining training{.epochs = std::max(o.epochs, 1L),
                             .batch_size = o.batch,
                             .method = with_learning_rate(*method, o.lr),
                             .seed = o.seed};
  std::optional<Vae> start;
  if (!o.load.empty()) {
    start = load_vae(o.load);
    if (start->shape().input != data.rows())
      throw UsageError(fmt::format("{}: the model takes {}-dimensional points but {} has {} columns", o.load,
                                   start->shape().input, source, data.rows()));
  }

  VaeFit fit{start.value_or(Vae({.input = data.rows(), .hidden = o.hidden, .latent = o.latent})), {}, {}};
  if (o.epochs > 0) {
    ProgressBar bar(fmt::format("vae {}", objective_label(objective)));
    auto on_epoch = [&](const VaeEpoch& e) {
      bar.update(e.epoch, o.epochs,
                 fmt::format("R {:.4g}  KL {:.4g}{}", e.reconstruction, e.kl,
                             std::isnan(e.alpha) ? std::string{} : fmt::format("  alpha {:.4g}", e.alpha)));
      return true;
    };
    fit = start ? train_vae(data, *start, objective, training, on_epoch)
                : train_vae(data, VaeShape{.input = data.rows(), .hidden = o.hidden, .latent = o.latent},
                            objective, training, on_epoch);
    bar.finish();
  }
  const bool failed = o.epochs > 0 && fit.result.status != Status::max_iterations;

  if (!o.save.empty() && !failed) save_vae(fit.model, o.save);
  if (o.sample > 0) write_points(sample_vae(fit.model, o.sample, o.seed + 1), names, o.out);
  if (!o.history.empty()) {
    std::ofstream h(o.history);
    if (!h) throw UsageError(fmt::format("cannot write {}", o.history));
    h << "epoch,reconstruction,kl,alpha,weighted_reconstruction,weighted_kl,objective,seconds\n";
    for (const auto& e : fit.history)
      h << fmt::format("{},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.6g}\n", e.epoch,
                       e.reconstruction, e.kl, e.alpha, e.weighted_reconstruction, e.weighted_kl, e.objective,
                       e.seconds);
  }

  // No completed epoch (a NaN in the first one): every term is NaN, printed as null / nan.
  const VaeEpoch last = fit.history.empty() ? VaeEpoch{.reconstruction = NAN,
                                                       .kl = NAN,
                                                       .alpha = NAN,
                                                       .weighted_reconstruction = NAN,
                                                       .weighted_kl = NAN,
                                                       .objective = NAN}
                                            : fit.history.back();
  const double per_epoch =
      fit.history.empty() ? NAN : fit.result.seconds / static_cast<double>(fit.history.size());
  if (o.json) {
    nlohmann::ordered_json j;
    j["objective"] = o.objective;
    if (*kind == VaeObjectiveKind::eq7) j["alpha_rule"] = o.alpha_rule;
    j["delta"] = o.delta;
    j["data"] = source;
    j["points"] = data.cols();
    j["dimension"] = data.rows();
    j["hidden"] = fit.model.shape().hidden;
    j["latent"] = fit.model.shape().latent;
    j["optimizer"] = o.optimizer;
    j["learning_rate"] = o.lr;
    j["batch"] = o.batch;
    j["seed"] = o.seed;
    j["status"] = o.epochs > 0 ? std::string(to_string(fit.result.status)) : "not_trained";
    j["message"] = fit.result.message;
    j["epochs"] = fit.history.size();
    j["reconstruction"] = number(last.reconstruction);
    j["kl"] = number(last.kl);
    j["alpha"] = number(last.alpha);
    j["weighted_reconstruction"] = number(last.weighted_reconstruction);
    j["weighted_kl"] = number(last.weighted_kl);
    j["objective_value"] = number(last.objective);
    j["seconds"] = fit.result.seconds;
    j["seconds_per_epoch"] = number(per_epoch);
    if (!o.save.empty() && !failed) j["model"] = o.save;
    if (o.sample > 0) j["samples"] = o.out;
    std::cout << j.dump(2) << "\n";
  } else if (o.epochs > 0 && fit.history.empty()) {
    std::cout << fmt::format("vae {} on {}: no epoch completed\n", objective_label(objective), source);
    std::cout << fmt::format("{}: {}\n", to_string(fit.result.status), fit.result.message);
  } else if (o.epochs > 0) {
    Table t({"term", "value"},
            fmt::format("vae {} on {}: {} epochs, batch {}, {} lr {}", objective_label(objective), source,
                        fit.history.size(), o.batch, o.optimizer, o.lr));
    t.add_row({"reconstruction (1/n)|Z - Z~|_F^2", last.reconstruction});
    t.add_row({"KL (mean per point)", last.kl});
    if (!std::isnan(last.alpha)) {
      t.add_row(
          {*kind == VaeObjectiveKind::geco ? "lambda" : (*kind == VaeObjectiveKind::beta ? "beta" : "alpha"),
           last.alpha});
      t.add_row({"weight x reconstruction", last.weighted_reconstruction});
      t.add_row({"weight x KL", last.weighted_kl});
    }
    t.add_row({"objective", last.objective});
    t.add_row({"seconds per epoch", per_epoch});
    std::cout << t.render();
    std::cout << fmt::format("{}: {}\n", to_string(fit.result.status), fit.result.message);
  }
  if (o.epochs > 0 && !o.json && !o.save.empty() && !failed)
    std::cout << fmt::format("model saved to {}\n", o.save);
  if (o.sample > 0 && !o.json) std::cout << fmt::format("{} samples written to {}\n", o.sample, o.out);
  if (failed) {
    std::cerr << "minima: error: " << fit.result.message << "\n";
    exit_status() = kFailed;
  }
}

}  // namespace

void add_vae_command(CLI::App& app) {
  auto o = std::make_shared<VaeOptions>();
  CLI::App* cmd =
      app.add_subcommand("vae", "Train the seed's variational autoencoder (ELBO, eq. 7, Lagrangian, ...)");
  cmd->add_option("--data", o->data, "CSV file: a header, then one point per row (every column is used)");
  cmd->add_option("--generate", o->generate, "Generated data instead of --data: cosine (the seed's)");
  cmd->add_option("--points", o->points, "Points for --generate")->capture_default_str();
  cmd->add_option("--objective", o->objective, "elbo, eq7, lagrangian, beta or geco")->capture_default_str();
  cmd->add_option("--alpha-rule", o->alpha_rule, "How eq7 trains alpha: seed or dual-ascent")
      ->capture_default_str();
  cmd->add_option("--delta", o->delta, "Bound: KL <= delta (eq7, lagrangian), reconstruction <= delta (geco)")
      ->capture_default_str();
  cmd->add_option("--alpha0", o->alpha0, "Start of alpha (lambda for geco)")->capture_default_str();
  cmd->add_option("--beta", o->beta, "beta of the beta-VAE")->capture_default_str();
  cmd->add_option("--epochs", o->epochs, "Epochs (0 with --load: only sample)")->capture_default_str();
  cmd->add_option("--batch", o->batch, "Batch size")->capture_default_str();
  cmd->add_option("--lr", o->lr, "Learning rate")->capture_default_str();
  cmd->add_option("--optimizer", o->optimizer, "adam, adamw, sgd, momentum or nesterov")
      ->capture_default_str();
  cmd->add_option("--hidden", o->hidden, "Hidden units in the encoder and the decoder")
      ->capture_default_str();
  cmd->add_option("--latent", o->latent, "Latent dimension")->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed for the data, weights, batches and noise")
      ->check(whole_number(0, ~0ull))
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "Print the result as one JSON object");
  cmd->add_option("--save", o->save, "Write the trained model to MODEL.json");
  cmd->add_option("--load", o->load, "Start from a saved MODEL.json");
  cmd->add_option("--sample", o->sample, "Decode N points from z ~ N(0, I) (with --out)");
  cmd->add_option("--out", o->out, "CSV file for --sample");
  cmd->add_option("--history", o->history, "Write the per-epoch terms to FILE.csv");
  cmd->callback([o] { run_vae(*o); });
}

}  // namespace minima::cli
