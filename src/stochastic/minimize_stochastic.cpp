#include "minima/stochastic/minimize_stochastic.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <numeric>
#include <vector>

#include <fmt/format.h>

#include "minima/core/driver.hpp"
#include "minima/core/error.hpp"
#include "minima/core/random.hpp"
#include "updates.hpp"

namespace minima {

void StochasticSettings::validate() const {
  if (epochs < 1) throw InvalidArgument(fmt::format("StochasticSettings.epochs = {}: must be >= 1", epochs));
  if (batch_size < 1)
    throw InvalidArgument(fmt::format("StochasticSettings.batch_size = {}: must be >= 1", batch_size));
  if (time_limit && !(*time_limit > 0.0))
    throw InvalidArgument(fmt::format("StochasticSettings.time_limit = {}: must be > 0", *time_limit));
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
                           const StochasticSettings& settings, const Observer& observer) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  settings.validate();
  auto update = make_stochastic_update(method, x0.size());  // validates the method
  const std::string name(method_name(method));
  const Index n_samples = objective.samples();

  Result result;
  result.method = name;
  auto seconds = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  auto finish = [&](Status status, std::string message) {
    result.status = status;
    result.message = std::move(message);
    result.seconds = seconds();
    return std::move(result);
  };
  if (n_samples < 1) {
    result.x = std::move(x0);
    return finish(Status::invalid_input,
                  fmt::format("the objective has {} samples: needs at least 1", n_samples));
  }
  const Objective shape([](const Vector&, Vector*) { return 0.0; }, objective.dimension());
  if (auto bad = check_start_point(shape, x0, name)) return *bad;

  const Index n = x0.size();
  // Every call goes through here: counts, catches the user's exceptions and wrong sizes.
  std::string failure;
  auto evaluate = [&](const Vector& x, std::span<const Index> batch, Vector& g) {
    ++result.evaluations.function;
    ++result.evaluations.gradient;
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
    return record_iteration(observer, epoch, x, result.trace, [&](IterationRecord& rec) {
      rec.f = f;
      rec.gradient_norm = last_gradient_norm;
      rec.step_norm = step_norm;
      rec.step_size = rate;
      rec.evaluations = result.evaluations;
      rec.seconds = seconds();
    });
  };

  Status status = Status::max_iterations;
  std::string message = fmt::format("completed {} epochs", settings.epochs);
  for (long epoch = 1; epoch <= settings.epochs; ++epoch) {
    if (settings.time_limit && seconds() >= *settings.time_limit) {
      status = Status::time_limit;
      message = fmt::format("reached the time limit ({} s) after {} epochs", *settings.time_limit, epoch - 1);
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
        x = x_epoch;
        result.x = std::move(x);
        return finish(Status::function_error,
                      fmt::format("epoch {}, batch {}: {}", epoch, batches + 1, failure));
      }
      if (!std::isfinite(value) || !g.allFinite()) {
        status = Status::non_finite_value;
        message = fmt::format(
            "epoch {}, batch {}: the minibatch {} is not finite ({}); stopped, x is the point "
            "after epoch {}",
            epoch, batches + 1, std::isfinite(value) ? "gradient" : "value", value, epoch - 1);
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
      status = Status::non_finite_value;
      message = fmt::format("epoch {}: a step made x non-finite; stopped, x is the point after epoch {}",
                            epoch, epoch - 1);
      break;
    }
    const double step_norm = (x - x_epoch).lpNorm<Eigen::Infinity>();
    x_epoch = x;
    if (record(epoch, sum / static_cast<double>(batches), rate, step_norm)) {
      status = Status::observer_stop;
      message = fmt::format("the observer asked to stop after epoch {}", epoch);
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
  } else if (status == Status::max_iterations) {
    return finish(Status::function_error, fmt::format("the full objective at the final point: {}", failure));
  }
  return finish(status, std::move(message));
}

}  // namespace minima
