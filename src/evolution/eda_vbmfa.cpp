// EDA_vbMFA (eda_vbmfa.hpp).
#include "minima/evolution/eda_vbmfa.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "minima/evolution/initial_population.hpp"
#include "minima/evolution/restricted_tournament_replacement.hpp"
#include "minima/evolution/tournament_selection.hpp"

namespace minima {

void EdaVbMfa::validate() const {
  if (population < 8)
    throw InvalidArgument(fmt::format("eda-vbmfa: population = {} must be >= 8", population));
  if (!(parent_ratio > 0.0 && parent_ratio <= 1.0))
    throw InvalidArgument(fmt::format("eda-vbmfa: parent_ratio = {} must be in (0, 1]", parent_ratio));
  if (!(offspring_ratio > 0.0 && offspring_ratio <= 1.0))
    throw InvalidArgument(fmt::format("eda-vbmfa: offspring_ratio = {} must be in (0, 1]", offspring_ratio));
  if (tournament_size < 1)
    throw InvalidArgument(fmt::format("eda-vbmfa: tournament_size = {} must be >= 1", tournament_size));
  if (!(window_fraction > 0.0 && window_fraction <= 1.0))
    throw InvalidArgument(fmt::format("eda-vbmfa: window_fraction = {} must be in (0, 1]", window_fraction));
  if (box_repair.max_resamples < 0)
    throw InvalidArgument(
        fmt::format("eda-vbmfa: box_repair.max_resamples = {} must be >= 0", box_repair.max_resamples));
  if (!(x_tolerance >= 0.0))
    throw InvalidArgument(fmt::format("eda-vbmfa: x_tolerance = {} must be >= 0", x_tolerance));
  minima::validate(model);
}

namespace {

class EdaVbMfaMethod final : public PopulationMethod {
 public:
  explicit EdaVbMfaMethod(const EdaVbMfa& settings) : s_(settings) { s_.validate(); }

  std::string name() const override { return "eda-vbmfa"; }

  void init(const Bounds& box, Rng&) override {
    box_ = box;
    n_ = box.lower.size();
    const double big_n = static_cast<double>(s_.population);
    parents_count_ = std::max<Index>(2, static_cast<Index>(std::floor(s_.parent_ratio * big_n)));
    offspring_count_ = std::max<Index>(1, static_cast<Index>(std::floor(s_.offspring_ratio * big_n)));
    window_ = rtr_window(s_.population, s_.window_fraction);
    width_ = (box.upper - box.lower).maxCoeff();
  }

  void ask(Matrix& candidates, Rng& rng) override {
    if (population_.cols() == 0) {
      candidates = uniform_population(box_, s_.population, rng);
      return;
    }
    candidates.resize(n_, offspring_count_);
    Vector x(n_);
    std::normal_distribution<double> normal;
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
            for (Index t = 0; t < k; ++t) z(t) = normal(rng);
            const Eigen::LLT<Matrix> llt(a.latent_covariance);
            x.noalias() += a.loadings * (llt.matrixL() * z);
          }
        } else {
          x = a.mean;
          for (Index k = 0; k < a.loadings.cols(); ++k) x.noalias() += normal(rng) * a.loadings.col(k);
          for (Index q = 0; q < n_; ++q) x(q) += std::sqrt(a.noise(q)) * normal(rng);
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
    record.extra.emplace_back("analysers", static_cast<double>(model_.analysers()));
    record.extra.emplace_back("latent_dims", dims / model_.analysers());
    record.extra.emplace_back("vbem_iters", static_cast<double>(model_.iterations()));
    record.extra.emplace_back("max_std", spread_);
  }

  std::optional<MethodStop> stop() const override {
    if (model_.analysers() > 0 && spread_ < s_.x_tolerance * width_)
      return MethodStop{Status::converged_step,
                        fmt::format("the model collapsed: largest standard deviation {:.3g} < {:.3g}",
                                    spread_, s_.x_tolerance * width_)};
    return std::nullopt;
  }

 private:
  EdaVbMfa s_;
  Bounds box_;
  Index n_ = 0, parents_count_ = 0, offspring_count_ = 0, window_ = 1;
  double width_ = 1.0, spread_ = 0.0;
  Matrix population_, parents_;
  Vector values_;
  VbMfaModel model_;
};

}  // namespace

std::unique_ptr<PopulationMethod> make_population_method(const EdaVbMfa& settings) {
  return std::make_unique<EdaVbMfaMethod>(settings);
}

Result eda_vbmfa(const BatchObjective& objective, const Bounds& box, const EdaVbMfa& settings,
                 const BlackBoxSettings& run, const PopulationObserver& observer) {
  auto method = make_population_method(settings);
  return run_population(objective, box, *method, run, observer);
}

}  // namespace minima
