// eda-vbmfa: the VB-MFA EDA with truncation selection, AMaLGaM's variance scaling and mean shift per
// analyser, and a memetic lbfgsb step (eda_vbmfa.hpp).
#include "minima/evolution/eda_vbmfa.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "local_run.hpp"
#include "minima/core/error.hpp"
#include "minima/evolution/initial_population.hpp"
#include "minima/evolution/truncation_selection.hpp"
#include "restart_population.hpp"

namespace minima {

void EdaVbMfa::validate() const {
  auto fail = [](const std::string& what) { throw InvalidArgument("eda-vbmfa: " + what); };
  if (population < 8) fail(fmt::format("population = {} must be >= 8", population));
  if (!(selection_fraction > 0.0 && selection_fraction < 1.0))
    fail(fmt::format("selection_fraction = {} must be in (0, 1)", selection_fraction));
  if (static_cast<Index>(std::floor(selection_fraction * static_cast<double>(population))) < 2)
    fail(fmt::format("selection_fraction × population = {} × {} must leave at least 2 parents",
                     selection_fraction, population));
  if (!(variance_decrease > 0.0 && variance_decrease < 1.0))
    fail(fmt::format("variance_decrease = {} must be in (0, 1)", variance_decrease));
  if (!(sdr_threshold > 0.0 && std::isfinite(sdr_threshold)))
    fail(fmt::format("sdr_threshold = {} must be finite and > 0", sdr_threshold));
  if (!(max_multiplier >= 1.0 && std::isfinite(max_multiplier)))
    fail(fmt::format("max_multiplier = {} must be finite and >= 1", max_multiplier));
  if (no_improvement_limit && *no_improvement_limit < 1)
    fail(fmt::format("no_improvement_limit = {} must be >= 1", *no_improvement_limit));
  if (!(shift_factor >= 0.0 && std::isfinite(shift_factor)))
    fail(fmt::format("shift_factor = {} must be finite and >= 0", shift_factor));
  if (!(finite_difference_step > 0.0 && finite_difference_step < 1.0))
    fail(fmt::format("finite_difference_step = {} must be in (0, 1)", finite_difference_step));
  if (max_local_runs < 1) fail(fmt::format("max_local_runs = {} must be >= 1", max_local_runs));
  if (!(local_radius > 0.0 && std::isfinite(local_radius)))
    fail(fmt::format("local_radius = {} must be finite and > 0", local_radius));
  if (box_repair.max_resamples < 0)
    fail(fmt::format("box_repair.max_resamples = {} must be >= 0", box_repair.max_resamples));
  if (max_restarts < 0) fail(fmt::format("max_restarts = {} must be >= 0", max_restarts));
  if (!(population_increase >= 1.0 && std::isfinite(population_increase)))
    fail(fmt::format("population_increase = {} must be finite and >= 1", population_increase));
  if (max_population < population)
    fail(fmt::format("max_population = {} must be >= population = {}", max_population, population));
  if (stagnation_generations < 1)
    fail(fmt::format("stagnation_generations = {} must be >= 1", stagnation_generations));
  if (!(stagnation_tolerance >= 0.0 && std::isfinite(stagnation_tolerance)))
    fail(fmt::format("stagnation_tolerance = {} must be finite and >= 0", stagnation_tolerance));
  if (!(x_tolerance >= 0.0 && std::isfinite(x_tolerance)))
    fail(fmt::format("x_tolerance = {} must be finite and >= 0", x_tolerance));
  local.validate();
  local_stop.validate();
  minima::validate(model);
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

class EdaVbMfaMethod final : public PopulationMethod {
 public:
  explicit EdaVbMfaMethod(const EdaVbMfa& settings) : s_(settings) { s_.validate(); }

  std::string name() const override { return "eda-vbmfa"; }
  long restarts() const override { return restart_; }

  void init(const Bounds& box, Rng&) override {
    box_ = box;
    n_ = box.lower.size();
    width_ = box.upper - box.lower;
    no_improvement_limit_ = s_.no_improvement_limit ? *s_.no_improvement_limit : 25 + static_cast<int>(n_);
    local_ = {.method = s_.local, .stop = s_.local_stop, .finite_difference_step = s_.finite_difference_step};
    restart_ = 0;
    local_runs_ = 0;
    finished_ = false;
    visited_.clear();
    runs_.clear();
    set_population(s_.population);
  }

  void ask(Matrix& candidates, Rng& rng) override {
    if (population_.cols() == 0) {
      candidates = uniform_population(box_, size_, rng);
      phase_ = Phase::initial;
      return;
    }
    if (!runs_.empty()) {
      if (collect_local_requests(candidates)) {
        phase_ = Phase::local;
        return;
      }
      fit_model(rng);  // the local runs' end points are in the population now
    }
    sample_offspring(candidates, rng);
    phase_ = Phase::offspring;
  }

  void tell(const Matrix& candidates, const Vector& values, Rng& rng, GenerationRecord& record) override {
    if (phase_ == Phase::local) {
      Index c = 0;
      for (auto& run : runs_) {
        const Index k = run->request().cols();
        run->answer(values.segment(c, k));
        c += k;
      }
    } else {
      if (phase_ == Phase::initial) {
        population_ = candidates;
        values_ = values;
      } else {
        scale_variances(candidates, values);
        // The parents survive; the offspring take the places of the others.
        for (Index j = 0; j < candidates.cols(); ++j) {
          const Index member = order_[static_cast<std::size_t>(parents_count_ + j)];
          population_.col(member) = candidates.col(j);
          values_[member] = values[j];
        }
      }
      fit_model(rng);
      run_bests_.push_back(stagnation_measure());
      if (const auto why = restart_reason()) {
        last_reason_ = *why;
        if (restart_ < s_.max_restarts) {
          ++restart_;
          set_population(
              evolution_detail::restarted_population(size_, s_.population_increase, s_.max_population));
        } else {
          finished_ = true;
        }
      } else if (s_.local_search) {
        start_local_runs();
      }
    }
    double dims = 0, multiplier = 0;
    for (int s = 0; s < model_.analysers(); ++s) dims += model_.analyser(s).latent_dimension();
    for (const Analyser& a : analysers_) multiplier = std::max(multiplier, a.multiplier);
    record.extra.emplace_back("analysers", static_cast<double>(model_.analysers()));
    record.extra.emplace_back("latent_dims", model_.analysers() > 0 ? dims / model_.analysers() : 0.0);
    record.extra.emplace_back("multiplier", multiplier);
    record.extra.emplace_back("local_runs", static_cast<double>(local_runs_));
    record.extra.emplace_back("restart", static_cast<double>(restart_));
    record.extra.emplace_back("population", static_cast<double>(size_));
  }

  std::optional<MethodStop> stop() const override {
    if (!finished_) return std::nullopt;
    return MethodStop{last_status_, fmt::format("{} (after {} restarts)", last_reason_, restart_)};
  }

 private:
  enum class Phase { initial, offspring, local };

  /// What AMaLGaM keeps per analyser, carried over refits by the nearest mean.
  struct Analyser {
    Vector mean;
    Matrix cholesky;          ///< L with L Lᵀ = Λ̄Λ̄ᵀ + Ψ (the analyser's covariance, before c)
    Vector shift;             ///< μ_s(t) − μ_s(t−1), zero for a new analyser
    double multiplier = 1.0;  ///< c_s
    int no_improvement = 0;   ///< N_IS
    double best_parent = kInf;
    Index best_member = -1;
  };

  void set_population(Index size) {
    size_ = size;
    parents_count_ = static_cast<Index>(std::floor(s_.selection_fraction * static_cast<double>(size)));
    population_.resize(n_, 0);
    values_.resize(0);
    model_ = VbMfaModel{};
    analysers_.clear();
    run_bests_.clear();
  }

  Vector unit(const Vector& x) const { return (x - box_.lower).cwiseQuotient(width_); }

  /// Truncation selection, the VB-MFA fit to the parents, and each analyser's sampling state
  /// (inherited from the nearest analyser of the previous fit).
  void fit_model(Rng& rng) {
    order_ = rank_order(values_);
    Matrix parents(n_, parents_count_);
    for (Index j = 0; j < parents_count_; ++j)
      parents.col(j) = population_.col(order_[static_cast<std::size_t>(j)]);
    VbMfa m = s_.model;
    m.seed = rng();
    model_ = fit_vbmfa(parents, m);
    std::vector<Analyser> next(static_cast<std::size_t>(model_.analysers()));
    for (int s = 0; s < model_.analysers(); ++s) {
      const VbMfaAnalyser& fitted = model_.analyser(s);
      Analyser& a = next[static_cast<std::size_t>(s)];
      a.mean = fitted.mean;
      Matrix covariance = fitted.loadings * fitted.loadings.transpose();
      covariance.diagonal() += fitted.noise;
      a.cholesky = Eigen::LLT<Matrix>(covariance).matrixL();
      a.shift = Vector::Zero(n_);
      double nearest = kInf;
      for (const Analyser& old : analysers_) {
        const double d = (unit(old.mean) - unit(a.mean)).squaredNorm();
        if (d < nearest) {
          nearest = d;
          a.multiplier = old.multiplier;
          a.no_improvement = old.no_improvement;
          a.shift = a.mean - old.mean;
        }
      }
    }
    // Each parent belongs to its most responsible analyser; an analyser's best parent is the
    // reference its offspring must beat (and the start of its local run).
    const Matrix& q = model_.responsibilities();
    for (Index i = 0; i < parents_count_; ++i) {
      Index s = 0;
      q.col(i).maxCoeff(&s);
      Analyser& a = next[static_cast<std::size_t>(s)];
      const Index member = order_[static_cast<std::size_t>(i)];
      if (values_[member] < a.best_parent || a.best_member < 0) {
        a.best_parent = values_[member];
        a.best_member = member;
      }
    }
    const double overall = values_[order_[0]];
    for (Analyser& a : next)
      if (a.best_member < 0) a.best_parent = overall;
    analysers_ = std::move(next);
  }

  void sample_offspring(Matrix& candidates, Rng& rng) {
    const Index count = size_ - parents_count_;
    candidates.resize(n_, count);
    origin_.assign(static_cast<std::size_t>(count), 0);
    // AMaLGaM moves α_AMS = τN / (2 (N − τN)) of the offspring (half the parents' number).
    const Index shifted =
        s_.mean_shift ? std::min(count, static_cast<Index>(0.5 * static_cast<double>(parents_count_))) : 0;
    Vector x(n_);
    for (Index j = 0; j < count; ++j) {
      double u = uniform01(rng);
      int s = 0;
      for (; s < model_.analysers() - 1; ++s) {
        u -= model_.analyser(s).weight;
        if (u < 0) break;
      }
      origin_[static_cast<std::size_t>(j)] = s;
      const Analyser& a = analysers_[static_cast<std::size_t>(s)];
      const double c = s_.variance_scaling ? a.multiplier : 1.0;
      const Index parent = s_.whole_distribution ? 0 : uniform_index(parents_count_, rng);
      auto draw = [&] {
        if (s_.whole_distribution) {
          x = a.mean + std::sqrt(c) * (a.cholesky * standard_normal(n_, rng));
        } else {
          model_.sample_near(parent, s, rng, x);
        }
        if (j < shifted) x += s_.shift_factor * c * a.shift;
        return x;
      };
      candidates.col(j) = sample_in_box(draw, box_, s_.box_repair);
    }
  }

  /// AMaLGaM's adaptive variance scaling, per analyser of the model that drew the offspring.
  void scale_variances(const Matrix& offspring, const Vector& values) {
    if (!s_.variance_scaling) return;
    const double up = 1.0 / s_.variance_decrease;
    for (std::size_t s = 0; s < analysers_.size(); ++s) {
      Analyser& a = analysers_[s];
      Vector improving = Vector::Zero(n_);
      int improvements = 0;
      for (Index j = 0; j < offspring.cols(); ++j)
        if (origin_[static_cast<std::size_t>(j)] == static_cast<int>(s) && values[j] < a.best_parent) {
          improving += offspring.col(j);
          ++improvements;
        }
      if (improvements > 0) {
        a.no_improvement = 0;
        a.multiplier = std::max(a.multiplier, 1.0);
        // SDR: how far the improvements' mean lies from the mean, in the analyser's standard deviations.
        const Vector z =
            a.cholesky.triangularView<Eigen::Lower>().solve(Vector(improving / improvements - a.mean));
        if (z.cwiseAbs().maxCoeff() > s_.sdr_threshold)
          a.multiplier = std::min(a.multiplier * up, s_.max_multiplier);
      } else {
        if (a.multiplier <= 1.0) ++a.no_improvement;
        if (a.multiplier > 1.0 || a.no_improvement >= no_improvement_limit_)
          a.multiplier *= s_.variance_decrease;
        if (a.multiplier < 1.0 && a.no_improvement < no_improvement_limit_) a.multiplier = 1.0;
      }
    }
  }

  /// One local run from the best member of each analyser that no run has started from or ended near.
  void start_local_runs() {
    const double r2 = s_.local_radius * s_.local_radius;
    // The analysers by their best parent, best first (ties in model order), so that a limit on the
    // runs per generation keeps the most promising starts.
    std::vector<std::size_t> ranked(analysers_.size());
    for (std::size_t s = 0; s < ranked.size(); ++s) ranked[s] = s;
    std::stable_sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) {
      return analysers_[a].best_parent < analysers_[b].best_parent;
    });
    int started = 0;
    for (const std::size_t s : ranked) {
      const Analyser& a = analysers_[s];
      if (started >= s_.max_local_runs) break;
      if (a.best_member < 0 || !std::isfinite(values_[a.best_member])) continue;
      const Vector x = population_.col(a.best_member);
      const Vector u = unit(x);
      const bool near = std::any_of(visited_.begin(), visited_.end(),
                                    [&](const Vector& v) { return (v - u).squaredNorm() <= r2; });
      if (near) continue;
      visited_.push_back(u);
      runs_.push_back(std::make_unique<LocalRun>(x, box_, local_));
      run_members_.push_back(a.best_member);
      ++local_runs_;
      ++started;
    }
  }

  /// The requests of the local runs still going, in start order (true), or false when all ended;
  /// an ended run's point replaces its start member when it is no worse.
  bool collect_local_requests(Matrix& candidates) {
    std::vector<std::unique_ptr<LocalRun>> going;
    std::vector<Index> members;
    Index columns = 0;
    for (std::size_t r = 0; r < runs_.size(); ++r) {
      if (runs_[r]->wait()) {
        columns += runs_[r]->request().cols();
        going.push_back(std::move(runs_[r]));
        members.push_back(run_members_[r]);
        continue;
      }
      const Result& end = runs_[r]->result();
      const Index member = run_members_[r];
      if (end.x.size() == n_ && std::isfinite(end.f) && box_.contains(end.x)) {
        visited_.push_back(unit(end.x));
        if (end.f <= values_[member]) {
          population_.col(member) = end.x;
          values_[member] = end.f;
        }
      }
    }
    runs_ = std::move(going);
    run_members_ = std::move(members);
    if (runs_.empty()) return false;
    candidates.resize(n_, columns);
    Index c = 0;
    for (const auto& run : runs_) {
      candidates.middleCols(c, run->request().cols()) = run->request();
      c += run->request().cols();
    }
    return true;
  }

  /// The value whose stagnation ends a run: the population's best, or the mean of the parents' values
  /// (which the local runs' minima do not freeze while the EDA still moves).
  double stagnation_measure() const {
    if (s_.stagnation == EdaVbMfaStagnation::best) return values_.minCoeff();
    double sum = 0;
    for (Index i = 0; i < parents_count_; ++i) sum += values_[order_[static_cast<std::size_t>(i)]];
    return std::isfinite(sum) ? sum / static_cast<double>(parents_count_) : values_.minCoeff();
  }

  std::optional<std::string> restart_reason() {
    double spread = 0;
    for (const Analyser& a : analysers_)
      spread = std::max(spread, std::sqrt(a.multiplier) * a.cholesky.rowwise().norm().maxCoeff());
    if (spread < s_.x_tolerance * width_.maxCoeff()) {
      last_status_ = Status::converged_step;
      return fmt::format("the model collapsed: largest standard deviation {:.3g}", spread);
    }
    const auto g = static_cast<std::size_t>(s_.stagnation_generations);
    if (run_bests_.size() > g) {
      const double now = run_bests_.back(), then = run_bests_[run_bests_.size() - 1 - g];
      if (!(then - now > s_.stagnation_tolerance * std::abs(now))) {
        last_status_ = Status::converged_function;
        return fmt::format(
            "stagnation: the {} {:.6g} improved by less than {:.3g} (relative) in {} generations",
            s_.stagnation == EdaVbMfaStagnation::best ? "best value" : "parents' mean value", now,
            s_.stagnation_tolerance, g);
      }
    }
    return std::nullopt;
  }

  EdaVbMfa s_;
  LocalRunSettings local_;
  Bounds box_;
  Vector width_;
  Index n_ = 0, size_ = 0, parents_count_ = 0;
  int no_improvement_limit_ = 35;
  Matrix population_;
  Vector values_;
  std::vector<Index> order_;
  VbMfaModel model_;
  std::vector<Analyser> analysers_;
  std::vector<int> origin_;  ///< the analyser of each offspring of the last ask
  std::vector<std::unique_ptr<LocalRun>> runs_;
  std::vector<Index> run_members_;
  std::vector<Vector> visited_;  ///< local runs' starts and ends, in the unit box
  std::vector<double> run_bests_;
  Phase phase_ = Phase::initial;
  long restart_ = 0, local_runs_ = 0;
  bool finished_ = false;
  Status last_status_ = Status::converged_function;
  std::string last_reason_;
};

}  // namespace

std::unique_ptr<PopulationMethod> make_population_method(const EdaVbMfa& settings) {
  return std::make_unique<EdaVbMfaMethod>(settings);
}

Result eda_vbmfa(const BatchObjective& objective, const Bounds& box, const EdaVbMfa& settings,
                 const BlackBoxSettings& run, const PopulationObserver& observer) {
  return run_population(objective, box, settings, run, observer);
}

}  // namespace minima
