// Training a VAE on one of the objectives of vae_objective.hpp with a stochastic method of
// stochastic/ (Adam by default), epoch by epoch: each epoch shuffles the data, cuts it into
// batches, draws the noise ε ~ N(0, I) of each batch, takes one optimizer step on the network (and,
// by the objective's rule, one on α). Everything random comes from one seed: the same seed gives
// the same run. A minibatch value or gradient that is not finite stops the run with
// Status::non_finite_value and the epoch in the message; the model is then the one after the last
// complete epoch.
#pragma once

#include <functional>
#include <vector>

#include "minima/core/result.hpp"
#include "minima/core/stop.hpp"
#include "minima/neural/vae.hpp"
#include "minima/neural/vae_objective.hpp"
#include "minima/stochastic/minimize_stochastic.hpp"

namespace minima::neural {

struct VaeTraining {
  long epochs = 200;                 ///< ≥ 1 (the seed's 200)
  Index batch_size = 100;            ///< ≥ 1, capped at the number of points
  StochasticMethod method = Adam{};  ///< η₀ = 1e-3 by default
  Schedule schedule = ConstantRate{};
  std::uint64_t seed = 0;  ///< initial weights, shuffles and noise
  /// Budgets (max_evaluations: minibatches; time_limit; both checked between epochs), f_target and
  /// divergence_limit on the epoch's mean objective; the other fields must keep their defaults.
  Stop stop{};
  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

/// One epoch's terms: means over its batches (α and λ at the epoch's end).
struct VaeEpoch {
  long epoch = 0;
  double reconstruction = 0.0;           ///< R
  double kl = 0.0;                       ///< K, mean per point
  double alpha = 0.0;                    ///< α (eq7, lagrangian), β (beta), λ (geco); NaN for elbo
  double weighted_reconstruction = 0.0;  ///< c_R·R: (1 + α)·R for eq7
  double weighted_kl = 0.0;              ///< c_K·K: α·K for eq7 and lagrangian
  double objective = 0.0;                ///< the objective's value, constants included
  double seconds = 0.0;                  ///< since the start
};

struct VaeFit {
  Vae model;
  std::vector<VaeEpoch> history;
  /// status (max_iterations when all epochs ran, non_finite_value, observer_stop, ...), message,
  /// iterations = epochs completed, x = the network's parameters, f = the last epoch's objective,
  /// evaluations (one per batch), seconds. Also target_reached, diverged, max_evaluations or
  /// time_limit from VaeTraining::stop.
  Result result;
};

/// Called after every epoch; return false to stop (Status::observer_stop).
using VaeEpochCallback = std::function<bool(const VaeEpoch&)>;

/// Trains on `data` (input × n: the points are the columns) from a fresh network of `shape`
/// initialised from training.seed. Throws InvalidArgument for bad settings, data with no points, a
/// row count other than shape.input, or non-finite data.
VaeFit train_vae(const Matrix& data, const VaeShape& shape, const VaeObjective& objective,
                 const VaeTraining& training, const VaeEpochCallback& on_epoch = {});

/// The same, continuing from `start` (its shape is used).
VaeFit train_vae(const Matrix& data, const Vae& start, const VaeObjective& objective,
                 const VaeTraining& training, const VaeEpochCallback& on_epoch = {});

/// n points decoded from z ~ N(0, I) (input × n), from `seed`.
Matrix sample_vae(const Vae& model, Index n, std::uint64_t seed);

/// The spec's data (vae.md §3): x, y ~ U(−π, π), z = cos x, then N(0, noise²) added to every
/// coordinate; 3 × n, from `seed`.
Matrix cosine_data(Index n, std::uint64_t seed, double noise = 0.05);

}  // namespace minima::neural
