#include "minima/neural/train_vae.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "minima/core/random.hpp"
#include "minima/core/run_context.hpp"

namespace minima::neural {

void VaeTraining::validate() const {
  if (epochs < 1) throw InvalidArgument(fmt::format("VaeTraining.epochs = {}: must be >= 1", epochs));
  if (batch_size < 1)
    throw InvalidArgument(fmt::format("VaeTraining.batch_size = {}: must be >= 1", batch_size));
  std::visit([](const auto& m) { m.validate(); }, method);
  minima::validate(schedule);
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The weights (c_R, c_K) of the objective at multiplier α, and its value with constants.
struct Weights {
  double reconstruction, kl;
};

Weights weights(const VaeObjective& o, double alpha) {
  switch (o.kind) {
    case VaeObjectiveKind::elbo:
      return {1.0, 1.0};
    case VaeObjectiveKind::eq7:
      return {1.0 + alpha, alpha};
    case VaeObjectiveKind::lagrangian:
      return {1.0, alpha};
    case VaeObjectiveKind::beta:
      return {1.0, o.beta};
    case VaeObjectiveKind::geco:
      return {alpha, 1.0};
  }
  return {1.0, 1.0};
}

double objective_value(const VaeObjective& o, double alpha, const VaeTerms& t) {
  switch (o.kind) {
    case VaeObjectiveKind::elbo:
      return t.reconstruction + t.kl;
    case VaeObjectiveKind::eq7:
      return (1.0 + alpha) * t.reconstruction + alpha * (t.kl - o.delta);
    case VaeObjectiveKind::lagrangian:
      return t.reconstruction + alpha * (t.kl - o.delta);
    case VaeObjectiveKind::beta:
      return t.reconstruction + o.beta * t.kl;
    case VaeObjectiveKind::geco:
      return t.kl + alpha * (t.reconstruction - o.delta);
  }
  return kNaN;
}

}  // namespace

VaeFit train_vae(const Matrix& data, const VaeShape& shape, const VaeObjective& objective,
                 const VaeTraining& training, const VaeEpochCallback& on_epoch) {
  shape.validate();
  Vae start(shape);
  start.initialize(training.seed);
  return train_vae(data, start, objective, training, on_epoch);
}

VaeFit train_vae(const Matrix& data, const Vae& start, const VaeObjective& objective,
                 const VaeTraining& training, const VaeEpochCallback& on_epoch) {
  objective.validate();
  training.validate();
  const VaeShape& shape = start.shape();
  const Index n = data.cols();
  if (n < 1) throw InvalidArgument("train_vae: the data have no points");
  if (data.rows() != shape.input)
    throw InvalidArgument(fmt::format("train_vae: the data have dimension {} but the network takes {}",
                                      data.rows(), shape.input));
  if (!data.allFinite()) throw InvalidArgument("train_vae: the data have a non-finite value");

  VaeFit fit{start, {}, {}};
  Vae& model = fit.model;
  const Observer no_observer;  // the epochs go to on_epoch, with the VAE's own terms
  // As in minimize_stochastic: the length is `epochs`; Stop gives the budgets, a target and the
  // divergence limit on the epoch's mean objective.
  RunContext ctx(
      fmt::format("vae-{}", objective_label(objective)), training.stop, no_observer,
      StopField::max_evaluations | StopField::time_limit | StopField::f_target | StopField::divergence_limit,
      "the VAE's training (its length is VaeTraining::epochs)");
  Result& result = ctx.result();
  EvaluationCounts counts;
  const Index p = shape.parameter_count();
  auto update = make_stochastic_update(training.method, p);
  auto alpha_update = make_stochastic_update(training.method, 1);
  const double rate0 = learning_rate(training.method);
  const double dual_step = objective.dual_step.value_or(rate0);
  const bool has_alpha = objective.kind != VaeObjectiveKind::elbo;

  Rng rng(training.seed ^ 0x9e3779b97f4a7c15ULL);
  std::vector<Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Index{0});
  const Index batch_size = std::min(training.batch_size, n);

  double alpha = objective.kind == VaeObjectiveKind::beta ? objective.beta : objective.alpha0;
  Vector alpha_vector(1);
  double constraint_average = 0.0;
  bool first_batch = true;
  Matrix xb(shape.input, batch_size), noise(shape.latent, batch_size);
  Vector g(p), ga(1);
  Vector theta_epoch = model.parameters();
  double alpha_epoch = alpha;

  Stopping stopping{Status::max_iterations, fmt::format("completed {} epochs", training.epochs)};
  for (long epoch = 1; epoch <= training.epochs; ++epoch) {
    if (auto limit = ctx.limit(1, counts)) {  // the budgets only: epochs is the iteration limit
      stopping = {limit->status, fmt::format("{} after {} epochs", limit->message, epoch - 1)};
      break;
    }
    shuffle(order, rng);
    const double rate = rate0 * schedule_factor(training.schedule, epoch - 1);
    double sum_r = 0.0, sum_k = 0.0, sum_wr = 0.0, sum_wk = 0.0, sum_obj = 0.0;
    Index batches = 0;
    bool bad = false;
    for (Index begin = 0; begin < n; begin += batch_size) {
      const Index b = std::min(batch_size, n - begin);
      if (xb.cols() != b) {
        xb.resize(shape.input, b);
        noise.resize(shape.latent, b);
      }
      for (Index j = 0; j < b; ++j) xb.col(j) = data.col(order[static_cast<std::size_t>(begin + j)]);
      for (Index j = 0; j < noise.size(); ++j) noise.data()[j] = standard_normal(rng);

      const Weights w = weights(objective, alpha);
      const VaeTerms terms = model.evaluate(xb, noise, w.reconstruction, w.kl, &g);
      ++counts.function;
      ++counts.gradient;
      const double value = objective_value(objective, alpha, terms);
      if (!std::isfinite(value) || !g.allFinite()) {
        stopping = {Status::non_finite_value,
                    fmt::format("epoch {}, batch {}: the loss is {} (reconstruction {}, KL {}); stopped, the "
                                "model is the one after epoch {} (try a smaller learning rate)",
                                epoch, batches + 1, value, terms.reconstruction, terms.kl, epoch - 1)};
        bad = true;
        break;
      }
      sum_r += terms.reconstruction;
      sum_k += terms.kl;
      sum_wr += w.reconstruction * terms.reconstruction;
      sum_wk += w.kl * terms.kl;
      sum_obj += value;
      ++batches;

      update->apply(model.mutable_parameters(), g, rate);
      switch (objective.kind) {
        case VaeObjectiveKind::eq7:
          if (objective.alpha_rule == AlphaRule::seed) {
            // The seed: α trained with the network on ∂/∂α = R + K − δ, the sign reversed while α < 0.
            ga[0] = terms.reconstruction + terms.kl - objective.delta;
            if (alpha < 0.0) ga[0] = -ga[0];
            alpha_vector[0] = alpha;
            alpha_update->apply(alpha_vector, ga, rate);
            alpha = alpha_vector[0];
          } else {
            alpha = std::max(0.0, alpha + dual_step * (terms.reconstruction + terms.kl - objective.delta));
          }
          break;
        case VaeObjectiveKind::lagrangian:
          alpha = std::max(0.0, alpha + dual_step * (terms.kl - objective.delta));
          break;
        case VaeObjectiveKind::geco: {
          const double c = terms.reconstruction - objective.delta;
          constraint_average = first_batch ? c
                                           : objective.geco_smoothing * constraint_average +
                                                 (1.0 - objective.geco_smoothing) * c;
          alpha *= std::exp(dual_step * constraint_average);
          break;
        }
        case VaeObjectiveKind::elbo:
        case VaeObjectiveKind::beta:
          break;
      }
      first_batch = false;
    }
    if (!bad && (!model.parameters().allFinite() || !std::isfinite(alpha))) {
      stopping = {
          Status::non_finite_value,
          fmt::format("epoch {}: a step made the parameters non-finite; stopped, the model is the one "
                      "after epoch {} (try a smaller learning rate)",
                      epoch, epoch - 1)};
      bad = true;
    }
    if (bad) {
      model.set_parameters(theta_epoch);
      alpha = alpha_epoch;
      break;
    }
    theta_epoch = model.parameters();
    alpha_epoch = alpha;
    const double nb = static_cast<double>(batches);
    VaeEpoch e{.epoch = epoch,
               .reconstruction = sum_r / nb,
               .kl = sum_k / nb,
               .alpha = has_alpha ? alpha : kNaN,
               .weighted_reconstruction = sum_wr / nb,
               .weighted_kl = sum_wk / nb,
               .objective = sum_obj / nb,
               .seconds = ctx.seconds()};
    fit.history.push_back(e);
    result.iterations = epoch;
    if (on_epoch && !on_epoch(e)) {
      stopping = {Status::observer_stop, fmt::format("the observer asked to stop after epoch {}", epoch)};
      break;
    }
    if (auto diverged = ctx.divergence(epoch, e.objective, model.parameters().lpNorm<Eigen::Infinity>())) {
      stopping = std::move(*diverged);
      break;
    }
    if (auto target = ctx.target_test(e.objective)) {
      stopping = {target->status, target->message + " (the epoch's mean objective)"};
      break;
    }
  }
  result.x = model.parameters();
  result.f = fit.history.empty() ? kNaN : fit.history.back().objective;
  fit.result = ctx.finish(std::move(stopping), counts);
  return fit;
}

Matrix sample_vae(const Vae& model, Index n, std::uint64_t seed) {
  if (n < 1) throw InvalidArgument(fmt::format("sample_vae: n = {}: must be >= 1", n));
  Rng rng(seed);
  return model.decode(standard_normal(model.shape().latent, n, rng));
}

Matrix cosine_data(Index n, std::uint64_t seed, double noise) {
  if (n < 1) throw InvalidArgument(fmt::format("cosine_data: n = {}: must be >= 1", n));
  if (!(std::isfinite(noise) && noise >= 0.0))
    throw InvalidArgument(fmt::format("cosine_data: noise = {}: must be finite and >= 0", noise));
  Rng rng(seed);
  Matrix data(3, n);
  for (Index j = 0; j < n; ++j) {
    const double x = uniform(-std::numbers::pi, std::numbers::pi, rng);
    const double y = uniform(-std::numbers::pi, std::numbers::pi, rng);
    data(0, j) = x;
    data(1, j) = y;
    data(2, j) = std::cos(x);
  }
  for (Index j = 0; j < n; ++j)
    for (Index i = 0; i < 3; ++i) data(i, j) += noise * standard_normal(rng);
  return data;
}

}  // namespace minima::neural
