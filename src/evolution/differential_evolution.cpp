// L-SHADE and DE/rand/1/bin (differential_evolution.hpp). Symbols follow Tanabe & Fukunaga 2014:
// N (population), A (archive), H (memory size), M_F / M_CR (memories), S_F / S_CR (this
// generation's successful values), Δf (their improvements).
#include "minima/evolution/differential_evolution.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "minima/evolution/initial_population.hpp"
#include "minima/evolution/truncation_selection.hpp"

namespace minima {

void DifferentialEvolution::validate() const {
  if (strategy != DeStrategy::lshade && strategy != DeStrategy::rand1bin)
    throw InvalidArgument("de: strategy must be lshade or rand1bin");
  if (population && *population < 4)
    throw InvalidArgument(fmt::format(
        "de: population = {} must be >= 4 (each mutation needs the parent and three other members)",
        *population));
  if (min_population < 4)
    throw InvalidArgument(fmt::format("de: min_population = {} must be >= 4", min_population));
  if (!(archive_rate >= 0.0 && std::isfinite(archive_rate)))
    throw InvalidArgument(fmt::format("de: archive_rate = {} must be >= 0", archive_rate));
  if (!(p_best > 0.0 && p_best <= 1.0))
    throw InvalidArgument(fmt::format("de: p_best = {} must be in (0, 1]", p_best));
  if (memory_size < 1) throw InvalidArgument(fmt::format("de: memory_size = {} must be >= 1", memory_size));
  if (!(f > 0.0 && f <= 2.0)) throw InvalidArgument(fmt::format("de: f = {} must be in (0, 2]", f));
  if (!(cr >= 0.0 && cr <= 1.0)) throw InvalidArgument(fmt::format("de: cr = {} must be in [0, 1]", cr));
  if (reduction_horizon && *reduction_horizon < 1)
    throw InvalidArgument(fmt::format("de: reduction_horizon = {} must be >= 1", *reduction_horizon));
  if (!(tol_fun >= 0.0)) throw InvalidArgument(fmt::format("de: tol_fun = {} must be >= 0", tol_fun));
  if (!(tol_x >= 0.0)) throw InvalidArgument(fmt::format("de: tol_x = {} must be >= 0", tol_x));
  if (max_restarts < 0)
    throw InvalidArgument(fmt::format("de: max_restarts = {} must be >= 0", max_restarts));
}

namespace {

constexpr double kTerminal = std::numeric_limits<double>::quiet_NaN();  // M_CR = ⊥ (CR = 0 from then on)

/// The weighted Lehmer mean Σ w s² / Σ w s (Tanabe & Fukunaga 2014, eq. 7–8).
double weighted_lehmer_mean(const std::vector<double>& s, const std::vector<double>& w) {
  double num = 0, den = 0;
  for (std::size_t k = 0; k < s.size(); ++k) {
    num += w[k] * s[k] * s[k];
    den += w[k] * s[k];
  }
  return den > 0 ? num / den : 0.0;
}

class DifferentialEvolutionMethod final : public PopulationMethod {
 public:
  explicit DifferentialEvolutionMethod(const DifferentialEvolution& settings) : s_(settings) {
    s_.validate();
  }

  std::string name() const override { return s_.strategy == DeStrategy::lshade ? "de" : "de-rand1bin"; }
  long restarts() const override { return restart_; }
  void set_evaluation_budget(long max_evaluations) override { budget_ = max_evaluations; }

  void init(const Bounds& box, Rng&) override {
    box_ = box;
    n_ = box.lower.size();
    width_ = box.upper - box.lower;
    const Index by_dimension = (s_.strategy == DeStrategy::lshade ? 18 : 10) * n_;
    initial_population_ = s_.population ? *s_.population : std::max<Index>(by_dimension, 4);
    if (s_.strategy == DeStrategy::lshade && s_.min_population > initial_population_)
      throw InvalidArgument(fmt::format("de: min_population = {} exceeds the initial population {}",
                                        s_.min_population, initial_population_));
    start_run();
  }

  void ask(Matrix& candidates, Rng& rng) override {
    if (fresh_) {
      candidates = uniform_population(box_, initial_population_, rng);
      return;
    }
    const Index N = pop_.cols();
    candidates.resize(n_, N);
    F_.resize(static_cast<std::size_t>(N));
    CR_.resize(static_cast<std::size_t>(N));
    const auto order = rank_order(values_);
    const Index p_count =
        std::min(N, std::max<Index>(2, static_cast<Index>(std::lround(s_.p_best * static_cast<double>(N)))));
    const Index archived = static_cast<Index>(archive_.size());
    Vector mutant(n_);
    for (Index i = 0; i < N; ++i) {
      double F = s_.f, CR = s_.cr;
      if (s_.strategy == DeStrategy::lshade) {
        const auto r = static_cast<std::size_t>(uniform_index(s_.memory_size, rng));
        CR = std::isnan(memory_cr_[r]) ? 0.0
                                       : std::clamp(memory_cr_[r] + 0.1 * standard_normal(rng), 0.0, 1.0);
        do F = memory_f_[r] + 0.1 * std::tan(std::numbers::pi * (uniform01(rng) - 0.5));
        while (!(F > 0.0));
        F = std::min(F, 1.0);
        // current-to-pbest/1 (JADE): v = x_i + F (x_pbest − x_i) + F (x_r1 − x̃_r2), x̃_r2 ∈ P ∪ A.
        const Index pbest = order[static_cast<std::size_t>(uniform_index(p_count, rng))];
        Index r1, r2;
        do r1 = uniform_index(N, rng);
        while (r1 == i);
        do r2 = uniform_index(N + archived, rng);
        while (r2 == i || r2 == r1);
        const auto other = [&](Index r) -> Vector {
          return r < N ? Vector(pop_.col(r)) : archive_[static_cast<std::size_t>(r - N)];
        };
        mutant = pop_.col(i) + F * (pop_.col(pbest) - pop_.col(i)) + F * (pop_.col(r1) - other(r2));
      } else {
        Index r1, r2, r3;
        do r1 = uniform_index(N, rng);
        while (r1 == i);
        do r2 = uniform_index(N, rng);
        while (r2 == i || r2 == r1);
        do r3 = uniform_index(N, rng);
        while (r3 == i || r3 == r1 || r3 == r2);
        mutant = pop_.col(r1) + F * (pop_.col(r2) - pop_.col(r3));
      }
      F_[static_cast<std::size_t>(i)] = F;
      CR_[static_cast<std::size_t>(i)] = CR;
      // Binomial crossover; a coordinate outside the box goes halfway back to the parent's.
      const Index j_rand = uniform_index(n_, rng);
      for (Index j = 0; j < n_; ++j) {
        const double parent = pop_(j, i);
        double v = (j == j_rand || uniform01(rng) < CR) ? mutant[j] : parent;
        if (v < box_.lower[j]) v = 0.5 * (box_.lower[j] + parent);
        if (v > box_.upper[j]) v = 0.5 * (box_.upper[j] + parent);
        candidates(j, i) = v;
      }
    }
  }

  void tell(const Matrix& candidates, const Vector& values, Rng& rng, GenerationRecord& record) override {
    run_evaluations_ += candidates.cols();
    if (fresh_) {
      pop_ = candidates;
      values_ = values;
      fresh_ = false;
    } else {
      select(candidates, values, rng);
      if (s_.strategy == DeStrategy::lshade) reduce_population(rng);
    }
    record.extra.emplace_back("population", static_cast<double>(pop_.cols()));
    record.extra.emplace_back("restart", static_cast<double>(restart_));
    if (s_.strategy == DeStrategy::lshade) {
      double mf = 0, mcr = 0;
      for (int k = 0; k < s_.memory_size; ++k) {
        mf += memory_f_[static_cast<std::size_t>(k)];
        mcr += std::isnan(memory_cr_[static_cast<std::size_t>(k)]) ? 0.0
                                                                   : memory_cr_[static_cast<std::size_t>(k)];
      }
      record.extra.emplace_back("mean_memory_f", mf / s_.memory_size);
      record.extra.emplace_back("mean_memory_cr", mcr / s_.memory_size);
    }
    if (collapsed()) {
      if (restart_ < s_.max_restarts) {
        ++restart_;
        evaluations_before_run_ += run_evaluations_;
        start_run();
      } else {
        finished_ = true;
      }
    }
  }

  std::optional<MethodStop> stop() const override {
    if (!finished_) return std::nullopt;
    return MethodStop{Status::converged_function,
                      fmt::format("{}: the population collapsed (values within {:g}) after {} restart{}",
                                  name(), s_.tol_fun, restart_, restart_ == 1 ? "" : "s")};
  }

 private:
  void start_run() {
    fresh_ = true;
    run_evaluations_ = 0;
    archive_.clear();
    memory_f_.assign(static_cast<std::size_t>(s_.memory_size), 0.5);
    memory_cr_.assign(static_cast<std::size_t>(s_.memory_size), 0.5);
    memory_slot_ = 0;
    const long left = std::max<long>(1, budget_ - evaluations_before_run_);
    horizon_ = s_.reduction_horizon ? *s_.reduction_horizon : left;
  }

  void select(const Matrix& trials, const Vector& trial_values, Rng& rng) {
    std::vector<double> s_f, s_cr, delta;
    const Index N = pop_.cols();
    const auto archive_cap = static_cast<std::size_t>(std::lround(s_.archive_rate * static_cast<double>(N)));
    for (Index i = 0; i < N; ++i) {
      const double ft = trial_values[i], fp = values_[i];
      if (!(ft <= fp)) continue;
      if (ft < fp) {
        if (s_.strategy == DeStrategy::lshade) {
          s_f.push_back(F_[static_cast<std::size_t>(i)]);
          s_cr.push_back(CR_[static_cast<std::size_t>(i)]);
          delta.push_back(fp - ft);  // +inf when the parent had failed
          if (archive_cap > 0) {
            if (archive_.size() < archive_cap) {
              archive_.push_back(pop_.col(i));
            } else {
              archive_[static_cast<std::size_t>(uniform_index(static_cast<Index>(archive_cap), rng))] =
                  pop_.col(i);
            }
          }
        }
      }
      pop_.col(i) = trials.col(i);
      values_[i] = ft;
    }
    if (s_.strategy != DeStrategy::lshade || s_f.empty()) return;
    // Weights Δf / ΣΔf; a success over a failed parent (Δf = +inf) outweighs every finite one.
    std::vector<double> w(delta.size(), 0.0);
    const bool any_infinite = std::any_of(delta.begin(), delta.end(), [](double d) { return std::isinf(d); });
    double total = 0;
    for (std::size_t k = 0; k < delta.size(); ++k) {
      w[k] = any_infinite ? (std::isinf(delta[k]) ? 1.0 : 0.0) : delta[k];
      total += w[k];
    }
    if (!(total > 0)) std::fill(w.begin(), w.end(), 1.0);  // all Δf = 0 cannot happen (strict <), but be safe
    const auto slot = static_cast<std::size_t>(memory_slot_);
    if (std::isnan(memory_cr_[slot]) || *std::max_element(s_cr.begin(), s_cr.end()) == 0.0)
      memory_cr_[slot] = kTerminal;
    else
      memory_cr_[slot] = weighted_lehmer_mean(s_cr, w);
    memory_f_[slot] = weighted_lehmer_mean(s_f, w);
    memory_slot_ = (memory_slot_ + 1) % s_.memory_size;
  }

  /// Linear population size reduction: N = round((N_min − N_init) / horizon · evaluations + N_init),
  /// dropping the worst members; the archive shrinks with it (random members leave).
  void reduce_population(Rng& rng) {
    const double progress =
        std::min(1.0, static_cast<double>(run_evaluations_) / static_cast<double>(horizon_));
    const auto target = std::max<Index>(
        s_.min_population, static_cast<Index>(std::lround(
                               static_cast<double>(s_.min_population - initial_population_) * progress +
                               static_cast<double>(initial_population_))));
    if (target < pop_.cols()) {
      const auto order = rank_order(values_);
      Matrix kept(n_, target);
      Vector kept_values(target);
      // Keep the best `target` in their original order (so that the order stays deterministic).
      std::vector<Index> best(order.begin(), order.begin() + target);
      std::sort(best.begin(), best.end());
      for (Index k = 0; k < target; ++k) {
        kept.col(k) = pop_.col(best[static_cast<std::size_t>(k)]);
        kept_values[k] = values_[best[static_cast<std::size_t>(k)]];
      }
      pop_ = std::move(kept);
      values_ = std::move(kept_values);
    }
    const auto archive_cap =
        static_cast<std::size_t>(std::lround(s_.archive_rate * static_cast<double>(pop_.cols())));
    while (archive_.size() > archive_cap)
      archive_.erase(archive_.begin() + uniform_index(static_cast<Index>(archive_.size()), rng));
  }

  /// The values lie within tol_fun, or every coordinate within tol_x of its side.
  bool collapsed() const {
    if (values_.allFinite() && values_.maxCoeff() - values_.minCoeff() <= s_.tol_fun) return true;
    for (Index j = 0; j < n_; ++j)
      if (pop_.row(j).maxCoeff() - pop_.row(j).minCoeff() > s_.tol_x * width_[j]) return false;
    return true;
  }

  DifferentialEvolution s_;
  Bounds box_;
  Vector width_;
  Index n_ = 0, initial_population_ = 0;
  Matrix pop_;
  Vector values_;
  std::vector<Vector> archive_;
  std::vector<double> memory_f_, memory_cr_, F_, CR_;
  int memory_slot_ = 0;
  bool fresh_ = true, finished_ = false;
  long budget_ = 100'000, horizon_ = 1, run_evaluations_ = 0, evaluations_before_run_ = 0;
  long restart_ = 0;
};

}  // namespace

std::unique_ptr<PopulationMethod> make_population_method(const DifferentialEvolution& settings) {
  return std::make_unique<DifferentialEvolutionMethod>(settings);
}

Result differential_evolution(const BatchObjective& objective, const Bounds& box,
                              const DifferentialEvolution& settings, const BlackBoxSettings& run,
                              const PopulationObserver& observer) {
  return run_population(objective, box, settings, run, observer);
}

}  // namespace minima
