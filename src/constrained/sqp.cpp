// The SQP iteration (see the header). Evaluations: a full step is evaluated with gradients (it is
// usually accepted); backtracking trials are evaluated for values only, and the accepted one again
// with gradients.
#include "minima/constrained/sqp.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "constraint_evaluation.hpp"
#include "minima/constrained/kkt.hpp"
#include "minima/constrained/lbfgsb.hpp"
#include "minima/constrained/qp.hpp"
#include "minima/core/driver.hpp"
#include "minima/core/error.hpp"

namespace minima {

void Sqp::validate() const {
  auto require = [](bool ok, const char* field, double value, const char* rule) {
    if (!ok) throw InvalidArgument(fmt::format("Sqp::{} = {}: must be {}", field, value, rule));
  };
  require(feasibility_tolerance > 0, "feasibility_tolerance", feasibility_tolerance, "> 0");
  require(infeasibility_threshold >= feasibility_tolerance, "infeasibility_threshold",
          infeasibility_threshold, ">= feasibility_tolerance");
  require(hessian_damping > 0 && hessian_damping < 1, "hessian_damping", hessian_damping, "in (0, 1)");
  require(armijo > 0 && armijo < 0.5, "armijo", armijo, "in (0, 0.5)");
  require(min_step > 0 && min_step < 1, "min_step", min_step, "in (0, 1)");
  require(elastic_weight > 0 && std::isfinite(elastic_weight), "elastic_weight", elastic_weight,
          "finite and > 0");
  require(max_restorations >= 0, "max_restorations", max_restorations, ">= 0");
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

using constrained_detail::inf_norm;

/// f and the constraints at one point, and how its evaluation went.
struct Point : constrained_detail::ConstrainedPoint {
  bool finite = false;
  std::string error;  // the user's exception, if any
};

/// The QP step and its multipliers.
struct Step {
  QpStatus status = QpStatus::infeasible;
  Vector d, lambda, mu, z_lower, z_upper;
  double delta = 0.0;  // elastic relaxation (0: the linearization itself)
  bool elastic = false;
};

class Run {
 public:
  Run(const Objective& objective, const Constraints& constraints, const Sqp& settings, const Stop& stop,
      const Observer& observer, Index n)
      : objective_(objective),
        constraints_(constraints),
        s_(settings),
        stop_(stop),
        n_(n),
        box_(constraints.bounds.expanded(n)),
        ctx_("sqp", stop, observer) {}

  Result execute(const Vector& x0) {
    evaluate(x0, true, current_);
    if (!current_.error.empty()) return finish(Status::function_error, current_.error);
    if (!current_.finite)
      return finish(
          Status::non_finite_value,
          fmt::format("f(x0) = {} or a constraint (or a gradient) is not finite at x0", current_.f));
    me_ = current_.g.size();
    mi_ = current_.h.size();
    lambda_ = Vector::Zero(me_);
    mu_ = Vector::Zero(mi_);
    z_lower_ = Vector::Zero(n_);
    z_upper_ = Vector::Zero(n_);
    nu_ = Vector::Zero(me_ + mi_);
    B_ = Matrix::Identity(n_, n_);
    if (record(0, kNaN, kNaN)) return finish(Status::observer_stop, "the observer asked to stop at x0");

    for (long k = 1;; ++k) {
      if (auto limit = ctx_.limit(k, counts_))
        return finish(limit->status, fmt::format("{}; stationarity {:.3g}, violation {:.3g}", limit->message,
                                                 stationarity_, violation(current_)));
      ctx_.result().iterations = k;

      Step step = subproblem(current_.g, current_.h);
      if (step.status != QpStatus::solved && !b_is_identity_) {  // a poor B: start again from I
        reset_hessian();
        step = subproblem(current_.g, current_.h);
      }
      const double viol = violation(current_);
      if (step.status != QpStatus::solved || (step.elastic && step.delta >= 1.0 - 1e-6 &&
                                              inf_norm(step.d) <= 1e-10 * (1.0 + inf_norm(current_.x)))) {
        // No step reduces the linearized violation: restore feasibility, or prove infeasibility.
        if (auto done = restore(k)) return *done;
        continue;
      }

      // KKT at x_k with the QP's multipliers: ∇ₓL(x_k) = −B d, so a small step is a KKT point.
      const double stat = stationarity(current_, step.lambda, step.mu, step.z_lower, step.z_upper);
      const double compl_ = complementarity(current_, step.mu);
      if (!step.elastic && viol <= s_.feasibility_tolerance && stat <= stop_.g_abstol &&
          compl_ <= std::max(stop_.g_abstol, s_.feasibility_tolerance)) {
        adopt_multipliers(step);
        stationarity_ = stat;
        ctx_.result().iterations = k - 1;  // steps taken; iteration k only solved its QP
        return finish(Status::converged_kkt,
                      fmt::format("KKT stationarity {:.3g} <= {:.3g}, constraint violation {:.3g} <= {:.3g} "
                                  "({} SQP iterations)",
                                  stat, stop_.g_abstol, viol, s_.feasibility_tolerance, k - 1));
      }
      // SLSQP's test (Kraft 1988): the QP predicts a change of f and of the constraint terms below the
      // f tolerance at a feasible point.
      const double predicted = std::abs(current_.grad_f.dot(step.d)) + std::abs(step.lambda.dot(current_.g)) +
                               std::abs(step.mu.dot(current_.h));
      const double f_tolerance = stop_.f_abstol + stop_.f_reltol * std::abs(current_.f);
      if (!step.elastic && viol <= s_.feasibility_tolerance && f_tolerance > 0 && predicted <= f_tolerance) {
        adopt_multipliers(step);
        stationarity_ = stat;
        ctx_.result().iterations = k - 1;
        return finish(
            Status::converged_function,
            fmt::format("the QP predicts an f change {:.3g} <= {:.3g} at a feasible point (violation "
                        "{:.3g}); stationarity {:.3g}",
                        predicted, f_tolerance, viol, stat));
      }
      if (!step.elastic && viol <= s_.feasibility_tolerance &&
          inf_norm(step.d) <= 1e-15 * (1.0 + inf_norm(current_.x))) {
        adopt_multipliers(step);
        stationarity_ = stat;
        ctx_.result().iterations = k - 1;  // steps taken; iteration k only solved its QP
        return finish(
            Status::converged_step,
            fmt::format("the SQP step {:.3g} is at rounding level; stationarity {:.3g}, violation {:.3g}",
                        inf_norm(step.d), stat, viol));
      }

      // Powell's penalty update, then the ℓ1 merit line search.
      for (Index i = 0; i < me_ + mi_; ++i) {
        const double m = std::abs(i < me_ ? step.lambda[i] : step.mu[i - me_]);
        nu_[i] = k == 1 || restarted_ ? m : std::max(m, 0.5 * (nu_[i] + m));
      }
      restarted_ = false;
      const double phi0 = merit(current_);
      double slope = current_.grad_f.dot(step.d) - (1.0 - step.delta) * penalty(current_);
      if (!(slope < 0)) slope = -step.d.dot(B_ * step.d);  // elastic steps: ask for plain decrease

      // Near the solution the merit's decrease falls to rounding level (stationarity 1e-8 at f = 70
      // decreases f by ~1e-16 relative): a few ulps of slack keep the iteration going there.
      const double slack = 8.0 * std::numeric_limits<double>::epsilon() * std::abs(phi0);
      Point trial;
      double alpha = 1.0;
      Vector d = step.d;
      // A step of the identity B is often too long: its gradient waits until it is accepted.
      evaluate(box_project(current_.x + d), !b_is_identity_, trial);
      if (!trial.error.empty()) return finish(Status::function_error, trial.error);
      bool accepted = trial.finite && merit(trial) <= phi0 + s_.armijo * slope + slack;
      // Only where the constraints' curvature is the likely reason (the Maratos effect: the violation
      // grew), and not on a step of the identity B (too long a step, not a curvature problem).
      if (!accepted && s_.second_order_correction && trial.finite && !b_is_identity_ &&
          violation(trial) > viol) {
        // Second-order correction: the same QP with the constraint values at x + d.
        const Vector gc = trial.g - current_.jg * d, hc = trial.h - current_.jh * d;
        const Step soc = subproblem(gc, hc, false);
        if (soc.status == QpStatus::solved) {
          Point corrected;
          evaluate(box_project(current_.x + soc.d), true, corrected);
          if (!corrected.error.empty()) return finish(Status::function_error, corrected.error);
          if (corrected.finite && merit(corrected) <= phi0 + s_.armijo * slope + slack) {
            trial = std::move(corrected);
            d = soc.d;
            accepted = true;
          }
        }
      }
      double phi_alpha = trial.finite ? merit(trial) : kNaN;
      while (!accepted) {
        double next = 0.1 * alpha;
        if (std::isfinite(phi_alpha)) {
          const double curvature = phi_alpha - phi0 - slope * alpha;
          if (curvature > 0)
            next = std::clamp(-slope * alpha * alpha / (2.0 * curvature), 0.1 * alpha, 0.5 * alpha);
        }
        alpha = next;
        if (alpha < s_.min_step) break;
        if (stop_.max_evaluations && counts_.function >= *stop_.max_evaluations) break;
        evaluate(box_project(current_.x + alpha * step.d), false, trial);
        if (!trial.error.empty()) return finish(Status::function_error, trial.error);
        phi_alpha = trial.finite ? merit(trial) : kNaN;
        accepted = trial.finite && phi_alpha <= phi0 + s_.armijo * alpha * slope + slack;
      }
      if (!accepted) {
        if (!b_is_identity_) {
          reset_hessian();
          continue;
        }
        if (viol > s_.feasibility_tolerance) {
          if (auto done = restore(k)) return *done;
          continue;
        }
        stationarity_ = stat;
        return finish(Status::line_search_failed,
                      fmt::format("the merit line search found no decrease along the SQP step (step length < "
                                  "{:.3g}); stationarity {:.3g}, violation {:.3g}",
                                  s_.min_step, stat, viol));
      }
      if (trial.x == current_.x) {
        // The accepted point is the current one (the step vanished in rounding or in the projection
        // on the bounds): every further iteration would repeat this one exactly.
        adopt_multipliers(step);
        stationarity_ = stat;
        ctx_.result().iterations = k - 1;
        const std::string message = fmt::format(
            "the SQP step leaves x unchanged (‖d‖∞ = {:.3g} before rounding and the bounds); "
            "stationarity {:.3g}, violation {:.3g}",
            inf_norm(step.d), stat, viol);
        return finish(viol <= s_.feasibility_tolerance ? Status::converged_step : Status::line_search_failed,
                      message);
      }
      if (!trial.with_gradients) {
        evaluate(trial.x, true, trial);
        if (!trial.error.empty()) return finish(Status::function_error, trial.error);
        if (!trial.finite)
          return finish(Status::non_finite_value,
                        trial.error.empty() ? "a gradient is not finite at an accepted point" : trial.error);
      }

      // Damped BFGS on the Lagrangian with the new multipliers (Powell; N&W Procedure 18.2).
      const Vector sv = trial.x - current_.x;
      const Vector yv = lagrangian_gradient(trial, step.lambda, step.mu) -
                        lagrangian_gradient(current_, step.lambda, step.mu);
      update_hessian(sv, yv);
      current_ = std::move(trial);
      adopt_multipliers(step);
      stationarity_ = stationarity(current_, lambda_, mu_, z_lower_, z_upper_);
      if (auto diverged = ctx_.divergence(k, current_.f, inf_norm(current_.x))) return finish(*diverged);
      if (record(k, inf_norm(sv), alpha))
        return finish(Status::observer_stop, fmt::format("the observer asked to stop at iteration {}", k));
      // Stop's step and target tests judge feasible iterates only (an infeasible x is no answer).
      if (violation(current_) <= s_.feasibility_tolerance) {
        if (auto done = ctx_.step_test(inf_norm(sv), inf_norm(current_.x)))
          return finish(done->status, fmt::format("{} at a feasible point; stationarity {:.3g}",
                                                  done->message, stationarity_));
        if (auto done = ctx_.target_test(current_.f)) return finish(*done);
      }
    }
  }

 private:
  /// Evaluates f and every constraint at x (counted: one f, and one gradient with gradients). A
  /// user exception is caught and named in p.error; p.finite says whether everything is finite.
  void evaluate(const Vector& x, bool gradients, Point& p) {
    ++counts_.function;
    if (gradients) ++counts_.gradient;
    p.x = x;
    p.with_gradients = gradients;
    p.finite = false;
    p.error.clear();
    try {
      p.grad_f.resize(n_);
      p.f = objective_(x, gradients ? &p.grad_f : nullptr);
      if (gradients && p.grad_f.size() != n_)
        throw std::runtime_error(
            fmt::format("the gradient has {} entries, expected {}", p.grad_f.size(), n_));
      constrained_detail::evaluate_constraints(constraints_, true, x, n_, gradients, p.g, p.jg);
      constrained_detail::evaluate_constraints(constraints_, false, x, n_, gradients, p.h, p.jh);
    } catch (const std::exception& e) {
      p.error = e.what();
      return;
    } catch (...) {
      p.error = "the objective threw a non-standard exception";
      return;
    }
    p.finite = std::isfinite(p.f) && p.g.allFinite() && p.h.allFinite() &&
               (!gradients || (p.grad_f.allFinite() && p.jg.allFinite() && p.jh.allFinite()));
  }

  Vector box_project(const Vector& x) const { return x.cwiseMax(box_.lower).cwiseMin(box_.upper); }

  static double violation(const Point& p) {
    double v = inf_norm(p.g);
    for (Index j = 0; j < p.h.size(); ++j) v = std::max(v, p.h[j]);
    return std::max(v, 0.0);
  }
  /// Σ ν_i |g_i| + Σ ν_j max(0, h_j).
  double penalty(const Point& p) const {
    double s = 0.0;
    for (Index i = 0; i < me_; ++i) s += nu_[i] * std::abs(p.g[i]);
    for (Index j = 0; j < mi_; ++j) s += nu_[me_ + j] * std::max(0.0, p.h[j]);
    return s;
  }
  double merit(const Point& p) const { return p.f + penalty(p); }

  static Vector lagrangian_gradient(const Point& p, const Vector& lambda, const Vector& mu) {
    Vector grad = p.grad_f;
    if (p.g.size()) grad.noalias() += p.jg.transpose() * lambda;
    if (p.h.size()) grad.noalias() += p.jh.transpose() * mu;
    return grad;
  }
  static double stationarity(const Point& p, const Vector& lambda, const Vector& mu, const Vector& zl,
                             const Vector& zu) {
    return inf_norm(lagrangian_gradient(p, lambda, mu) - zl + zu);
  }
  static double complementarity(const Point& p, const Vector& mu) {
    double c = 0.0;
    for (Index j = 0; j < p.h.size(); ++j) c = std::max(c, std::abs(mu[j] * p.h[j]));
    return c;
  }

  void adopt_multipliers(const Step& step) {
    lambda_ = step.lambda;
    mu_ = step.mu;
    z_lower_ = step.z_lower;
    z_upper_ = step.z_upper;
  }

  void reset_hessian() {
    B_.setIdentity(n_, n_);
    b_is_identity_ = true;
    first_update_ = true;
  }

  void update_hessian(const Vector& s, const Vector& y) {
    const double ss = s.squaredNorm();
    if (!(ss > 0) || !y.allFinite()) return;
    if (first_update_) {
      const double sy = s.dot(y), yy = y.squaredNorm();
      if (sy > 0 && yy > 0) B_ = (yy / sy) * Matrix::Identity(n_, n_);
      first_update_ = false;
    }
    const Vector Bs = B_ * s;
    const double sBs = s.dot(Bs), sy = s.dot(y);
    if (!(sBs > 0)) return;
    const double theta = sy >= s_.hessian_damping * sBs ? 1.0 : (1.0 - s_.hessian_damping) * sBs / (sBs - sy);
    const Vector r = theta * y + (1.0 - theta) * Bs;
    const double sr = s.dot(r);
    if (!(sr > 0)) return;
    Matrix next = B_ - (Bs * Bs.transpose()) / sBs + (r * r.transpose()) / sr;
    next = 0.5 * (next + next.transpose());
    if (!next.allFinite()) return;
    B_ = std::move(next);
    b_is_identity_ = false;
  }

  /// The QP at current_ with constraint constants gc (for g) and hc (for h); elastic when the
  /// plain QP is infeasible and `allow_elastic`.
  Step subproblem(const Vector& gc, const Vector& hc, bool allow_elastic = true) const {
    Step st = solve_subproblem(gc, hc, false);
    if (st.status == QpStatus::infeasible && allow_elastic) st = solve_subproblem(gc, hc, true);
    return st;
  }

  Step solve_subproblem(const Vector& gc, const Vector& hc, bool elastic) const {
    const Index nv = n_ + (elastic ? 1 : 0);
    std::vector<Index> lower, upper;
    for (Index i = 0; i < n_; ++i) {
      if (std::isfinite(box_.lower[i])) lower.push_back(i);
      if (std::isfinite(box_.upper[i])) upper.push_back(i);
    }
    const auto nl = static_cast<Index>(lower.size()), nu = static_cast<Index>(upper.size());
    const Index rows_in = mi_ + nl + nu + (elastic ? 2 : 0);
    Matrix G = Matrix::Zero(nv, nv);
    G.topLeftCorner(n_, n_) = B_;
    Vector a = Vector::Zero(nv);
    a.head(n_) = current_.grad_f;
    Matrix Ce = Matrix::Zero(me_, nv), Ci = Matrix::Zero(rows_in, nv);
    Vector be = -gc, bi(rows_in);
    if (me_) Ce.leftCols(n_) = current_.jg;
    if (mi_) Ci.topLeftCorner(mi_, n_) = -current_.jh;
    bi.head(mi_) = hc;
    for (Index k = 0; k < nl; ++k) {
      const Index i = lower[static_cast<std::size_t>(k)];
      Ci(mi_ + k, i) = 1.0;
      bi[mi_ + k] = box_.lower[i] - current_.x[i];
    }
    for (Index k = 0; k < nu; ++k) {
      const Index i = upper[static_cast<std::size_t>(k)];
      Ci(mi_ + nl + k, i) = -1.0;
      bi[mi_ + nl + k] = current_.x[i] - box_.upper[i];
    }
    if (elastic) {
      // (1 − δ)·c: Jg d − g δ = −g; −Jh d + h δ ≥ h for the violated h; 0 ≤ δ ≤ 1.
      G(n_, n_) = s_.elastic_weight;
      if (me_) Ce.col(n_) = -gc;
      for (Index j = 0; j < mi_; ++j)
        if (hc[j] > 0) Ci(j, n_) = hc[j];
      Ci(rows_in - 2, n_) = 1.0;
      bi[rows_in - 2] = 0.0;
      Ci(rows_in - 1, n_) = -1.0;
      bi[rows_in - 1] = -1.0;
    }
    const QpSolution qp = solve_qp(G, a, Ce, be, Ci, bi);
    Step st;
    st.status = qp.status;
    st.elastic = elastic;
    if (qp.status != QpStatus::solved) return st;
    st.d = qp.x.head(n_);
    st.delta = elastic ? std::clamp(qp.x[n_], 0.0, 1.0) : 0.0;
    st.lambda = -qp.equality_multipliers;
    st.mu = qp.inequality_multipliers.head(mi_);
    st.z_lower = Vector::Zero(n_);
    st.z_upper = Vector::Zero(n_);
    for (Index k = 0; k < nl; ++k)
      st.z_lower[lower[static_cast<std::size_t>(k)]] = qp.inequality_multipliers[mi_ + k];
    for (Index k = 0; k < nu; ++k)
      st.z_upper[upper[static_cast<std::size_t>(k)]] = qp.inequality_multipliers[mi_ + nl + k];
    return st;
  }

  /// Feasibility restoration: minimizes ½‖g‖² + ½‖h⁺‖² over the box from the current point. Returns
  /// the final Result when the run must end (infeasible, or out of restorations), nothing to go on.
  std::optional<Result> restore(long k) {
    const double v_before = violation(current_);
    if (restorations_ >= s_.max_restorations)
      return finish(v_before > s_.infeasibility_threshold ? Status::infeasible : Status::line_search_failed,
                    fmt::format("no progress after {} feasibility restorations; violation {:.3g}",
                                restorations_, v_before));
    ++restorations_;
    Objective phi(
        [this](const Vector& x, Vector* grad) {
          Point p;
          evaluate(x, grad != nullptr, p);
          if (!p.error.empty()) throw std::runtime_error(p.error);
          return constrained_detail::squared_violation(p.g, p.h, p.jg, p.jh, n_, grad);
        },
        n_);
    Stop inner;
    inner.g_abstol = 1e-14;
    inner.f_reltol = 1e-15;
    inner.max_iterations = 2000;
    if (ctx_.stop().max_evaluations)
      inner.max_evaluations = std::max<long>(1, *ctx_.stop().max_evaluations - counts_.function);
    auto method = make_bound_constrained_method(Lbfgsb{}, constraints_.bounds.expanded(n_));
    const Result r = run_iterations(phi, current_.x, *method, inner);
    if (r.status == Status::function_error) return finish(r.status, r.message);
    Point p;
    if (r.x.size() == n_ && r.x.allFinite()) evaluate(r.x, true, p);
    const double v = p.finite ? violation(p) : kInf;
    if (p.finite && v < v_before) current_ = std::move(p);
    const double least = std::min(v, v_before);
    if (least > s_.infeasibility_threshold) {
      stationarity_ = kNaN;
      return finish(Status::infeasible,
                    fmt::format("no feasible point found: the least constraint violation found is {:.6g} "
                                "(threshold {:.3g}) after {} SQP iterations",
                                least, s_.infeasibility_threshold, k));
    }
    if (!(v < v_before)) {
      return finish(Status::line_search_failed,
                    fmt::format("the SQP step makes no progress and the restoration did not reduce the "
                                "violation {:.3g}",
                                v_before));
    }
    reset_hessian();
    restarted_ = true;
    return std::nullopt;
  }

  bool record(long k, double step_norm, double step_size) {
    return ctx_.record(k, current_.x, current_.f, stationarity_, step_norm, step_size, counts_);
  }

  Result finish(const Stopping& stopping) { return finish(stopping.status, stopping.message); }
  Result finish(Status status, std::string message) {
    Result& result = ctx_.result();
    result.x = current_.x;
    result.f = current_.f;
    if (current_.with_gradients && current_.grad_f.size() == n_) {
      result.gradient = current_.grad_f;
      result.gradient_norm = inf_norm(current_.grad_f);
    }
    if (status != Status::function_error && status != Status::non_finite_value && current_.x.size() == n_ &&
        current_.x.allFinite()) {
      try {
        Multipliers m;
        if (status != Status::infeasible && lambda_.size() == me_ && mu_.size() == mi_ &&
            me_ + mi_ + n_ > 0 && result.iterations > 0) {
          m.equality = lambda_;
          m.inequality = mu_;
          if (!constraints_.bounds.empty()) {
            m.lower = z_lower_;
            m.upper = z_upper_;
          }
        }
        KktOptions options;
        options.feasibility_tolerance = s_.feasibility_tolerance;
        if (current_.with_gradients && current_.finite) {
          // The report at the current point from its stored evaluation (no new calls to the user).
          const Point& p = current_;
          auto cached = [&p](const Objective& f, double value, const Vector& grad) {
            return Objective([&f, &p, value, grad](const Vector& x, Vector* g) {
              if (x.size() != p.x.size() || x != p.x) return f(x, g);
              if (g) *g = grad;
              return value;
            });
          };
          Constraints c = constraints_;
          for (Index i = 0; i < me_; ++i)
            c.equalities[static_cast<std::size_t>(i)] =
                cached(constraints_.equalities[static_cast<std::size_t>(i)], p.g[i], p.jg.row(i).transpose());
          for (Index j = 0; j < mi_; ++j)
            c.inequalities[static_cast<std::size_t>(j)] = cached(
                constraints_.inequalities[static_cast<std::size_t>(j)], p.h[j], p.jh.row(j).transpose());
          result.kkt = kkt_report(cached(objective_, p.f, p.grad_f), c, p.x, m, options);
        } else {
          result.kkt = kkt_report(objective_, constraints_, current_.x, m, options);
        }
      } catch (const std::exception&) {
        result.kkt.reset();
      }
    }
    return ctx_.finish(status, std::move(message), counts_);
  }

  const Objective& objective_;
  const Constraints& constraints_;
  const Sqp& s_;
  const Stop& stop_;
  Index n_;
  Bounds box_;
  RunContext ctx_;
  Index me_ = 0, mi_ = 0;
  Point current_;
  Matrix B_;
  bool b_is_identity_ = true, first_update_ = true, restarted_ = false;
  Vector lambda_, mu_, z_lower_, z_upper_, nu_;
  double stationarity_ = kNaN;
  int restorations_ = 0;
  EvaluationCounts counts_;
};

}  // namespace

Result minimize_sqp(const Objective& objective, Vector x0, const Constraints& constraints, const Sqp& method,
                    const Stop& stop, const Observer& observer) {
  method.validate();
  stop.validate();
  const Index n = x0.size();
  if (auto invalid = check_start_point(objective, x0, "sqp")) return std::move(*invalid);
  constraints.bounds.validate(n);
  if (!constraints.bounds.empty()) x0 = constraints.bounds.project(x0);
  Run run(objective, constraints, method, stop, observer, n);
  return run.execute(x0);
}

}  // namespace minima
