// Projected L-BFGS with an ε-active set (see the header). Pairs are kept in full space; the two-loop
// recursion reads them through the 0/1 mask of the free variables.
#include "minima/constrained/lbfgsb.hpp"

#include <algorithm>
#include <cmath>
#include <deque>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {

void Lbfgsb::validate() const {
  if (memory < 1) throw InvalidArgument(fmt::format("Lbfgsb::memory = {}: must be >= 1", memory));
  if (!(c1 > 0.0 && c1 < 1.0)) throw InvalidArgument(fmt::format("Lbfgsb::c1 = {}: must be in (0, 1)", c1));
  if (max_backtracks < 1)
    throw InvalidArgument(fmt::format("Lbfgsb::max_backtracks = {}: must be >= 1", max_backtracks));
  if (!(skip_tolerance >= 0.0 && skip_tolerance < 1.0))
    throw InvalidArgument(fmt::format("Lbfgsb::skip_tolerance = {}: must be in [0, 1)", skip_tolerance));
  if (!(initial_step > 0.0 && std::isfinite(initial_step)))
    throw InvalidArgument(fmt::format("Lbfgsb::initial_step = {}: must be finite and > 0", initial_step));
  if (!(active_set_epsilon > 0.0 && std::isfinite(active_set_epsilon)))
    throw InvalidArgument(
        fmt::format("Lbfgsb::active_set_epsilon = {}: must be finite and > 0", active_set_epsilon));
}

namespace {

class LbfgsbMethod final : public IterativeMethod {
 public:
  LbfgsbMethod(const Lbfgsb& settings, Bounds bounds) : settings_(settings), bounds_(std::move(bounds)) {}

  std::string name() const override { return "lbfgsb"; }
  double stationarity(const IterateState& state) const override {
    return (box_.project(state.x - state.g) - state.x).lpNorm<Eigen::Infinity>();
  }
  std::string stationarity_label() const override { return "‖P(x−∇f)−x‖∞"; }

  StepOutcome init(IterateState& state, CountedObjective& /*f*/) override {
    box_ = bounds_.expanded(state.x.size());
    pairs_.clear();
    return {};
  }

  StepOutcome step(IterateState& state, CountedObjective& f) override {
    const Index n = state.x.size();
    const double w = stationarity(state);
    const double eps = std::min(settings_.active_set_epsilon, w);
    free_.resize(n);
    for (Index i = 0; i < n; ++i) {
      const bool held = (state.x[i] - box_.lower[i] <= eps && state.g[i] > 0) ||
                        (box_.upper[i] - state.x[i] <= eps && state.g[i] < 0);
      free_[i] = held ? 0.0 : 1.0;
    }
    for (int attempt = 0; attempt < 2; ++attempt) {
      const bool steepest = pairs_.empty();
      const double gamma = direction(state.g);
      // Active variables: scaled steepest descent (the projection stops them at their bound).
      for (Index i = 0; i < n; ++i)
        if (free_[i] == 0.0) d_[i] = -gamma * state.g[i];
      const std::string why = line_search(state, f);
      if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
      if (why.empty()) return StepOutcome::accepted(last_step_norm_, last_alpha_);
      if (steepest) {
        // Zero at a stationary point is convergence; elsewhere the step rounded away (|x| ≫ the
        // step), which is no solution (see projected_gradient.cpp).
        if (why == "zero" && w == 0.0)
          return StepOutcome::stop(Status::converged_step, "the projected step is zero");
        if (why == "zero")
          return StepOutcome::stop(
              Status::line_search_failed,
              fmt::format("the projected step rounds to zero (‖x‖∞ = {:.3g}) though the stationarity "
                          "is {:.3g}: no representable step decreases f (unbounded below?)",
                          state.x.lpNorm<Eigen::Infinity>(), w));
        return StepOutcome::stop(Status::line_search_failed, why);
      }
      pairs_.clear();  // forget the curvature pairs, retry along the scaled projected gradient
    }
    return StepOutcome::stop(Status::line_search_failed, "no descent along the projection arc");
  }

 private:
  struct Pair {
    Vector s, y;
  };

  /// d_F = −H_F g_F by the two-loop recursion on the masked pairs; returns the scaling γ of H₀.
  double direction(const Vector& g) {
    const Index n = g.size();
    d_.resize(n);
    q_ = g.cwiseProduct(free_);
    const int k = static_cast<int>(pairs_.size());
    alpha_.assign(static_cast<std::size_t>(k), 0.0);
    rho_.assign(static_cast<std::size_t>(k), 0.0);
    double gamma = 0.0;
    for (int i = k - 1; i >= 0; --i) {
      const Pair& p = pairs_[static_cast<std::size_t>(i)];
      const double sy = (p.s.array() * p.y.array() * free_.array()).sum();
      const double ss = (p.s.array().square() * free_.array()).sum();
      const double yy = (p.y.array().square() * free_.array()).sum();
      if (!(sy > settings_.skip_tolerance * std::sqrt(ss * yy)) || sy <= 0) continue;  // no curvature on F
      if (gamma == 0.0) gamma = sy / yy;  // N&W 7.20 from the newest usable pair
      const auto ii = static_cast<std::size_t>(i);
      rho_[ii] = 1.0 / sy;
      alpha_[ii] = rho_[ii] * p.s.dot(q_);  // q is zero off F
      q_.noalias() -= alpha_[ii] * p.y.cwiseProduct(free_);
    }
    if (gamma == 0.0) {
      const double gmax = g.lpNorm<Eigen::Infinity>();
      gamma = gmax > 0 ? settings_.initial_step / gmax : 1.0;
    }
    q_ *= gamma;
    for (int i = 0; i < k; ++i) {
      const auto ii = static_cast<std::size_t>(i);
      if (rho_[ii] == 0.0) continue;
      const Pair& p = pairs_[ii];
      const double beta = rho_[ii] * p.y.dot(q_);
      q_.noalias() += (alpha_[ii] - beta) * p.s.cwiseProduct(free_);
    }
    d_ = -q_;
    return gamma;
  }

  /// Armijo backtracking along x(α) = P(x + α d). Empty string on success (state moved), "zero"
  /// when the projected step vanishes, otherwise why it failed.
  std::string line_search(IterateState& state, CountedObjective& f) {
    double alpha = 1.0;
    for (int trial = 0; trial < settings_.max_backtracks; ++trial) {
      x_trial_ = box_.project(state.x + alpha * d_);
      s_ = x_trial_ - state.x;
      const double step_norm = s_.lpNorm<Eigen::Infinity>();
      if (step_norm == 0.0) return trial == 0 ? "zero" : "the step fell to zero without sufficient decrease";
      const double decrease = state.g.dot(s_);
      if (!(decrease < 0.0)) {
        if (trial == 0) return fmt::format("not a descent direction along the arc (∇fᵀs = {:.3g})", decrease);
        alpha *= 0.5;
        continue;
      }
      const double f_trial = f.value_gradient(x_trial_, g_trial_);
      if (f.failed()) return "failed";
      if (std::isfinite(f_trial) && g_trial_.allFinite() && f_trial <= state.f + settings_.c1 * decrease &&
          f_trial < state.f) {
        y_ = g_trial_ - state.g;
        const double sy = s_.dot(y_);
        if (sy > settings_.skip_tolerance * s_.norm() * y_.norm()) {
          if (static_cast<int>(pairs_.size()) == settings_.memory) pairs_.pop_front();
          pairs_.push_back({s_, y_});
        }
        std::swap(state.x, x_trial_);
        std::swap(state.g, g_trial_);
        state.f = f_trial;
        last_step_norm_ = step_norm;
        last_alpha_ = alpha;
        return {};
      }
      // Safeguarded quadratic interpolation of f along the step (falls back to halving).
      double next = 0.5 * alpha;
      if (std::isfinite(f_trial)) {
        const double slope = decrease / alpha;
        const double denom = 2.0 * (f_trial - state.f - slope * alpha);
        if (denom > 0) next = std::clamp(-slope * alpha * alpha / denom, 0.1 * alpha, 0.5 * alpha);
      } else {
        next = 0.1 * alpha;
      }
      alpha = next;
    }
    return fmt::format("no sufficient decrease along the projection arc in {} trials",
                       settings_.max_backtracks);
  }

  Lbfgsb settings_;
  Bounds bounds_;
  Bounds box_;  ///< bounds_ expanded to n
  std::deque<Pair> pairs_;
  Vector free_, q_, d_, x_trial_, g_trial_, s_, y_;
  std::vector<double> alpha_, rho_;
  double last_step_norm_ = 0.0, last_alpha_ = 0.0;
};

}  // namespace

std::unique_ptr<IterativeMethod> make_bound_constrained_method(const Lbfgsb& method, Bounds bounds) {
  method.validate();
  return std::make_unique<LbfgsbMethod>(method, std::move(bounds));
}

}  // namespace minima
