// minimize_stochastic: SGD, momentum, Adam and AdamW on a MinibatchObjective, epoch by epoch.
// Each epoch draws a permutation of the N samples (from `seed`: the same seed gives the same run),
// cuts it into batches of `batch_size` (the last one may be smaller) and takes one step per batch
// with the rate η₀ · schedule_factor(epoch). The trace has one record per epoch: f is the mean of
// the epoch's minibatch values (what training logs show), gradient_norm the ‖·‖∞ of the last
// minibatch gradient, step_size the epoch's rate.
//
//   MinibatchObjective f(fn, n_samples);
//   Result r = minimize_stochastic(f, x0, Adam{.learning_rate = 1e-2},
//                                  StochasticSettings{.epochs = 50, .batch_size = 32, .seed = 7});
//
// The run ends after `epochs` epochs (Status::max_iterations: stochastic methods have no
// convergence test of their own), on Stop's budgets (max_evaluations counts minibatch evaluations,
// time_limit; both checked between epochs), when the epoch's mean minibatch value reaches
// Stop::f_target or passes Stop::divergence_limit, on the observer, or when a minibatch value or
// gradient is not finite (Status::non_finite_value, with the epoch and batch; x is then the point
// at the end of the last complete epoch). Stop's other fields must keep their defaults
// (InvalidArgument otherwise). At the end the full objective (all N samples) is
// evaluated once at x, for Result::f and Result::gradient.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <variant>

#include "minima/core/observer.hpp"
#include "minima/core/result.hpp"
#include "minima/core/stop.hpp"
#include "minima/stochastic/adam.hpp"
#include "minima/stochastic/minibatch_objective.hpp"
#include "minima/stochastic/momentum.hpp"
#include "minima/stochastic/schedule.hpp"
#include "minima/stochastic/sgd.hpp"

namespace minima {

using StochasticMethod = std::variant<Sgd, Momentum, Adam, AdamW>;

struct StochasticSettings {
  long epochs = 100;       ///< passes over the data, ≥ 1
  Index batch_size = 32;   ///< samples per step, ≥ 1 (capped at N)
  bool shuffle = true;     ///< a new permutation every epoch; false: batches in index order
  unsigned long seed = 0;  ///< for the permutations
  Schedule schedule = ConstantRate{};
  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

/// The method's name: "sgd", "momentum", "nesterov", "adam", "adamw".
std::string_view method_name(const StochasticMethod& method);
/// The method of that name with its default settings; nullopt for an unknown name.
std::optional<StochasticMethod> parse_stochastic_method(std::string_view name);
/// η₀ of any method.
double learning_rate(const StochasticMethod& method);
/// A copy of `method` with η₀ replaced.
StochasticMethod with_learning_rate(StochasticMethod method, double learning_rate);

/// One stochastic method's update with its state (moments, step count), for training loops that
/// run their own epochs (the VAE's) and share the update rules with minimize_stochastic.
class StochasticUpdate {
 public:
  virtual ~StochasticUpdate() = default;
  /// x ← update(x, g) with rate η (the schedule already applied).
  virtual void apply(Eigen::Ref<Vector> x, const Eigen::Ref<const Vector>& g, double rate) = 0;
};

/// Validates the method (InvalidArgument) and returns its update for n parameters, state at zero.
std::unique_ptr<StochasticUpdate> make_stochastic_update(const StochasticMethod& method, Index n);

/// Runs the method (see the file comment). Throws InvalidArgument for invalid settings; an unusable
/// x0 (empty, wrong size, non-finite) or a MinibatchObjective with no samples gives
/// Status::invalid_input.
Result minimize_stochastic(const MinibatchObjective& objective, Vector x0, const StochasticMethod& method,
                           const StochasticSettings& settings = {}, const Stop& stop = {},
                           const Observer& observer = {});

}  // namespace minima
