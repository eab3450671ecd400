// minima vae: trains the seed's VAE (spec vae.md) on a CSV file's columns or on the spec's cosine
// data, with the objective and α rule chosen by name, a progress bar on a terminal, the final terms,
// and optionally a saved model and samples decoded from N(0, I).
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "minima/neural/train_vae.hpp"
#include "minima/neural/vae_io.hpp"
#include "minima/problems/csv_data.hpp"
#include "minima/report/progress.hpp"
#include "minima/report/vae_report.hpp"

namespace minima::cli {
namespace {

struct VaeOptions {
  std::string data;
  std::string generate;
  long points = 10000;  // the spec's data size (vae.md §3)
  std::string objective{neural::to_string(neural::VaeObjective{}.kind)};
  std::string alpha_rule{neural::to_string(neural::VaeObjective{}.alpha_rule)};
  double delta = neural::VaeObjective{}.delta;
  double alpha0 = neural::VaeObjective{}.alpha0;
  double beta = neural::VaeObjective{}.beta;
  long epochs = neural::VaeTraining{}.epochs;
  long batch = neural::VaeTraining{}.batch_size;
  double lr = learning_rate(neural::VaeTraining{}.method);
  std::string optimizer{method_name(neural::VaeTraining{}.method)};
  long hidden = neural::VaeShape{}.hidden;
  long latent = neural::VaeShape{}.latent;
  std::uint64_t seed = neural::VaeTraining{}.seed;
  std::optional<double> time_limit = neural::VaeTraining{}.stop.time_limit;
  std::optional<double> target = neural::VaeTraining{}.stop.f_target;
  bool json = false;
  std::string save;
  std::string load;
  long sample = 0;
  std::string out;
  std::string history;
};

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
  if (o.time_limit && !(*o.time_limit > 0.0))
    throw UsageError(fmt::format("--time-limit {}: must be > 0 seconds", *o.time_limit));
  if (o.target && std::isnan(*o.target)) throw UsageError("--target nan: must be a number");
  const VaeTraining training{.epochs = std::max(o.epochs, 1L),
                             .batch_size = o.batch,
                             .method = with_learning_rate(*method, o.lr),
                             .seed = o.seed,
                             .stop = Stop{.f_target = o.target, .time_limit = o.time_limit}};
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
  // All epochs, a time limit or a reached target leave a usable model; the rest are failures.
  const bool failed = o.epochs > 0 && !fit.result.usable();

  if (!o.save.empty() && !failed) save_vae(fit.model, o.save);
  if (o.sample > 0) write_points(sample_vae(fit.model, o.sample, o.seed + 1), names, o.out);
  if (!o.history.empty()) {
    std::ofstream h(o.history);
    if (!h) throw UsageError(fmt::format("cannot write {}", o.history));
    h << vae_history_csv(fit.history);
  }
  const VaeReport report{.objective = objective,
                         .training = training,
                         .data = source,
                         .points = data.cols(),
                         .dimension = data.rows(),
                         .trained = o.epochs > 0,
                         .fit = fit,
                         .model_path = !o.save.empty() && !failed ? o.save : std::string(),
                         .samples_path = o.sample > 0 ? o.out : std::string(),
                         .samples = o.sample};
  std::cout << (o.json ? vae_to_json(report) + "\n" : vae_text(report));
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
  cmd->add_option("--time-limit", o->time_limit, "Stop after this many seconds (checked between epochs)");
  cmd->add_option("--target", o->target, "Stop once an epoch's mean objective is <= this");
  cmd->add_flag("--json", o->json, "Print the result as one JSON object");
  cmd->add_option("--save", o->save, "Write the trained model to MODEL.json");
  cmd->add_option("--load", o->load, "Start from a saved MODEL.json");
  cmd->add_option("--sample", o->sample, "Decode N points from z ~ N(0, I) (with --out)");
  cmd->add_option("--out", o->out, "CSV file for --sample");
  cmd->add_option("--history", o->history, "Write the per-epoch terms to FILE.csv");
  cmd->callback([o] { run_vae(*o); });
}

}  // namespace minima::cli
