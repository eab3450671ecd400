// MLSL with a Sobol sample and lbfgsb local runs driven in lock-step (multistart.hpp).
#include "minima/evolution/multistart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "local_run.hpp"
#include "minima/core/error.hpp"
#include "minima/numerics/sobol.hpp"

namespace minima {

void Multistart::validate() const {
  if (population && *population < 2)
    throw InvalidArgument(
        fmt::format("multistart: population = {} must be >= 2 (Sobol points per iteration)", *population));
  if (!(reduced_fraction > 0.0 && reduced_fraction <= 1.0))
    throw InvalidArgument(
        fmt::format("multistart: reduced_fraction = {} must be in (0, 1]", reduced_fraction));
  if (!(sigma > 0.0 && std::isfinite(sigma)))
    throw InvalidArgument(fmt::format("multistart: sigma = {} must be > 0", sigma));
  if (!(finite_difference_step > 0.0 && finite_difference_step < 1.0))
    throw InvalidArgument(
        fmt::format("multistart: finite_difference_step = {} must be in (0, 1)", finite_difference_step));
  local.validate();
  local_stop.validate();
}

namespace {

class MultistartMethod final : public PopulationMethod {
 public:
  explicit MultistartMethod(const Multistart& settings) : s_(settings) { s_.validate(); }

  std::string name() const override { return "multistart"; }

  void init(const Bounds& box, Rng& rng) override {
    box_ = box;
    local_ = {.method = s_.local, .stop = s_.local_stop, .finite_difference_step = s_.finite_difference_step};
    n_ = box.lower.size();
    width_ = box.upper - box.lower;
    per_iteration_ = s_.population ? *s_.population : std::max<Index>(20, 4 * n_);
    if (n_ > SobolSequence::max_dimension)
      throw InvalidArgument(fmt::format("multistart: {} variables; the Sobol sample is kept for up to {}", n_,
                                        SobolSequence::max_dimension));
    // A random digital shift from the run's seed: each seed samples another randomized Sobol sequence.
    std::vector<std::uint32_t> shift(static_cast<std::size_t>(n_));
    for (auto& word : shift) word = static_cast<std::uint32_t>(rng() >> 32);
    sobol_ = std::make_unique<SobolSequence>(n_, std::move(shift));
  }

  void ask(Matrix& candidates, Rng&) override {
    // Collect the requests of the runs still going, in start order; runs that ended leave.
    std::vector<std::unique_ptr<LocalRun>> going;
    Index columns = 0;
    for (auto& run : runs_) {
      if (run->wait()) {
        columns += run->request().cols();
        going.push_back(std::move(run));
      } else {
        finish(*run);
      }
    }
    runs_ = std::move(going);
    if (!runs_.empty()) {
      candidates.resize(n_, columns);
      Index c = 0;
      for (const auto& run : runs_) {
        candidates.middleCols(c, run->request().cols()) = run->request();
        c += run->request().cols();
      }
      sampling_ = false;
      return;
    }
    candidates.resize(n_, per_iteration_);
    for (Index j = 0; j < per_iteration_; ++j)
      candidates.col(j) = box_.lower + width_.cwiseProduct(sobol_->next());
    sampling_ = true;
  }

  void tell(const Matrix& candidates, const Vector& values, Rng&, GenerationRecord& record) override {
    if (sampling_) {
      for (Index j = 0; j < candidates.cols(); ++j) add_sample(unit(candidates.col(j)), values[j]);
      start_runs();
    } else {
      Index c = 0;
      for (auto& run : runs_) {
        const Index k = run->request().cols();
        run->answer(values.segment(c, k));
        c += k;
      }
    }
    record.extra.emplace_back("sample", static_cast<double>(sample_.size()));
    record.extra.emplace_back("local_runs", static_cast<double>(local_runs_));
    record.extra.emplace_back("radius", critical_distance_);  // r_k in the unit box
  }

 private:
  static constexpr double kFar = std::numeric_limits<double>::infinity();
  struct SamplePoint {
    Vector z;  ///< in [0, 1]ⁿ
    double f;
    bool started;
    double better2;   ///< squared distance to the nearest sample point with a lower value
    double minimum2;  ///< squared distance to the nearest local minimum found
  };

  Vector unit(const Vector& x) const { return (x - box_.lower).cwiseQuotient(width_); }

  /// r_k = π^{−1/2} (Γ(1 + n/2) σ ln(kN) / (kN))^{1/n}, in the unit box.
  double critical_distance(std::size_t points) const {
    const double kN = static_cast<double>(points), n = static_cast<double>(n_);
    if (kN < 2) return std::numeric_limits<double>::infinity();
    return std::pow(std::tgamma(1.0 + n / 2.0) * s_.sigma * std::log(kN) / kN, 1.0 / n) /
           std::sqrt(std::numbers::pi);
  }

  /// Adds a sample point, keeping every point's distance to its nearest better point and to the
  /// nearest local minimum up to date (so the start test costs O(kN), not O((kN)²), per iteration).
  void add_sample(Vector z, double f) {
    SamplePoint p{std::move(z), f, false, kFar, kFar};
    for (SamplePoint& x : sample_) {
      const double d2 = (x.z - p.z).squaredNorm();
      if (x.f < p.f) p.better2 = std::min(p.better2, d2);
      if (p.f < x.f) x.better2 = std::min(x.better2, d2);
    }
    for (const Vector& m : minima_) p.minimum2 = std::min(p.minimum2, (m - p.z).squaredNorm());
    sample_.push_back(std::move(p));
  }

  /// Starts a run from each point of the reduced sample with no better point and no known local
  /// minimum within r_k, that has not started one before (Rinnooy Kan & Timmer's MLSL rule).
  void start_runs() {
    critical_distance_ = critical_distance(sample_.size());
    const double r2 = critical_distance_ * critical_distance_;
    std::vector<double> values;
    values.reserve(sample_.size());
    for (const SamplePoint& x : sample_) values.push_back(x.f);
    const auto reduced = std::min(
        values.size(),
        static_cast<std::size_t>(std::ceil(s_.reduced_fraction * static_cast<double>(values.size()))));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(reduced - 1), values.end());
    const double threshold = values[reduced - 1];
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < sample_.size(); ++i) {
      const SamplePoint& x = sample_[i];
      if (!x.started && std::isfinite(x.f) && x.f <= threshold && x.better2 > r2 && x.minimum2 > r2)
        starts.push_back(i);
    }
    // Best first (ties in sample order), so the batch order is fixed.
    std::stable_sort(starts.begin(), starts.end(),
                     [&](std::size_t a, std::size_t b) { return sample_[a].f < sample_[b].f; });
    for (const std::size_t i : starts) {
      sample_[i].started = true;
      ++local_runs_;
      runs_.push_back(
          std::make_unique<LocalRun>(box_.lower + width_.cwiseProduct(sample_[i].z), box_, local_));
    }
  }

  void finish(const LocalRun& run) {
    if (run.result().x.size() != n_ || !std::isfinite(run.result().f)) return;
    const Vector m = unit(run.result().x);
    for (SamplePoint& x : sample_) x.minimum2 = std::min(x.minimum2, (m - x.z).squaredNorm());
    minima_.push_back(m);
  }

  Multistart s_;
  LocalRunSettings local_;
  Bounds box_;
  Vector width_;
  Index n_ = 0, per_iteration_ = 0;
  std::unique_ptr<SobolSequence> sobol_;
  std::vector<SamplePoint> sample_;
  std::vector<Vector> minima_;  ///< local minima found, in the unit box
  std::vector<std::unique_ptr<LocalRun>> runs_;
  bool sampling_ = true;
  long local_runs_ = 0;
  double critical_distance_ = std::numeric_limits<double>::infinity();
};

}  // namespace

std::unique_ptr<PopulationMethod> make_population_method(const Multistart& settings) {
  return std::make_unique<MultistartMethod>(settings);
}

Result multistart(const BatchObjective& objective, const Bounds& box, const Multistart& settings,
                  const BlackBoxSettings& run, const PopulationObserver& observer) {
  return run_population(objective, box, settings, run, observer);
}

}  // namespace minima
