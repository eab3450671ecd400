#include "minima/stochastic/minimize_stochastic.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <numeric>
#include <vector>

#include <fmt/format.h>

#include "minima/core/driver.hpp"
#include "minima/core/error.hpp"
#include "minima/core/random.hpp"
#include "minima/core/run_context.hpp"
#include "updates.hpp"

namespace minima {

void StochasticSettings::validate() const {
  if (epochs < 1) throw InvalidArgument(fmt::format("StochasticSettings.epochs = {}: must be >= 1", epochs));
  if (batch_size < 1)
    throw InvalidArgument(fmt::format("StochasticSettings.batch_size = {}: must be >= 1", batch_size));
  minima::validate(schedule);
}

std::string_view method_name(const StochasticMethod& method) {
  if (const auto* m = std::get_if<Momentum>(&method)) return m->nesterov ? "nesterov" : "momentum";
  static constexpr std::string_view names[] = {"sgd", "momentum", "adam", "adamw"};
  return names[method.index()];
}

std::optional<StochasticMethod> parse_stochastic_method(std::string_view name) {
  if (name == "sgd") return Sgd{};
  if (name == "momentum") return Momentum{};
  if (name == "nesterov") return Momentum{.nesterov = true};
  if (name == "adam") return Adam{};
  if (name == "adamw") return AdamW{};
  return std::nullopt;
}

double learning_rate(const StochasticMethod& method) {
  return std::visit([](const auto& m) { return m.learning_rate; }, method);
}

StochasticMethod with_learning_rate(StochasticMethod method, double rate) {
  std::visit([rate](auto& m) { m.learning_rate = rate; }, method);
  return method;
}

std::unique_ptr<StochasticUpdate> make_stochastic_update(const StochasticMethod& method, Index n) {
  return std::visit([n](const auto& m) { return detail::make_update(m, n); }, method);
}

Result minimize_stochastic(const MinibatchObjective& objective, Vector x0, const StochasticMethod& method,
                           const StochasticSettings& settings, const Stop& stop, const Observer& observer) {
  settings.validate();
  auto update = make_stochastic_update(method, x0.size());  // validates the method
  const std::string name(method_name(method));
  // The length of the run is StochasticSettings::epochs (schedules are written in epochs); minibatch
  // noise makes gradient, step and f-change tests meaningless.
  RunContext ctx(
      name, stop, observer,
      StopField::max_evaluations | StopField::time_limit | StopField::f_target | StopField::divergence_limit,
      "a stochastic method (its length is StochasticSettings::epochs)");
  Result& result = ctx.result();
  EvaluationCounts counts;
  const Index n_samples = objective.samples();
  if (n_samples < 1) {
    result.x = std::move(x0);
    return ctx.finish(Status::invalid_input,
                      fmt::format("the objective has {} samples: needs at least 1", n_samples), counts);
  }
  const Objective shape([](const Vector&, Vector*) { return 0.0; }, objective.dimension());
  if (auto bad = check_start_point(shape, x0, name)) return *bad;

  const Index n = x0.size();
  // Every call goes through here: counts, catches the user's exceptions and wrong sizes.
  std::string failure;
  auto evaluate = [&](const Vector& x, std::span<const Index> batch, Vector& g) {
    ++counts.function;
    ++counts.gradient;
    g.resize(n);
    try {
      const double value = objective(x, batch, &g);
      if (g.size() != n) {
        failure = fmt::format("the gradient has size {}, expected {}", g.size(), n);
        return std::numeric_limits<double>::quiet_NaN();
      }
      return value;
    } catch (const std::exception& e) {
      failure = fmt::format("the objective threw: {}", e.what());
    } catch (...) {
      failure = "the objective threw a non-standard exception";
    }
    return std::numeric_limits<double>::quiet_NaN();
  };

  std::vector<Index> order(static_cast<std::size_t>(n_samples));
  std::iota(order.begin(), order.end(), Index{0});
  Rng rng(settings.seed);
  const Index batch_size = std::min(settings.batch_size, n_samples);
  const double rate0 = learning_rate(method);

  Vector x = std::move(x0), x_epoch = x, g(n);
  double last_gradient_norm = std::numeric_limits<double>::quiet_NaN();
  auto record = [&](long epoch, double f, double rate, double step_norm) {
    return ctx.record(epoch, x, f, last_gradient_norm, step_norm, rate, counts);
  };

  Stopping stopping{Status::max_iterations, fmt::format("completed {} epochs", settings.epochs)};
  for (long epoch = 1; epoch <= settings.epochs; ++epoch) {
    // Stop::max_iterations is not honoured here (the constructor said so): only the budgets.
    if (auto limit = ctx.limit(1, counts)) {
      stopping = {limit->status, fmt::format("{} after {} epochs", limit->message, epoch - 1)};
      break;
    }
    if (settings.shuffle) shuffle(order, rng);
    const double rate = rate0 * schedule_factor(settings.schedule, epoch - 1);
    double sum = 0.0;
    Index batches = 0;
    bool bad = false;
    for (Index begin = 0; begin < n_samples; begin += batch_size) {
      const Index size = std::min(batch_size, n_samples - begin);
      const std::span<const Index> batch(order.data() + begin, static_cast<std::size_t>(size));
      const double value = evaluate(x, batch, g);
      if (!failure.empty()) {
        result.x = std::move(x_epoch);
        return ctx.finish(Status::function_error,
                          fmt::format("epoch {}, batch {}: {}", epoch, batches + 1, failure), counts);
      }
      if (!std::isfinite(value) || !g.allFinite()) {
        stopping = {
            Status::non_finite_value,
            fmt::format("epoch {}, batch {}: the minibatch {} is not finite ({}); stopped, x is the "
                        "point after epoch {}",
                        epoch, batches + 1, std::isfinite(value) ? "gradient" : "value", value, epoch - 1)};
        bad = true;
        break;
      }
      last_gradient_norm = g.lpNorm<Eigen::Infinity>();
      update->apply(x, g, rate);
      sum += value;
      ++batches;
    }
    if (bad) {
      x = x_epoch;
      break;
    }
    result.iterations = epoch;
    if (!x.allFinite()) {
      x = x_epoch;
      stopping = {Status::non_finite_value,
                  fmt::format("epoch {}: a step made x non-finite; stopped, x is the point after epoch {}",
                              epoch, epoch - 1)};
      break;
    }
    const double step_norm = (x - x_epoch).lpNorm<Eigen::Infinity>();
    x_epoch = x;
    const double epoch_mean = sum / static_cast<double>(batches);
    if (record(epoch, epoch_mean, rate, step_norm)) {
      stopping = {Status::observer_stop, fmt::format("the observer asked to stop after epoch {}", epoch)};
      break;
    }
    // The epoch's mean minibatch value is what the target and the divergence test see.
    if (auto diverged = ctx.divergence(epoch, epoch_mean, x.lpNorm<Eigen::Infinity>())) {
      stopping = std::move(*diverged);
      break;
    }
    if (auto target = ctx.target_test(epoch_mean)) {
      stopping = {target->status, target->message + " (the epoch's mean minibatch value)"};
      break;
    }
  }

  // The full objective at the final point.
  std::vector<Index> all(static_cast<std::size_t>(n_samples));
  std::iota(all.begin(), all.end(), Index{0});
  const double f = evaluate(x, all, g);
  result.x = std::move(x);
  if (failure.empty()) {
    result.f = f;
    result.gradient = g;
    result.gradient_norm =
        g.allFinite() ? g.lpNorm<Eigen::Infinity>() : std::numeric_limits<double>::quiet_NaN();
  } else if (stopping.status == Status::max_iterations) {
    return ctx.finish(Status::function_error,
                      fmt::format("the full objective at the final point: {}", failure), counts);
  }
  return ctx.finish(std::move(stopping), counts);
}

}  // namespace minima
