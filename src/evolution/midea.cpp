// MIDEA (midea.hpp).
#include "minima/evolution/midea.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "minima/evolution/gaussian_model.hpp"
#include "minima/evolution/initial_population.hpp"
#include "minima/evolution/truncation_selection.hpp"

namespace minima {

void Midea::validate() const {
  if (population < 2) throw InvalidArgument(fmt::format("midea: population = {} must be >= 2", population));
  if (!(selection_ratio > 0.0 && selection_ratio < 1.0))
    throw InvalidArgument(fmt::format("midea: selection_ratio = {} must be in (0, 1)", selection_ratio));
  if (!(cluster_threshold > 0.0))
    throw InvalidArgument(fmt::format("midea: cluster_threshold = {} must be > 0", cluster_threshold));
  if (!(x_tolerance >= 0.0))
    throw InvalidArgument(fmt::format("midea: x_tolerance = {} must be >= 0", x_tolerance));
  if (box_repair.max_resamples < 0)
    throw InvalidArgument(
        fmt::format("midea: box_repair.max_resamples = {} must be >= 0", box_repair.max_resamples));
}

namespace {

class MideaMethod final : public PopulationMethod {
 public:
  explicit MideaMethod(const Midea& settings) : s_(settings) { s_.validate(); }

  std::string name() const override { return "midea"; }

  void init(const Bounds& box, Rng&) override {
    box_ = box;
    n_ = box.lower.size();
    selected_ = static_cast<Index>(std::floor(s_.selection_ratio * static_cast<double>(s_.population)));
    if (selected_ < n_ + 1 || selected_ >= s_.population)
      throw InvalidArgument(fmt::format(
          "midea: population = {} selects {} points; a full covariance in {} dimensions needs at least {} "
          "(population >= {})",
          s_.population, selected_, n_, n_ + 1,
          static_cast<long>(std::ceil(static_cast<double>(n_ + 1) / s_.selection_ratio))));
    width_ = (box.upper - box.lower).maxCoeff();
  }

  void ask(Matrix& candidates, Rng& rng) override {
    if (population_.cols() == 0) {
      candidates = uniform_population(box_, s_.population, rng);
      return;
    }
    const Index offspring = s_.population - selected_;
    candidates.resize(n_, offspring);
    Index j = 0;
    for (std::size_t c = 0; c < models_.size(); ++c)
      for (Index k = 0; k < counts_[c]; ++k, ++j)
        candidates.col(j) = sample_in_box([&] { return models_[c].sample(rng); }, box_, s_.box_repair);
  }

  void tell(const Matrix& candidates, const Vector& values, Rng& rng, GenerationRecord& record) override {
    if (population_.cols() == 0) {
      population_ = candidates;
      values_ = values;
    } else {
      // The offspring replace the worst N − ⌊τN⌋, i.e. the new population is selected ∪ offspring.
      const Index offspring = candidates.cols();
      population_.leftCols(selected_) = parents_;
      values_.head(selected_) = parent_values_;
      population_.rightCols(offspring) = candidates;
      values_.tail(offspring) = values;
    }
    const auto chosen = truncation_selection(values_, selected_);
    parents_.resize(n_, selected_);
    parent_values_.resize(selected_);
    for (Index j = 0; j < selected_; ++j) {
      parents_.col(j) = population_.col(chosen[static_cast<std::size_t>(j)]);
      parent_values_[j] = values_[chosen[static_cast<std::size_t>(j)]];
    }
    cluster(rng);
    record.extra.emplace_back("clusters", static_cast<double>(models_.size()));
  }

  std::optional<MethodStop> stop() const override {
    double largest = 0.0;
    for (const auto& m : models_) largest = std::max(largest, m.max_std());
    if (!models_.empty() && largest < s_.x_tolerance * width_)
      return MethodStop{Status::converged_step,
                        fmt::format("the clusters collapsed: largest standard deviation {:.3g} < {:.3g}",
                                    largest, s_.x_tolerance * width_)};
    return std::nullopt;
  }

 private:
  void cluster(Rng& rng) {
    const Vector lo = parents_.rowwise().minCoeff(), hi = parents_.rowwise().maxCoeff();
    const Vector scale = (hi - lo).cwiseMax(1e-300).cwiseInverse() / std::sqrt(static_cast<double>(n_));
    const Matrix normalised = scale.asDiagonal() * (parents_.colwise() - lo);
    std::vector<Index> order(static_cast<std::size_t>(selected_));
    std::iota(order.begin(), order.end(), Index{0});
    shuffle(order, rng);
    std::vector<Index> leaders;
    std::vector<std::vector<Index>> members;
    const double t2 = s_.cluster_threshold * s_.cluster_threshold;
    for (Index p : order) {
      std::size_t joined = leaders.size();
      for (std::size_t l = 0; l < leaders.size(); ++l)
        if ((normalised.col(p) - normalised.col(leaders[l])).squaredNorm() <= t2) {
          joined = l;
          break;
        }
      if (joined == leaders.size()) {
        leaders.push_back(p);
        members.emplace_back();
      }
      members[joined].push_back(p);
    }
    // Merge clusters too small for a full covariance into the nearest big one.
    const std::size_t minimum = static_cast<std::size_t>(n_ + 1);
    std::vector<std::size_t> big;
    for (std::size_t l = 0; l < leaders.size(); ++l)
      if (members[l].size() >= minimum) big.push_back(l);
    std::vector<std::vector<Index>> clusters;
    if (big.empty()) {
      clusters.emplace_back(order);
    } else {
      for (std::size_t b : big) clusters.push_back(members[b]);
      for (std::size_t l = 0; l < leaders.size(); ++l) {
        if (members[l].size() >= minimum) continue;
        std::size_t nearest = 0;
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < big.size(); ++k) {
          const double d = (normalised.col(leaders[l]) - normalised.col(leaders[big[k]])).squaredNorm();
          if (d < best) {
            best = d;
            nearest = k;
          }
        }
        clusters[nearest].insert(clusters[nearest].end(), members[l].begin(), members[l].end());
      }
    }
    // A Gaussian per cluster; offspring in proportion to size by largest remainders.
    const Index offspring = s_.population - selected_;
    models_.clear();
    counts_.assign(clusters.size(), 0);
    std::vector<std::pair<double, std::size_t>> remainders;
    Index given = 0;
    for (std::size_t c = 0; c < clusters.size(); ++c) {
      Matrix points(n_, static_cast<Index>(clusters[c].size()));
      for (std::size_t k = 0; k < clusters[c].size(); ++k)
        points.col(static_cast<Index>(k)) = parents_.col(clusters[c][k]);
      models_.push_back(fit_gaussian(points));
      const double share = static_cast<double>(offspring) * static_cast<double>(clusters[c].size()) /
                           static_cast<double>(selected_);
      counts_[c] = static_cast<Index>(std::floor(share));
      given += counts_[c];
      remainders.emplace_back(share - std::floor(share), c);
    }
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t k = 0; given < offspring; ++k, ++given)
      ++counts_[remainders[k % remainders.size()].second];
  }

  Midea s_;
  Bounds box_;
  Index n_ = 0, selected_ = 0;
  double width_ = 1.0;
  Matrix population_, parents_;
  Vector values_, parent_values_;
  std::vector<GaussianModel> models_;
  std::vector<Index> counts_;
};

}  // namespace

std::unique_ptr<PopulationMethod> make_population_method(const Midea& settings) {
  return std::make_unique<MideaMethod>(settings);
}

Result midea(const BatchObjective& objective, const Bounds& box, const Midea& settings,
             const BlackBoxSettings& run, const PopulationObserver& observer) {
  return run_population(objective, box, settings, run, observer);
}

}  // namespace minima
