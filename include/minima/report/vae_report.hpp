// The report of a VAE training run (neural/train_vae.hpp): what `minima vae` prints — the final
// terms of the objective as a table with the status, or one JSON object — and the per-epoch history
// as CSV.
//
// JSON keys: objective, alpha_rule (eq7 only), delta, data, points, dimension, hidden, latent,
// optimizer, learning_rate, batch, seed, status ("not_trained" when no epoch was asked for),
// message, epochs (completed), reconstruction, kl, alpha, weighted_reconstruction, weighted_kl,
// objective_value, seconds, seconds_per_epoch, then model and samples when written. A term with no
// value (α of the ELBO, every term when no epoch completed) is "nan", as json.hpp writes NaN.
#pragma once

#include <cstdint>
#include <string>

#include "minima/neural/train_vae.hpp"

namespace minima {

struct VaeReport {
  neural::VaeObjective objective{};
  neural::VaeTraining training{};  ///< batch size, method (its name and η₀ are reported), seed
  std::string data;                ///< where the points came from, e.g. a CSV path
  Index points = 0;
  Index dimension = 0;
  bool trained = true;  ///< false when no epoch was asked for (a loaded model only sampled)
  neural::VaeFit fit;
  std::string model_path{};    ///< where the model was saved, empty when it was not
  std::string samples_path{};  ///< where samples were written, empty when none were
  Index samples = 0;
};

/// The terms after the last completed epoch, NaN for each when none completed.
neural::VaeEpoch last_epoch(const VaeReport& report);

/// The table of the final terms and the status line (or "no epoch completed"), then where the
/// model and samples went; empty when nothing was trained or written.
std::string vae_text(const VaeReport& report);

/// The JSON object described above; `indent` spaces per level, one line for indent < 0.
std::string vae_to_json(const VaeReport& report, int indent = 2);

/// The history as CSV: epoch, reconstruction, kl, alpha, weighted_reconstruction, weighted_kl,
/// objective, seconds (one row per epoch, after a header).
std::string vae_history_csv(const std::vector<neural::VaeEpoch>& history);

}  // namespace minima
