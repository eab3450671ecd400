// Dense BFGS on the inverse Hessian (N&W Alg. 6.1). H is stored in full; the rank-two update is one
// pass over its columns.
#include "minima/unconstrained/bfgs.hpp"

#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {

void Bfgs::validate() const {
  line_search.validate();
  if (!(skip_tolerance >= 0.0 && skip_tolerance < 1.0))
    throw InvalidArgument(fmt::format("Bfgs::skip_tolerance = {}: must be in [0, 1)", skip_tolerance));
  if (!(initial_step > 0.0 && std::isfinite(initial_step)))
    throw InvalidArgument(fmt::format("Bfgs::initial_step = {}: must be finite and > 0", initial_step));
}

namespace {

class BfgsMethod final : public IterativeMethod {
 public:
  explicit BfgsMethod(const Bfgs& settings) : settings_(settings) {}

  std::string name() const override { return "bfgs"; }

  StepOutcome init(IterateState& state, CountedObjective& /*f*/) override {
    const Index n = state.x.size();
    h_.setIdentity(n, n);
    identity_ = true;
    updated_ = false;
    d_.resize(n);
    g_old_.resize(n);
    hy_.resize(n);
    return {};
  }

  StepOutcome step(IterateState& state, CountedObjective& f) override {
    if (!phi_ || &phi_->objective() != &f) phi_.emplace(f, state.x, d_);

    direction(state.g);
    double slope = state.g.dot(d_);
    if (!(slope < 0.0) && !identity_) {
      // Rounding can spoil H after many updates: fall back to steepest descent and start afresh.
      reset(state.x.size());
      direction(state.g);
      slope = state.g.dot(d_);
    }
    if (!(slope < 0.0))
      return StepOutcome::stop(Status::line_search_failed,
                               fmt::format("no descent direction: gᵀd = {:.3g} along d = −g", slope));

    const double alpha0 = identity_ ? settings_.initial_step / state.g.lpNorm<Eigen::Infinity>() : 1.0;
    g_old_ = state.g;
    const double f0 = state.f;
    const LineSearchResult ls = strong_wolfe_search(settings_.line_search, *phi_, f0, slope, alpha0);
    if (!ls.ok)
      return StepOutcome::stop(Status::line_search_failed, fmt::format("line search failed: {}", ls.message));
    phi_->accept(ls.alpha, state);

    // s = α d (stored in d_), y = g₊ − g (stored in g_old_).
    d_ *= ls.alpha;
    g_old_ = state.g - g_old_;
    update(d_, g_old_);
    return StepOutcome::accepted(d_.lpNorm<Eigen::Infinity>(), ls.alpha);
  }

 private:
  void direction(const Vector& g) {
    if (identity_) {
      d_ = -g;
    } else {
      d_.noalias() = -(h_ * g);
    }
  }

  void reset(Index n) {
    h_.setIdentity(n, n);
    identity_ = true;
    updated_ = false;
  }

  void update(const Vector& s, const Vector& y) {
    const double sy = s.dot(y);
    const double yy = y.squaredNorm();
    if (!(sy > settings_.skip_tolerance * std::sqrt(s.squaredNorm() * yy))) return;        // skip (see Bfgs)
    if (!updated_ && settings_.scale_initial_hessian) h_.diagonal().setConstant(sy / yy);  // N&W 6.20
    updated_ = true;
    identity_ = false;
    // H₊ = H − ρ (s hᵀ + h sᵀ) + (ρ + ρ² yᵀh) s sᵀ with h = H y (the expanded form of N&W 6.17).
    const double rho = 1.0 / sy;
    hy_.noalias() = h_ * y;
    const double c = rho + rho * rho * y.dot(hy_);
    for (Index j = 0; j < h_.cols(); ++j) h_.col(j) += (c * s[j] - rho * hy_[j]) * s - (rho * s[j]) * hy_;
  }

  Bfgs settings_;
  Matrix h_;
  bool identity_ = true;  ///< H = I (no update yet): the first trial step is scaled by ‖g‖∞
  bool updated_ = false;
  Vector d_, g_old_, hy_;
  std::optional<LineFunction> phi_;
};

}  // namespace

std::unique_ptr<IterativeMethod> make_iterative_method(const Bfgs& method) {
  method.validate();
  return std::make_unique<BfgsMethod>(method);
}

}  // namespace minima
