// EDA_vbMFA (eda_vbmfa.hpp).
#include "minima/evolution/eda_vbmfa_seed.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "minima/evolution/initial_population.hpp"
#include "minima/evolution/restricted_tournament_replacement.hpp"
#include "minima/evolution/tournament_selection.hpp"
#include "restart_population.hpp"

namespace minima {

void EdaVbMfaSeed::validate() const {
  if (population < 8)
    throw InvalidArgument(fmt::format("eda-vbmfa-seed: population = {} must be >= 8", population));
  if (!(parent_ratio > 0.0 && parent_ratio <= 1.0))
    throw InvalidArgument(fmt::format("eda-vbmfa-seed: parent_ratio = {} must be in (0, 1]", parent_ratio));
  if (!(offspring_ratio > 0.0 && offspring_ratio <= 1.0))
    throw InvalidArgument(
        fmt::format("eda-vbmfa-seed: offspring_ratio = {} must be in (0, 1]", offspring_ratio));
  if (tournament_size < 1)
    throw InvalidArgument(fmt::format("eda-vbmfa-seed: tournament_size = {} must be >= 1", tournament_size));
  if (!(window_fraction > 0.0 && window_fraction <= 1.0))
    throw InvalidArgument(
        fmt::format("eda-vbmfa-seed: window_fraction = {} must be in (0, 1]", window_fraction));
  if (box_repair.max_resamples < 0)
    throw InvalidArgument(
        fmt::format("eda-vbmfa-seed: box_repair.max_resamples = {} must be >= 0", box_repair.max_resamples));
  if (!(x_tolerance >= 0.0))
    throw InvalidArgument(fmt::format("eda-vbmfa-seed: x_tolerance = {} must be >= 0", x_tolerance));
  if (max_restarts < 0)
    throw InvalidArgument(fmt::format("eda-vbmfa-seed: max_restarts = {} must be >= 0", max_restarts));
  if (!(population_increase >= 1.0 && std::isfinite(population_increase)))
    throw InvalidArgument(
        fmt::format("eda-vbmfa-seed: population_increase = {} must be finite and >= 1", population_increase));
  if (max_population < population)
    throw InvalidArgument(fmt::format("eda-vbmfa-seed: max_population = {} must be >= population = {}",
                                      max_population, population));
  if (stagnation_generations < 0)
    throw InvalidArgument(
        fmt::format("eda-vbmfa-seed: stagnation_generations = {} must be >= 0", stagnation_generations));
  if (!(stagnation_tolerance >= 0.0 && std::isfinite(stagnation_tolerance)))
    throw InvalidArgument(fmt::format("eda-vbmfa-seed: stagnation_tolerance = {} must be finite and >= 0",
                                      stagnation_tolerance));
  minima::validate(model);
}

namespace {

class EdaVbMfaSeedMethod final : public PopulationMethod {
 public:
  explicit EdaVbMfaSeedMethod(const EdaVbMfaSeed& settings) : s_(settings) { s_.validate(); }

  std::string name() const override { return "eda-vbmfa-seed"; }
  long restarts() const override { return restart_; }

  void init(const Bounds& box, Rng&) override {
    box_ = box;
    n_ = box.lower.size();
    width_ = (box.upper - box.lower).maxCoeff();
    restart_ = 0;
    finished_ = false;
    set_population(s_.population);
  }

  void ask(Matrix& candidates, Rng& rng) override {
    if (population_.cols() == 0) {
      candidates = uniform_population(box_, size_, rng);
      return;
    }
    candidates.resize(n_, offspring_count_);
    Vector x(n_);
    for (Index j = 0; j < offspring_count_; ++j) {
      const Index parent = uniform_index(parents_count_, rng);
      const int s = model_.draw_analyser(parent, rng);
      const VbMfaAnalyser& a = model_.analyser(s);
      auto draw = [&] {
        if (s_.latent == EdaVbMfaLatent::posterior_mean) {
          model_.sample_near(parent, s, rng, x);
        } else if (s_.latent == EdaVbMfaLatent::posterior_sample) {
          model_.sample_near(parent, s, rng, x);
          const Index k = a.loadings.cols();
          if (k > 0) {
            Vector z(k);
            for (Index t = 0; t < k; ++t) z(t) = standard_normal(rng);
            const Eigen::LLT<Matrix> llt(a.latent_covariance);
            x.noalias() += a.loadings * (llt.matrixL() * z);
          }
        } else {
          x = a.mean;
          for (Index k = 0; k < a.loadings.cols(); ++k)
            x.noalias() += standard_normal(rng) * a.loadings.col(k);
          for (Index q = 0; q < n_; ++q) x(q) += std::sqrt(a.noise(q)) * standard_normal(rng);
        }
        return x;
      };
      candidates.col(j) = sample_in_box(draw, box_, s_.box_repair);
    }
  }

  void tell(const Matrix& candidates, const Vector& values, Rng& rng, GenerationRecord& record) override {
    if (population_.cols() == 0) {
      population_ = candidates;
      values_ = values;
    } else {
      record.extra.emplace_back("replaced", static_cast<double>(restricted_tournament_replacement(
                                                population_, values_, candidates, values, window_, rng)));
    }
    const auto picks = tournament_selection(values_, parents_count_, s_.tournament_size, rng);
    parents_.resize(n_, parents_count_);
    for (Index j = 0; j < parents_count_; ++j)
      parents_.col(j) = population_.col(picks[static_cast<std::size_t>(j)]);
    VbMfa m = s_.model;
    m.seed = rng();
    const bool warm = s_.warm_start && model_.analysers() > 0;
    model_ = fit_vbmfa(parents_, m, warm ? &model_ : nullptr);
    double dims = 0, spread = 0;
    for (int s = 0; s < model_.analysers(); ++s) {
      const VbMfaAnalyser& a = model_.analyser(s);
      dims += a.latent_dimension();
      const Vector var = a.noise + a.loadings.rowwise().squaredNorm();
      spread = std::max(spread, std::sqrt(var.maxCoeff()));
    }
    spread_ = spread;
    run_bests_.push_back(values_.minCoeff());
    record.extra.emplace_back("analysers", static_cast<double>(model_.analysers()));
    record.extra.emplace_back("latent_dims", dims / model_.analysers());
    record.extra.emplace_back("vbem_iters", static_cast<double>(model_.iterations()));
    record.extra.emplace_back("max_std", spread_);
    record.extra.emplace_back("restart", static_cast<double>(restart_));
    record.extra.emplace_back("population", static_cast<double>(size_));

    if (auto why = restart_reason()) {
      last_reason_ = std::move(*why);
      if (restart_ < s_.max_restarts) {
        ++restart_;
        set_population(
            evolution_detail::restarted_population(size_, s_.population_increase, s_.max_population));
      } else {
        finished_ = true;
      }
    }
  }

  std::optional<MethodStop> stop() const override {
    if (!finished_) return std::nullopt;
    std::string message = last_reason_;
    if (restart_ > 0) {
      message += fmt::format(" (after {} restart", restart_);
      message += restart_ == 1 ? ")" : "s)";
    }
    return MethodStop{last_status_, std::move(message)};
  }

 private:
  // A fresh run of `size` members: the next ask draws a uniform population.
  void set_population(Index size) {
    size_ = size;
    const double big_n = static_cast<double>(size);
    parents_count_ = std::max<Index>(2, static_cast<Index>(std::floor(s_.parent_ratio * big_n)));
    offspring_count_ = std::max<Index>(1, static_cast<Index>(std::floor(s_.offspring_ratio * big_n)));
    window_ = rtr_window(size, s_.window_fraction);
    population_.resize(n_, 0);
    values_.resize(0);
    model_ = VbMfaModel{};
    run_bests_.clear();
  }

  // Why this run should end, or nothing: the model collapsed, or the population's best value has not
  // improved enough over the last stagnation_generations generations.
  std::optional<std::string> restart_reason() {
    if (spread_ < s_.x_tolerance * width_) {
      last_status_ = Status::converged_step;
      return fmt::format("the model collapsed: largest standard deviation {:.3g} < {:.3g}", spread_,
                         s_.x_tolerance * width_);
    }
    const auto g = static_cast<std::size_t>(s_.stagnation_generations);
    if (g > 0 && run_bests_.size() > g) {
      const double now = run_bests_.back(), then = run_bests_[run_bests_.size() - 1 - g];
      if (!(then - now > s_.stagnation_tolerance * std::abs(now))) {
        last_status_ = Status::converged_function;
        return fmt::format(
            "stagnation: the population's best value {:.6g} improved by less than {:.3g} "
            "(relative) in {} generations",
            now, s_.stagnation_tolerance, g);
      }
    }
    return std::nullopt;
  }

  EdaVbMfaSeed s_;
  Bounds box_;
  Index n_ = 0, size_ = 0, parents_count_ = 0, offspring_count_ = 0, window_ = 1;
  double width_ = 1.0, spread_ = 0.0;
  Matrix population_, parents_;
  Vector values_;
  VbMfaModel model_;
  std::vector<double> run_bests_;
  long restart_ = 0;
  bool finished_ = false;
  Status last_status_ = Status::converged_step;
  std::string last_reason_;
};

}  // namespace

std::unique_ptr<PopulationMethod> make_population_method(const EdaVbMfaSeed& settings) {
  return std::make_unique<EdaVbMfaSeedMethod>(settings);
}

Result eda_vbmfa_seed(const BatchObjective& objective, const Bounds& box, const EdaVbMfaSeed& settings,
                      const BlackBoxSettings& run, const PopulationObserver& observer) {
  return run_population(objective, box, settings, run, observer);
}

}  // namespace minima
