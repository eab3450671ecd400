// MLSL with a Sobol sample and BOBYQA or lbfgsb local runs driven in lock-step (multistart.hpp).
#include "minima/evolution/multistart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
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
  if (concurrent_runs && *concurrent_runs < 1)
    throw InvalidArgument(fmt::format("multistart: concurrent_runs = {} must be >= 1", *concurrent_runs));
  if (!(bobyqa_radius > 0.0 && bobyqa_radius <= 0.5))
    throw InvalidArgument(fmt::format("multistart: bobyqa_radius = {} must be in (0, 0.5]", bobyqa_radius));
  if (!(explore_tolerance >= 0.0 && explore_tolerance < 1.0))
    throw InvalidArgument(
        fmt::format("multistart: explore_tolerance = {} must be in [0, 1)", explore_tolerance));
  if (bobyqa_stop.g_abstol != Stop{}.g_abstol)
    throw InvalidArgument(
        fmt::format("multistart: bobyqa_stop.g_abstol = {}: BOBYQA has no gradient (leave it at its default)",
                    bobyqa_stop.g_abstol));
  bobyqa.validate();
  bobyqa_stop.validate();
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
    n_ = box.lower.size();
    width_ = box.upper - box.lower;
    // The full-tolerance runs (refine_) and the first runs from sample points (explore_; the same
    // unless explore_tolerance > 0).
    if (s_.local_method == MultistartLocal::bobyqa) {
      Bobyqa b = s_.bobyqa;
      if (!b.rho_begin) b.rho_begin = s_.bobyqa_radius * width_.minCoeff();
      b.rho_end = std::min(b.rho_end, *b.rho_begin);
      refine_ = {.bobyqa = b, .stop = s_.bobyqa_stop};
      explore_ = refine_;
      if (s_.explore_tolerance > 0) {
        explore_.bobyqa->rho_end = std::min(s_.explore_tolerance * width_.minCoeff(), *b.rho_begin);
        // A refinement goes on from where the exploration ended, at its last trust radius.
        refine_.bobyqa->rho_begin = std::max(explore_.bobyqa->rho_end, b.rho_end);
      }
    } else {
      refine_ = {
          .method = s_.local, .stop = s_.local_stop, .finite_difference_step = s_.finite_difference_step};
      explore_ = refine_;
      if (s_.explore_tolerance > 0) explore_.stop.f_reltol = s_.explore_tolerance;
    }
    concurrent_ = s_.concurrent_runs ? static_cast<std::size_t>(*s_.concurrent_runs)
                                     : std::numeric_limits<std::size_t>::max();
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
    // Collect the requests of the runs still going, in start order; runs that ended leave (and may
    // hand over to a refinement run); waiting starts fill the free places, best first.
    std::vector<Going> going;
    for (auto& g : runs_) {
      if (g.run->wait())
        going.push_back(std::move(g));
      else
        finish(g, going);
    }
    const double r2 = critical_distance_ * critical_distance_;
    while (going.size() < concurrent_ && !pending_.empty()) {
      SamplePoint& x = sample_[pending_.front()];
      pending_.pop_front();
      if (x.minimum2 <= r2) continue;  // a local minimum found meanwhile lies within r_k
      x.started = true;
      ++local_runs_;
      start(box_.lower + width_.cwiseProduct(x.z), true, going);
    }
    runs_ = std::move(going);
    if (!runs_.empty()) {
      Index columns = 0;
      for (const auto& g : runs_) columns += g.run->request().cols();
      candidates.resize(n_, columns);
      Index c = 0;
      for (const auto& g : runs_) {
        candidates.middleCols(c, g.run->request().cols()) = g.run->request();
        c += g.run->request().cols();
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
      for (auto& g : runs_) {
        const Index k = g.run->request().cols();
        g.run->answer(values.segment(c, k));
        c += k;
      }
    }
    record.extra.emplace_back("sample", static_cast<double>(sample_.size()));
    record.extra.emplace_back("local_runs", static_cast<double>(local_runs_));
    record.extra.emplace_back("refinements", static_cast<double>(refinements_));
    record.extra.emplace_back("radius", critical_distance_);  // r_k in the unit box
  }

 private:
  static constexpr double kFar = std::numeric_limits<double>::infinity();
  struct Going {
    std::unique_ptr<LocalRun> run;
    bool explore;  ///< a first run from a sample point (else a refinement)
  };
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
    // Best first (ties in sample order), so the batch order is fixed; ask() starts them.
    std::stable_sort(starts.begin(), starts.end(),
                     [&](std::size_t a, std::size_t b) { return sample_[a].f < sample_[b].f; });
    pending_.assign(starts.begin(), starts.end());
  }

  /// Starts a local run from x and waits for its first request (the value at x).
  void start(Vector x, bool explore, std::vector<Going>& going) {
    auto run = std::make_unique<LocalRun>(std::move(x), box_, explore ? explore_ : refine_);
    if (run->wait())
      going.push_back({std::move(run), explore});
    else
      finish({std::move(run), explore}, going);
  }

  /// Records the minimum a run found; an exploration that ends below every exploration before it is
  /// refined to the full tolerance.
  void finish(const Going& g, std::vector<Going>& going) {
    const Result& r = g.run->result();
    if (r.x.size() != n_ || !std::isfinite(r.f)) return;
    const Vector m = unit(r.x);
    for (SamplePoint& x : sample_) x.minimum2 = std::min(x.minimum2, (m - x.z).squaredNorm());
    minima_.push_back(m);
    if (!g.explore) return;
    // Like with like: an exploration is compared with the explorations before it (a refined value
    // would be lower than the exploration of the same basin, and hide a better basin explored later).
    const bool new_best = r.f < best_explored_;
    best_explored_ = std::min(best_explored_, r.f);
    if (s_.explore_tolerance > 0 && new_best) {
      ++refinements_;
      start(r.x, false, going);
    }
  }

  Multistart s_;
  LocalRunSettings explore_, refine_;
  std::size_t concurrent_ = 0;
  Bounds box_;
  Vector width_;
  Index n_ = 0, per_iteration_ = 0;
  std::unique_ptr<SobolSequence> sobol_;
  std::vector<SamplePoint> sample_;
  std::vector<Vector> minima_;  ///< local minima found, in the unit box
  std::vector<Going> runs_;
  std::deque<std::size_t> pending_;  ///< starts of this iteration not yet run, best first
  double best_explored_ = std::numeric_limits<double>::infinity();
  long refinements_ = 0;
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
