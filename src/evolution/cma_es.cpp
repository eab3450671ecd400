// IPOP- and BIPOP-CMA-ES (cma_es.hpp). Symbols follow Hansen's tutorial: λ, μ, w_i, μ_eff, c_σ, d_σ, c_c,
// c_1, c_μ, p_σ, p_c, C = B D² Bᵀ, σ, m.
#include "minima/evolution/cma_es.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <vector>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "minima/evolution/truncation_selection.hpp"

namespace minima {

void CmaEs::validate() const {
  if (population && *population < 4)
    throw InvalidArgument(
        fmt::format("cma-es: population = {} must be >= 4 (mu = population/2 >= 2)", *population));
  if (!(initial_step > 0.0 && std::isfinite(initial_step)))
    throw InvalidArgument(fmt::format("cma-es: initial_step = {} must be > 0", initial_step));
  if (max_restarts < 0)
    throw InvalidArgument(fmt::format("cma-es: max_restarts = {} must be >= 0", max_restarts));
  if (restarts != CmaEsRestarts::ipop && restarts != CmaEsRestarts::bipop)
    throw InvalidArgument("cma-es: restarts must be ipop or bipop");
  if (!(population_increase >= 1.0))
    throw InvalidArgument(fmt::format("cma-es: population_increase = {} must be >= 1", population_increase));
  if (!(tol_x >= 0.0)) throw InvalidArgument(fmt::format("cma-es: tol_x = {} must be >= 0", tol_x));
  if (!(tol_fun >= 0.0)) throw InvalidArgument(fmt::format("cma-es: tol_fun = {} must be >= 0", tol_fun));
  if (!(max_condition > 1.0))
    throw InvalidArgument(fmt::format("cma-es: max_condition = {} must be > 1", max_condition));
  if (box_repair.max_resamples < 0)
    throw InvalidArgument(
        fmt::format("cma-es: box_repair.max_resamples = {} must be >= 0", box_repair.max_resamples));
}

namespace {

class CmaEsMethod final : public PopulationMethod {
 public:
  explicit CmaEsMethod(const CmaEs& settings) : s_(settings) { s_.validate(); }

  std::string name() const override {
    return s_.restarts == CmaEsRestarts::bipop ? "bipop-cma-es" : "cma-es";
  }
  long restarts() const override { return restart_; }

  void init(const Bounds& box, Rng& rng) override {
    lower_ = box.lower;
    width_ = box.upper - box.lower;
    n_ = lower_.size();
    lambda_ = s_.population ? *s_.population
                            : 4 + static_cast<Index>(std::floor(3.0 * std::log(static_cast<double>(n_))));
    default_lambda_ = large_lambda_ = lambda_;
    run_sigma0_ = s_.initial_step;
    start_run(rng);
  }

  void ask(Matrix& candidates, Rng& rng) override {
    if (eigen_stale_) decompose();
    const Bounds unit{.lower = Vector::Zero(n_), .upper = Vector::Ones(n_)};
    z_.resize(n_, lambda_);
    clipped_.assign(static_cast<std::size_t>(lambda_), 0);
    candidates.resize(n_, lambda_);
    for (Index k = 0; k < lambda_; ++k) {
      bool clipped = false;
      const Vector u = sample_in_box(
          [&] {
            Vector y = B_ * (D_.asDiagonal() * standard_normal(n_, rng));
            return Vector(m_ + sigma_ * y);
          },
          unit, s_.box_repair, &clipped);
      clipped_[static_cast<std::size_t>(k)] = clipped;
      z_.col(k) = u;
      candidates.col(k) = lower_ + width_.cwiseProduct(u);
    }
  }

  void tell(const Matrix&, const Vector& values, Rng& rng, GenerationRecord& record) override {
    ++generation_;
    run_evaluations_ += lambda_;
    const auto order = rank_order(values);
    const double expected_norm =
        std::sqrt(static_cast<double>(n_)) * (1.0 - 1.0 / (4.0 * n_) + 1.0 / (21.0 * n_ * n_));
    const double y_cap = std::sqrt(static_cast<double>(n_)) + 2.0 * n_ / (n_ + 2.0);

    // Steps of all λ points in rank order, from the points actually evaluated (clipped ones capped).
    Matrix Y(n_, lambda_);
    for (Index i = 0; i < lambda_; ++i) {
      const Index k = order[static_cast<std::size_t>(i)];
      Vector y = (z_.col(k) - m_) / sigma_;
      if (clipped_[static_cast<std::size_t>(k)]) {
        const double mahalanobis = (invsqrtC_ * y).norm();
        if (mahalanobis > y_cap) y *= y_cap / mahalanobis;
      }
      Y.col(i) = y;
    }
    const Vector y_w = Y.leftCols(mu_) * w_;
    m_ += sigma_ * y_w;

    ps_ = (1.0 - cs_) * ps_ + std::sqrt(cs_ * (2.0 - cs_) * mueff_) * (invsqrtC_ * y_w);
    const double ps_norm = ps_.norm();
    const double ps_ratio =
        ps_norm / std::sqrt(1.0 - std::pow(1.0 - cs_, 2.0 * static_cast<double>(run_generation_ + 1)));
    const bool hsig = ps_ratio < (1.4 + 2.0 / (n_ + 1.0)) * expected_norm;
    pc_ = (1.0 - cc_) * pc_ + (hsig ? std::sqrt(cc_ * (2.0 - cc_) * mueff_) : 0.0) * y_w;
    const double delta_h = hsig ? 0.0 : cc_ * (2.0 - cc_);
    // Rank-μ update with the tutorial's weights: positive for the μ best; with active CMA also
    // negative for the rest, rescaled by n / ‖C^{-1/2} y‖² (Hansen 2016, eq. 46–47).
    Vector weights = Vector::Zero(lambda_);
    weights.head(mu_) = w_;
    double weight_sum = 1.0;  // Σ w_j of the points used (the tutorial's Σ w_j, before rescaling)
    if (s_.active)
      for (Index i = mu_; i < lambda_; ++i) {
        // A clipped point is not a sample of the distribution: it takes no part in the negative update.
        if (clipped_[static_cast<std::size_t>(order[static_cast<std::size_t>(i)])]) continue;
        const double norm2 = (invsqrtC_ * Y.col(i)).squaredNorm();
        weights[i] = w_negative_[i - mu_] * static_cast<double>(n_) / std::max(norm2, 1e-300);
        weight_sum += w_negative_[i - mu_];
      }
    C_ = (1.0 - c1_ - cmu_ * weight_sum + c1_ * delta_h) * C_ + c1_ * pc_ * pc_.transpose() +
         cmu_ * Y * weights.asDiagonal() * Y.transpose();
    sigma_ *= std::exp(std::min(1.0, (cs_ / ds_) * (ps_norm / expected_norm - 1.0)));
    // In the box [0, 1]ⁿ a step wider than the box only produces clipped points (the mean, a mix of
    // points inside, stays inside while the path keeps pushing σ up): keep σ·max √C_ii <= 1.
    sigma_ = std::min(sigma_, 1.0 / std::sqrt(C_.diagonal().maxCoeff()));
    ++run_generation_;
    if (++since_decomposition_ >= decomposition_gap_) eigen_stale_ = true;

    // History of best values for TolFun.
    best_history_.push_back(values[order[0]]);
    run_bests_.push_back(values[order[0]]);
    run_medians_.push_back(values[order[static_cast<std::size_t>(lambda_ / 2)]]);
    while (static_cast<Index>(best_history_.size()) > history_length_) best_history_.pop_front();
    worst_of_generation_ = values[order[static_cast<std::size_t>(lambda_ - 1)]];
    best_of_generation_ = values[order[0]];

    record.extra.emplace_back("sigma", sigma_);
    record.extra.emplace_back("lambda", static_cast<double>(lambda_));
    record.extra.emplace_back("restart", static_cast<double>(restart_));
    if (s_.restarts == CmaEsRestarts::bipop)
      record.extra.emplace_back("small_regime", small_run_ ? 1.0 : 0.0);

    if (const auto why = restart_reason()) {
      last_reason_ = *why;
      if (choose_next_run(rng)) {
        ++restart_;
        start_run(rng);
      } else {
        finished_ = true;
      }
    }
  }

  std::optional<MethodStop> stop() const override {
    if (!finished_) return std::nullopt;
    return MethodStop{last_reason_ == "tol_fun" ? Status::converged_function : Status::converged_step,
                      fmt::format("cma-es stopped by {} after {} restart{}", last_reason_, restart_,
                                  restart_ == 1 ? "" : "s")};
  }

 private:
  /// λ and σ₀ of the next run (IPOP, or BIPOP's regime with the smaller budget so far); false when
  /// the large regime has used its max_restarts (small-regime runs do not count against them).
  bool choose_next_run(Rng& rng) {
    if (small_run_) {
      small_evaluations_ += run_evaluations_;
    } else {
      large_evaluations_ += run_evaluations_;
      last_large_run_evaluations_ = run_evaluations_;
    }
    run_evaluations_ = 0;
    if (s_.restarts == CmaEsRestarts::bipop && small_evaluations_ < large_evaluations_) {
      const double u1 = uniform01(rng), u2 = uniform01(rng);
      const double ratio = 0.5 * static_cast<double>(large_lambda_) / static_cast<double>(default_lambda_);
      lambda_ = std::max(default_lambda_, static_cast<Index>(std::floor(static_cast<double>(default_lambda_) *
                                                                        std::pow(ratio, u1 * u1))));
      run_sigma0_ = s_.initial_step * std::pow(10.0, -2.0 * u2);
      small_run_ = true;
      return true;
    }
    if (large_restarts_ >= s_.max_restarts) return false;
    ++large_restarts_;
    large_lambda_ =
        static_cast<Index>(std::ceil(static_cast<double>(large_lambda_) * s_.population_increase));
    lambda_ = large_lambda_;
    run_sigma0_ = s_.initial_step;
    small_run_ = false;
    return true;
  }

  void start_run(Rng& rng) {
    mu_ = lambda_ / 2;
    Vector w(mu_);
    for (Index i = 0; i < mu_; ++i)
      w[i] = std::log((lambda_ + 1.0) / 2.0) - std::log(static_cast<double>(i + 1));
    w_ = w / w.sum();
    mueff_ = 1.0 / w_.squaredNorm();
    const double n = static_cast<double>(n_);
    cs_ = (mueff_ + 2.0) / (n + mueff_ + 5.0);
    ds_ = 1.0 + 2.0 * std::max(0.0, std::sqrt((mueff_ - 1.0) / (n + 1.0)) - 1.0) + cs_;
    cc_ = (4.0 + mueff_ / n) / (n + 4.0 + 2.0 * mueff_ / n);
    c1_ = 2.0 / ((n + 1.3) * (n + 1.3) + mueff_);
    cmu_ = std::min(1.0 - c1_, 2.0 * (mueff_ - 2.0 + 1.0 / mueff_) / ((n + 2.0) * (n + 2.0) + mueff_));
    // Negative weights of active CMA (Hansen 2016, eq. 53): w'_i for the λ − μ worst, scaled so
    // that Σ|w⁻| = min(1 + c1/cμ, 1 + 2 μ⁻_eff/(μ_eff + 2), (1 − c1 − cμ)/(n cμ)).
    w_negative_ = Vector::Zero(lambda_ - mu_);
    if (lambda_ > mu_) {
      Vector raw(lambda_ - mu_);
      for (Index i = mu_; i < lambda_; ++i)
        raw[i - mu_] = std::log((lambda_ + 1.0) / 2.0) - std::log(static_cast<double>(i + 1));
      const double negative_sum = -raw.sum();
      if (negative_sum > 0) {
        const double mueff_negative = raw.sum() * raw.sum() / raw.squaredNorm();
        const double scale = std::min(
            {1.0 + c1_ / cmu_, 1.0 + 2.0 * mueff_negative / (mueff_ + 2.0), (1.0 - c1_ - cmu_) / (n * cmu_)});
        w_negative_ = raw.cwiseMin(0.0) * (scale / negative_sum);
      }
    }
    decomposition_gap_ = std::max<long>(1, static_cast<long>(std::floor(1.0 / ((c1_ + cmu_) * n * 10.0))));
    history_length_ = 10 + static_cast<Index>(std::ceil(30.0 * n / static_cast<double>(lambda_)));
    max_run_generations_ =
        100 + static_cast<long>(50.0 * (n + 3.0) * (n + 3.0) / std::sqrt(static_cast<double>(lambda_)));

    m_.resize(n_);
    for (Index i = 0; i < n_; ++i) m_[i] = uniform01(rng);
    sigma_ = run_sigma0_;
    C_ = Matrix::Identity(n_, n_);
    B_ = Matrix::Identity(n_, n_);
    D_ = Vector::Ones(n_);
    invsqrtC_ = Matrix::Identity(n_, n_);
    ps_ = Vector::Zero(n_);
    pc_ = Vector::Zero(n_);
    run_generation_ = 0;
    since_decomposition_ = 0;
    eigen_stale_ = false;
    best_history_.clear();
    run_bests_.clear();
    run_medians_.clear();
    stagnation_window_ = 100 + static_cast<long>(100.0 * std::pow(n, 1.5) / static_cast<double>(lambda_));
  }

  /// Median of v[from, to).
  static double median_of(const std::vector<double>& v, std::size_t from, std::size_t to) {
    std::vector<double> part(v.begin() + static_cast<std::ptrdiff_t>(from),
                             v.begin() + static_cast<std::ptrdiff_t>(to));
    std::nth_element(part.begin(), part.begin() + static_cast<std::ptrdiff_t>(part.size() / 2), part.end());
    return part[part.size() / 2];
  }

  /// Stagnation (as pycma's tolstagnation): over the last T = 100 + 100 n^1.5 / λ generations, the
  /// medians of the last 20 generations' best and median values are no better than those of the
  /// first 20. It ends runs that creep along a box boundary, where TolX never fires.
  bool stagnated() const {
    const auto T = static_cast<std::size_t>(stagnation_window_);
    const std::size_t g = run_bests_.size();
    if (g <= T || T < 40) return false;
    // "No better" up to rounding: an improvement must exceed 1e-12 relative.
    auto no_better = [](double recent, double old) {
      return recent >= old - 1e-12 * std::max(1.0, std::abs(old));
    };
    return no_better(median_of(run_bests_, g - 20, g), median_of(run_bests_, g - T, g - T + 20)) &&
           no_better(median_of(run_medians_, g - 20, g), median_of(run_medians_, g - T, g - T + 20));
  }

  void decompose() {
    C_ = (0.5 * (C_ + C_.transpose())).eval();
    Eigen::SelfAdjointEigenSolver<Matrix> eig(C_);
    D_ = eig.eigenvalues().cwiseMax(1e-300).cwiseSqrt();
    B_ = eig.eigenvectors();
    invsqrtC_ = B_ * D_.cwiseInverse().asDiagonal() * B_.transpose();
    eigen_stale_ = false;
    since_decomposition_ = 0;
  }

  std::optional<std::string> restart_reason() {
    if (eigen_stale_) decompose();
    if (run_generation_ >= max_run_generations_) return "max_generations_per_run";
    if (small_run_ && 2 * run_evaluations_ > last_large_run_evaluations_) return "small_run_budget";
    if (stagnated()) return "stagnation";
    const double max_d = D_.maxCoeff(), min_d = D_.minCoeff();
    if (!(max_d * max_d <= s_.max_condition * min_d * min_d)) return "condition";
    bool small = sigma_ * pc_.cwiseAbs().maxCoeff() < s_.tol_x * run_sigma0_;
    for (Index i = 0; i < n_ && small; ++i) small = sigma_ * std::sqrt(C_(i, i)) < s_.tol_x * run_sigma0_;
    if (small) return "tol_x";
    if (static_cast<Index>(best_history_.size()) >= history_length_ && std::isfinite(worst_of_generation_)) {
      const auto [lo, hi] = std::minmax_element(best_history_.begin(), best_history_.end());
      const double range = std::max(*hi, worst_of_generation_) - std::min(*lo, best_of_generation_);
      if (range < s_.tol_fun) return "tol_fun";
    }
    // No effect of a 0.1σ step along the principal axis of this generation (cycling through axes).
    const Index axis = static_cast<Index>(run_generation_ % n_);
    if ((m_ + 0.1 * sigma_ * D_[axis] * B_.col(axis)).cwiseEqual(m_).all()) return "no_effect_axis";
    for (Index i = 0; i < n_; ++i)
      if (m_[i] + 0.2 * sigma_ * std::sqrt(C_(i, i)) == m_[i]) return "no_effect_coordinate";
    if (!std::isfinite(sigma_) || !C_.allFinite()) return "numerical";
    return std::nullopt;
  }

  CmaEs s_;
  Vector lower_, width_;
  Index n_ = 0, lambda_ = 0, mu_ = 0, history_length_ = 0;
  Vector w_, w_negative_;
  double mueff_ = 0, cs_ = 0, ds_ = 0, cc_ = 0, c1_ = 0, cmu_ = 0, sigma_ = 0;
  Vector m_, ps_, pc_, D_;
  Matrix C_, B_, invsqrtC_, z_;
  std::vector<char> clipped_;  ///< per candidate of the last ask: repaired by clipping
  long generation_ = 0, run_generation_ = 0, since_decomposition_ = 0, decomposition_gap_ = 1;
  long max_run_generations_ = 0;
  bool eigen_stale_ = false;
  std::deque<double> best_history_;
  std::vector<double> run_bests_, run_medians_;  ///< per generation of this run
  long stagnation_window_ = 0;
  double best_of_generation_ = 0, worst_of_generation_ = 0;
  long restart_ = 0;
  bool finished_ = false;
  // Restart bookkeeping: λ_def, the large regime's λ, this run's σ₀, evaluations per regime.
  Index default_lambda_ = 0, large_lambda_ = 0;
  long large_restarts_ = 0;
  double run_sigma0_ = 0;
  bool small_run_ = false;
  long run_evaluations_ = 0, small_evaluations_ = 0, large_evaluations_ = 0, last_large_run_evaluations_ = 0;
  std::string last_reason_;
};

}  // namespace

std::unique_ptr<PopulationMethod> make_population_method(const CmaEs& settings) {
  return std::make_unique<CmaEsMethod>(settings);
}

Result cma_es(const BatchObjective& objective, const Bounds& box, const CmaEs& settings,
              const BlackBoxSettings& run, const PopulationObserver& observer) {
  return run_population(objective, box, settings, run, observer);
}

}  // namespace minima
