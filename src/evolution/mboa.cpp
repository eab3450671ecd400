// Continuous MBOA (mboa.hpp): decision trees with Gaussian kernel leaves, RTR replacement.
#include "minima/evolution/mboa.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "minima/evolution/initial_population.hpp"
#include "minima/evolution/restricted_tournament_replacement.hpp"
#include "minima/evolution/tournament_selection.hpp"

namespace minima {

void Mboa::validate() const {
  if (population < 4) throw InvalidArgument(fmt::format("mboa: population = {} must be >= 4", population));
  if (!(parent_ratio > 0.0 && parent_ratio <= 1.0))
    throw InvalidArgument(fmt::format("mboa: parent_ratio = {} must be in (0, 1]", parent_ratio));
  if (tournament_size < 1)
    throw InvalidArgument(fmt::format("mboa: tournament_size = {} must be >= 1", tournament_size));
  if (!(window_fraction > 0.0 && window_fraction <= 1.0))
    throw InvalidArgument(fmt::format("mboa: window_fraction = {} must be in (0, 1]", window_fraction));
  if (min_leaf < 2) throw InvalidArgument(fmt::format("mboa: min_leaf = {} must be >= 2", min_leaf));
  if (max_depth < 0) throw InvalidArgument(fmt::format("mboa: max_depth = {} must be >= 0", max_depth));
  if (!(bandwidth_scale > 0.0))
    throw InvalidArgument(fmt::format("mboa: bandwidth_scale = {} must be > 0", bandwidth_scale));
  if (box_repair.max_resamples < 0)
    throw InvalidArgument(
        fmt::format("mboa: box_repair.max_resamples = {} must be >= 0", box_repair.max_resamples));
}

namespace {

struct Node {
  Index split_variable = -1;  ///< -1: a leaf
  double threshold = 0.0;     ///< go left when x[split_variable] < threshold
  int left = -1, right = -1;
  std::vector<double> kernels;  ///< leaf: the parents' values of the tree's variable
  double bandwidth = 0.0;
};

struct Tree {
  std::vector<Node> nodes;  ///< nodes[0] is the root
};

/// −m/2 ln(variance): the Gaussian log-likelihood of m values up to constants.
double gaussian_score(double sum, double sum2, double m, double floor_variance) {
  const double mean = sum / m;
  const double var = std::max(sum2 / m - mean * mean, floor_variance);
  return -0.5 * m * std::log(var);
}

class MboaMethod final : public PopulationMethod {
 public:
  explicit MboaMethod(const Mboa& settings) : s_(settings) { s_.validate(); }

  std::string name() const override { return "mboa"; }

  void init(const Bounds& box, Rng&) override {
    box_ = box;
    n_ = box.lower.size();
    parents_count_ = std::max<Index>(
        2, static_cast<Index>(std::floor(s_.parent_ratio * static_cast<double>(s_.population))));
    window_ = rtr_window(s_.population, s_.window_fraction);
  }

  void ask(Matrix& candidates, Rng& rng) override {
    if (population_.cols() == 0) {
      candidates = uniform_population(box_, s_.population, rng);
      return;
    }
    candidates.resize(n_, parents_count_);
    for (Index j = 0; j < parents_count_; ++j) {
      Vector x(n_);
      for (Index i : order_) {
        const Tree& tree = trees_[static_cast<std::size_t>(i)];
        int k = 0;
        while (tree.nodes[static_cast<std::size_t>(k)].split_variable >= 0) {
          const Node& node = tree.nodes[static_cast<std::size_t>(k)];
          k = x[node.split_variable] < node.threshold ? node.left : node.right;
        }
        const Node& leaf = tree.nodes[static_cast<std::size_t>(k)];
        const Index n_kernels = static_cast<Index>(leaf.kernels.size());
        const Bounds side{.lower = Vector::Constant(1, box_.lower[i]),
                          .upper = Vector::Constant(1, box_.upper[i])};
        const Vector v = sample_in_box(
            [&] {
              const double centre = leaf.kernels[static_cast<std::size_t>(uniform_index(n_kernels, rng))];
              return Vector::Constant(1, centre + leaf.bandwidth * standard_normal(1, rng)[0]);
            },
            side, s_.box_repair);
        x[i] = v[0];
      }
      candidates.col(j) = x;
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
    // Selection and the model for the next ask.
    const auto picks = tournament_selection(values_, parents_count_, s_.tournament_size, rng);
    Matrix parents(n_, parents_count_);
    for (Index j = 0; j < parents_count_; ++j)
      parents.col(j) = population_.col(picks[static_cast<std::size_t>(j)]);
    order_.resize(static_cast<std::size_t>(n_));
    std::iota(order_.begin(), order_.end(), Index{0});
    shuffle(order_, rng);
    trees_.assign(static_cast<std::size_t>(n_), Tree{});
    long splits = 0;
    double largest_bandwidth = 0.0;
    for (std::size_t position = 0; position < order_.size(); ++position) {
      const Index i = order_[position];
      const std::vector<Index> allowed(order_.begin(),
                                       order_.begin() + static_cast<std::ptrdiff_t>(position));
      std::vector<Index> all(static_cast<std::size_t>(parents_count_));
      std::iota(all.begin(), all.end(), Index{0});
      Tree& tree = trees_[static_cast<std::size_t>(i)];
      tree.nodes.emplace_back();
      grow(tree, 0, parents, i, allowed, all, 0, splits);
      for (const Node& node : tree.nodes)
        if (node.split_variable < 0) largest_bandwidth = std::max(largest_bandwidth, node.bandwidth);
    }
    record.extra.emplace_back("splits", static_cast<double>(splits));
    largest_bandwidth_ = largest_bandwidth;
  }

  std::optional<MethodStop> stop() const override {
    const double width = (box_.upper - box_.lower).maxCoeff();
    if (population_.cols() && largest_bandwidth_ < 1e-14 * width)
      return MethodStop{Status::converged_step,
                        fmt::format("the kernels collapsed: largest bandwidth {:.3g}", largest_bandwidth_)};
    return std::nullopt;
  }

 private:
  void grow(Tree& tree, int node_index, const Matrix& parents, Index variable,
            const std::vector<Index>& allowed, std::vector<Index> points, int depth, long& splits) {
    const double m = static_cast<double>(points.size());
    const double width = box_.upper[variable] - box_.lower[variable];
    const double floor_variance = 1e-300 + 1e-30 * width * width;
    double best_gain = std::log(static_cast<double>(parents_count_));  // the BIC penalty of a split
    Index best_variable = -1;
    double best_threshold = 0.0;
    const auto min_leaf = static_cast<std::size_t>(s_.min_leaf);
    if (depth < s_.max_depth && points.size() >= 2 * min_leaf) {
      double sum = 0.0, sum2 = 0.0;
      for (Index p : points) {
        const double v = parents(variable, p);
        sum += v;
        sum2 += v * v;
      }
      const double parent_score = gaussian_score(sum, sum2, m, floor_variance);
      std::vector<Index> sorted = points;
      for (Index j : allowed) {
        std::sort(sorted.begin(), sorted.end(),
                  [&](Index a, Index b) { return parents(j, a) < parents(j, b); });
        double left_sum = 0.0, left_sum2 = 0.0;
        for (std::size_t k = 0; k + 1 < sorted.size(); ++k) {
          const double v = parents(variable, sorted[k]);
          left_sum += v;
          left_sum2 += v * v;
          const std::size_t left_count = k + 1;
          if (left_count < min_leaf || sorted.size() - left_count < min_leaf) continue;
          const double a = parents(j, sorted[k]), b = parents(j, sorted[k + 1]);
          if (!(a < b)) continue;  // equal split values cannot separate the points
          const double gain =
              gaussian_score(left_sum, left_sum2, static_cast<double>(left_count), floor_variance) +
              gaussian_score(sum - left_sum, sum2 - left_sum2, m - static_cast<double>(left_count),
                             floor_variance) -
              parent_score;
          if (gain > best_gain) {
            best_gain = gain;
            best_variable = j;
            best_threshold = 0.5 * (a + b);
          }
        }
      }
    }
    if (best_variable < 0) {
      Node& leaf = tree.nodes[static_cast<std::size_t>(node_index)];
      leaf.kernels.clear();
      double sum = 0.0, sum2 = 0.0;
      for (Index p : points) {
        const double v = parents(variable, p);
        leaf.kernels.push_back(v);
        sum += v;
        sum2 += v * v;
      }
      const double mean = sum / m;
      const double sd = std::sqrt(std::max(sum2 / m - mean * mean, 0.0));
      leaf.bandwidth = s_.bandwidth_scale * 1.06 * sd * std::pow(m, -0.2);
      return;
    }
    ++splits;
    std::vector<Index> left, right;
    for (Index p : points) (parents(best_variable, p) < best_threshold ? left : right).push_back(p);
    const int left_index = static_cast<int>(tree.nodes.size());
    tree.nodes.emplace_back();
    tree.nodes.emplace_back();
    Node& node = tree.nodes[static_cast<std::size_t>(node_index)];
    node.split_variable = best_variable;
    node.threshold = best_threshold;
    node.left = left_index;
    node.right = left_index + 1;
    grow(tree, left_index, parents, variable, allowed, std::move(left), depth + 1, splits);
    grow(tree, left_index + 1, parents, variable, allowed, std::move(right), depth + 1, splits);
  }

  Mboa s_;
  Bounds box_;
  Index n_ = 0, parents_count_ = 0, window_ = 1;
  Matrix population_;
  Vector values_;
  std::vector<Index> order_;
  std::vector<Tree> trees_;
  double largest_bandwidth_ = 1.0;
};

}  // namespace

std::unique_ptr<PopulationMethod> make_population_method(const Mboa& settings) {
  return std::make_unique<MboaMethod>(settings);
}

Result mboa(const BatchObjective& objective, const Bounds& box, const Mboa& settings,
            const BlackBoxSettings& run, const PopulationObserver& observer) {
  return run_population(objective, box, settings, run, observer);
}

}  // namespace minima
