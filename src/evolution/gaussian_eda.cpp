// The single Gaussian EDA, EMNA_global with elitism (gaussian_eda.hpp).
#include "minima/evolution/gaussian_eda.hpp"

#include <cmath>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "minima/evolution/gaussian_model.hpp"
#include "minima/evolution/initial_population.hpp"
#include "minima/evolution/truncation_selection.hpp"

namespace minima {

void GaussianEda::validate() const {
  if (population < 2)
    throw InvalidArgument(fmt::format("gaussian-eda: population = {} must be >= 2", population));
  if (!(selection_ratio > 0.0 && selection_ratio <= 1.0))
    throw InvalidArgument(
        fmt::format("gaussian-eda: selection_ratio = {} must be in (0, 1]", selection_ratio));
  if (!(x_tolerance >= 0.0))
    throw InvalidArgument(fmt::format("gaussian-eda: x_tolerance = {} must be >= 0", x_tolerance));
  if (box_repair.max_resamples < 0)
    throw InvalidArgument(
        fmt::format("gaussian-eda: box_repair.max_resamples = {} must be >= 0", box_repair.max_resamples));
}

namespace {

class GaussianEdaMethod final : public PopulationMethod {
 public:
  explicit GaussianEdaMethod(const GaussianEda& settings) : s_(settings) { s_.validate(); }

  std::string name() const override { return "gaussian-eda"; }

  void init(const Bounds& box, Rng&) override {
    box_ = box;
    const Index n = box.lower.size();
    selected_ = static_cast<Index>(std::floor(s_.selection_ratio * static_cast<double>(s_.population)));
    if (selected_ < n + 1)
      throw InvalidArgument(
          fmt::format("gaussian-eda: population = {} selects {} points; a full covariance in {} dimensions "
                      "needs at least {} "
                      "(population >= {})",
                      s_.population, selected_, n, n + 1,
                      static_cast<long>(std::ceil(static_cast<double>(n + 1) / s_.selection_ratio))));
    width_ = (box.upper - box.lower).maxCoeff();
  }

  void ask(Matrix& candidates, Rng& rng) override {
    if (population_.cols() == 0) {
      candidates = uniform_population(box_, s_.population, rng);
      return;
    }
    candidates.resize(box_.lower.size(), s_.population);
    for (Index j = 0; j < s_.population; ++j)
      candidates.col(j) = sample_in_box([&] { return model_.sample(rng); }, box_, s_.box_repair);
  }

  void tell(const Matrix& candidates, const Vector& values, Rng&, GenerationRecord& record) override {
    if (population_.cols() == 0) {
      population_ = candidates;
      values_ = values;
    } else {
      // (N + N) elitism: the best N of parents and offspring survive.
      Matrix all(candidates.rows(), population_.cols() + candidates.cols());
      all << population_, candidates;
      Vector all_values(values_.size() + values.size());
      all_values << values_, values;
      const auto keep = truncation_selection(all_values, s_.population);
      population_.resize(candidates.rows(), s_.population);
      values_.resize(s_.population);
      for (Index j = 0; j < s_.population; ++j) {
        population_.col(j) = all.col(keep[static_cast<std::size_t>(j)]);
        values_[j] = all_values[keep[static_cast<std::size_t>(j)]];
      }
    }
    const auto chosen = truncation_selection(values_, selected_);
    Matrix parents(population_.rows(), selected_);
    for (Index j = 0; j < selected_; ++j)
      parents.col(j) = population_.col(chosen[static_cast<std::size_t>(j)]);
    model_ = fit_gaussian(parents);
    record.extra.emplace_back("max_std", model_.max_std());
  }

  std::optional<MethodStop> stop() const override {
    if (model_.mean.size() && model_.max_std() < s_.x_tolerance * width_)
      return MethodStop{Status::converged_step,
                        fmt::format("the model collapsed: largest standard deviation {:.3g} < {:.3g}",
                                    model_.max_std(), s_.x_tolerance * width_)};
    return std::nullopt;
  }

 private:
  GaussianEda s_;
  Bounds box_;
  Index selected_ = 0;
  double width_ = 1.0;
  Matrix population_;
  Vector values_;
  GaussianModel model_;
};

}  // namespace

std::unique_ptr<PopulationMethod> make_population_method(const GaussianEda& settings) {
  return std::make_unique<GaussianEdaMethod>(settings);
}

Result gaussian_eda(const BatchObjective& objective, const Bounds& box, const GaussianEda& settings,
                    const BlackBoxSettings& run, const PopulationObserver& observer) {
  return run_population(objective, box, settings, run, observer);
}

}  // namespace minima
