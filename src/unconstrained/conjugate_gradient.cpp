// Nonlinear conjugate gradient (N&W §5.2, Hager & Zhang 2005). Two vectors besides the iterate: the
// direction and the previous gradient.
#include "minima/unconstrained/conjugate_gradient.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {

const char* to_string(ConjugateGradient::Update update) {
  switch (update) {
    case ConjugateGradient::Update::polak_ribiere_plus:
      return "polak-ribiere-plus";
    case ConjugateGradient::Update::fletcher_reeves:
      return "fletcher-reeves";
    case ConjugateGradient::Update::hager_zhang:
      return "hager-zhang";
  }
  return "unknown";
}

void ConjugateGradient::validate() const {
  switch (update) {
    case Update::polak_ribiere_plus:
    case Update::fletcher_reeves:
    case Update::hager_zhang:
      break;
    default:
      throw InvalidArgument(
          fmt::format("ConjugateGradient::update = {}: not a known formula", static_cast<int>(update)));
  }
  line_search.validate();
  if (restart_every < 0)
    throw InvalidArgument(
        fmt::format("ConjugateGradient::restart_every = {}: must be >= 0 (0 means every n)", restart_every));
  if (!(initial_step > 0.0 && std::isfinite(initial_step)))
    throw InvalidArgument(
        fmt::format("ConjugateGradient::initial_step = {}: must be finite and > 0", initial_step));
}

namespace {

class ConjugateGradientMethod final : public IterativeMethod {
 public:
  explicit ConjugateGradientMethod(const ConjugateGradient& settings) : settings_(settings) {}

  std::string name() const override { return "conjugate-gradient"; }

  StepOutcome init(IterateState& state, CountedObjective& /*f*/) override {
    const Index n = state.x.size();
    restart_every_ = settings_.restart_every > 0 ? settings_.restart_every : static_cast<long>(n);
    d_ = -state.g;
    g_old_.resize(n);
    since_restart_ = 0;
    restarted_ = true;
    return {};
  }

  StepOutcome step(IterateState& state, CountedObjective& f) override {
    if (!phi_ || &phi_->objective() != &f) phi_.emplace(f, state.x, d_);

    double slope = state.g.dot(d_);
    if (!(slope < 0.0) && !restarted_) {
      restart(state.g);  // β made d uphill (possible for PR+ with an inexact search): steepest descent
      slope = state.g.dot(d_);
    }
    if (!(slope < 0.0))
      return StepOutcome::stop(Status::line_search_failed,
                               fmt::format("no descent direction: gᵀd = {:.3g} along d = −g", slope));

    // N&W 3.60: the first-order change of the previous step, carried over; the first step moves no
    // coordinate by more than initial_step.
    double alpha0 = previous_change_ < 0.0 ? previous_change_ / slope
                                           : settings_.initial_step / state.g.lpNorm<Eigen::Infinity>();
    if (!(alpha0 > 0.0 && std::isfinite(alpha0)))
      alpha0 = settings_.initial_step / state.g.lpNorm<Eigen::Infinity>();
    alpha0 = std::min(alpha0, settings_.line_search.max_step);

    g_old_ = state.g;
    const LineSearchResult ls = strong_wolfe_search(settings_.line_search, *phi_, state.f, slope, alpha0);
    if (!ls.ok)
      return StepOutcome::stop(Status::line_search_failed, fmt::format("line search failed: {}", ls.message));
    phi_->accept(ls.alpha, state);
    previous_change_ = ls.alpha * slope;
    const double step_norm = ls.alpha * d_.lpNorm<Eigen::Infinity>();

    if (++since_restart_ >= restart_every_) {
      restart(state.g);
    } else {
      const double beta = compute_beta(state.g);
      if (std::isfinite(beta)) {
        d_ = beta * d_ - state.g;
        restarted_ = false;
      } else {
        restart(state.g);
      }
    }
    return StepOutcome::accepted(step_norm, ls.alpha);
  }

 private:
  void restart(const Vector& g) {
    d_ = -g;
    since_restart_ = 0;
    restarted_ = true;
  }

  /// β from the new gradient g (g_old_ holds the previous one, d_ the previous direction). Leaves
  /// y = g − g_old in g_old_: forming y explicitly avoids the cancellation of expanded dot products.
  double compute_beta(const Vector& g) {
    const double gg_old = g_old_.squaredNorm();
    if (settings_.update == ConjugateGradient::Update::fletcher_reeves) return g.squaredNorm() / gg_old;
    g_old_ = g - g_old_;
    const Vector& y = g_old_;
    if (settings_.update == ConjugateGradient::Update::polak_ribiere_plus)
      return std::max(0.0, g.dot(y) / gg_old);
    // Hager–Zhang (2005) eq. 1.3 with the truncation of eq. 2.6.
    const double dy = d_.dot(y);
    const double beta = (y.dot(g) - 2.0 * y.squaredNorm() * d_.dot(g) / dy) / dy;
    constexpr double eta = 0.01;
    const double lower = -1.0 / (d_.norm() * std::min(eta, std::sqrt(gg_old)));
    return std::max(beta, lower);
  }

  ConjugateGradient settings_;
  long restart_every_ = 1;
  long since_restart_ = 0;
  bool restarted_ = true;
  double previous_change_ = 0.0;  ///< α gᵀd of the previous step (< 0), for N&W 3.60
  Vector d_, g_old_;
  std::optional<LineFunction> phi_;
};

}  // namespace

std::unique_ptr<IterativeMethod> make_iterative_method(const ConjugateGradient& method) {
  method.validate();
  return std::make_unique<ConjugateGradientMethod>(method);
}

}  // namespace minima
