// The augmented Lagrangian outer loop (see the header). One evaluation of L_ρ evaluates f and every
// constraint; the latest one is cached so that the outer step reuses the inner method's final
// evaluation instead of evaluating again.
#include "minima/constrained/augmented_lagrangian.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <variant>

#include <fmt/format.h>

#include "constraint_evaluation.hpp"
#include "minima/constrained/kkt.hpp"
#include "minima/core/driver.hpp"
#include "minima/core/error.hpp"

namespace minima {

void AugmentedLagrangian::validate() const {
  auto require = [](bool ok, const char* field, double value, const char* rule) {
    if (!ok)
      throw InvalidArgument(fmt::format("AugmentedLagrangian::{} = {}: must be {}", field, value, rule));
  };
  minima::validate(inner);
  bound_inner.validate();
  if (initial_penalty)
    require(*initial_penalty > 0 && std::isfinite(*initial_penalty), "initial_penalty", *initial_penalty,
            "finite and > 0");
  require(penalty_growth > 1 && std::isfinite(penalty_growth), "penalty_growth", penalty_growth, "> 1");
  require(required_decrease > 0 && required_decrease < 1, "required_decrease", required_decrease,
          "in (0, 1)");
  require(max_penalty > 0, "max_penalty", max_penalty, "> 0");
  require(feasibility_tolerance > 0, "feasibility_tolerance", feasibility_tolerance, "> 0");
  require(infeasibility_threshold >= feasibility_tolerance, "infeasibility_threshold",
          infeasibility_threshold, ">= feasibility_tolerance");
  require(initial_inner_tolerance > 0, "initial_inner_tolerance", initial_inner_tolerance, "> 0");
  require(inner_tolerance_decrease > 0 && inner_tolerance_decrease <= 1, "inner_tolerance_decrease",
          inner_tolerance_decrease, "in (0, 1]");
  require(inner_max_iterations >= 1, "inner_max_iterations", static_cast<double>(inner_max_iterations),
          ">= 1");
  require(multiplier_limit > 0, "multiplier_limit", multiplier_limit, "> 0");
  require(polish_iterations >= 0, "polish_iterations", polish_iterations, ">= 0");
  require(polish_threshold > 0, "polish_threshold", polish_threshold, "> 0");
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using constrained_detail::inf_norm;

using Point = constrained_detail::ConstrainedPoint;

class ConstrainedProblem {
 public:
  ConstrainedProblem(const Objective& f, const Constraints& c, Index n) : f_(f), c_(c), n_(n) {}

  /// Evaluates into p. A constraint that throws is rethrown with its name (the inner method's
  /// CountedObjective turns that into Status::function_error with this message).
  void evaluate(const Vector& x, bool gradients, Point& p) const {
    p.x = x;
    p.with_gradients = gradients;
    p.grad_f.resize(gradients ? n_ : 0);
    p.f = f_(x, gradients ? &p.grad_f : nullptr);
    if (gradients && p.grad_f.size() != n_)
      throw std::runtime_error(fmt::format("the gradient has {} entries, expected {}", p.grad_f.size(), n_));
    constrained_detail::evaluate_constraints(c_, true, x, n_, gradients, p.g, p.jg);
    constrained_detail::evaluate_constraints(c_, false, x, n_, gradients, p.h, p.jh);
    if (!gradients) {  // no stale Jacobians from an earlier evaluation
      p.jg.resize(0, n_);
      p.jh.resize(0, n_);
    }
  }

 private:
  const Objective& f_;
  const Constraints& c_;
  Index n_;
};

double violation(const Point& p) {
  double v = inf_norm(p.g);
  for (Index j = 0; j < p.h.size(); ++j) v = std::max(v, p.h[j]);
  if (!p.g.allFinite() || !p.h.allFinite()) return kNaN;
  return std::max(v, 0.0);
}

/// The iteration limit of the least-violation run behind an infeasibility verdict (at least).
constexpr long kPhaseOneIterations = 1000;

class Run {
 public:
  Run(const Objective& objective, const Constraints& constraints, const AugmentedLagrangian& settings,
      const Stop& stop, const Observer& observer, Index n)
      : objective_(objective),
        constraints_(constraints),
        problem_(objective, constraints, n),
        s_(settings),
        stop_(stop),
        n_(n),
        // Without derivatives there is no stationarity for Stop::g_abstol to judge.
        ctx_("augmented-lagrangian", stop, observer,
             is_derivative_free(settings.inner) ? kAllStopFields & ~static_cast<unsigned>(StopField::g_abstol)
                                                : kAllStopFields,
             is_derivative_free(settings.inner) ? "the derivative-free augmented Lagrangian"
                                                : "augmented-lagrangian"),
        derivative_free_(is_derivative_free(settings.inner)) {
    box_ = constraints.bounds.expanded(n);
  }

  Result execute(Vector x0) {
    Point p0;
    try {
      problem_.evaluate(x0, !derivative_free_, p0);
    } catch (const std::exception& e) {
      ctx_.result().x = x0;
      return finish(Status::function_error, e.what());
    }
    count_evaluation();
    if (!std::isfinite(p0.f) || !p0.grad_f.allFinite()) {
      ctx_.result().x = x0;
      return finish(Status::non_finite_value, fmt::format("f(x0) = {}{} is not finite", p0.f,
                                                          derivative_free_ ? "" : " (or its gradient)"));
    }
    for (Index i = 0; i < p0.g.size(); ++i)
      if (!std::isfinite(p0.g[i]) || (p0.jg.rows() > 0 && !p0.jg.row(i).allFinite())) {
        ctx_.result().x = x0;
        return finish(
            Status::non_finite_value,
            fmt::format("constraint {} is not finite at x0 (value {})",
                        constrained_detail::constraint_name(constraints_, true, static_cast<std::size_t>(i)),
                        p0.g[i]));
      }
    for (Index j = 0; j < p0.h.size(); ++j)
      if (!std::isfinite(p0.h[j]) || (p0.jh.rows() > 0 && !p0.jh.row(j).allFinite())) {
        ctx_.result().x = x0;
        return finish(
            Status::non_finite_value,
            fmt::format("constraint {} is not finite at x0 (value {})",
                        constrained_detail::constraint_name(constraints_, false, static_cast<std::size_t>(j)),
                        p0.h[j]));
      }
    const Index me = p0.g.size(), mi = p0.h.size();
    lambda_ = Vector::Zero(me);
    mu_ = Vector::Zero(mi);
    if (s_.initial_penalty) {
      rho_ = *s_.initial_penalty;
    } else if (derivative_free_) {
      rho_ = kDerivativeFreeInitialPenalty;
    } else {
      const double c2 = 0.5 * (p0.g.squaredNorm() + p0.h.cwiseMax(0.0).squaredNorm());
      rho_ = std::clamp(10.0 * std::max(1.0, std::abs(p0.f)) / std::max(1.0, c2), 1e-8, 1e8);
    }
    current_ = p0;
    stationarity_ = lagrangian_stationarity(current_);
    if (record(0, kNaN)) return finish(Status::observer_stop, "the observer asked to stop at x0");

    const bool general = constraints_.has_general();
    accuracy_ = final_inner_accuracy();
    double eps = derivative_free_ ? (general ? std::max(accuracy_, s_.initial_inner_tolerance) : accuracy_)
                 : general        ? std::max(stop_.g_abstol, s_.initial_inner_tolerance)
                                  : stop_.g_abstol;
    double v_previous = std::numeric_limits<double>::infinity();
    for (long k = 1;; ++k) {
      if (auto limit = ctx_.limit(k, counts_)) {
        // Out of outer iterations with the constraints violated: is the problem infeasible?
        if (limit->status == Status::max_iterations && violation(current_) > s_.feasibility_tolerance)
          return infeasibility_check(k - 1);
        return finish(limit->status,
                      fmt::format("{} (outer iterations); stationarity {:.3g}, violation {:.3g}",
                                  limit->message, stationarity_, violation(current_)));
      }

      const Vector x_previous = current_.x;
      const double f_previous = current_.f;
      const Vector mu_old = mu_;
      Result inner = solve_inner(eps);
      const double step = (inner.x.size() == n_) ? (inner.x - x_previous).lpNorm<Eigen::Infinity>() : kNaN;
      ctx_.result().iterations = k;
      inner_iterations_ += inner.iterations;
      if (inner.status == Status::function_error || inner.status == Status::invalid_input ||
          inner.status == Status::diverged || inner.status == Status::observer_stop) {
        adopt(inner.x);
        return finish(inner.status, fmt::format("inner {} run {}: {}", inner.method, k, inner.message));
      }
      if (inner.status == Status::non_finite_value && !inner.x.allFinite())
        return finish(inner.status, fmt::format("inner run {}: {}", k, inner.message));
      adopt(inner.x);
      if (!std::isfinite(current_.f) || !current_.g.allFinite() || !current_.h.allFinite())
        return finish(Status::non_finite_value,
                      fmt::format("f or a constraint is not finite at the point of outer iteration {}", k));

      // Multiplier update (first-order), clipped (safeguard).
      const double lim = s_.multiplier_limit;
      lambda_ = (lambda_ + rho_ * current_.g).cwiseMax(-lim).cwiseMin(lim);
      mu_ = (mu_ + rho_ * current_.h).cwiseMax(0.0).cwiseMin(lim);
      double v = inf_norm(current_.g);
      for (Index j = 0; j < mi; ++j) v = std::max(v, std::abs(std::max(current_.h[j], -mu_old[j] / rho_)));
      const double feasibility = violation(current_);
      stationarity_ = lagrangian_stationarity(current_);

      bool polished = false;
      if (s_.polish_iterations > 0 && general && !derivative_free_ &&
          !(v <= s_.feasibility_tolerance && stationarity_ <= stop_.g_abstol) &&
          std::max(v, stationarity_) <= s_.polish_threshold) {
        polished = polish();
        if (polished) v = kkt_violation(current_, mu_);
      }
      if (record(k, (current_.x - x_previous).lpNorm<Eigen::Infinity>()))
        return finish(Status::observer_stop,
                      fmt::format("the observer asked to stop at outer iteration {}", k));
      if (derivative_free_) {
        // Without derivatives there is no stationarity to measure: converged when the constraints
        // hold and the inner run, at its final accuracy, ended converged within that accuracy of
        // where it started (the multipliers no longer move the minimizer of L_ρ).
        const bool final_accuracy = eps <= accuracy_;
        if (v <= s_.feasibility_tolerance && final_accuracy && is_converged(inner.status) &&
            step <= 10 * accuracy_)
          return finish(
              Status::converged_step,
              fmt::format("constraint violation and complementarity {:.3g} <= {:.3g}, inner {} "
                          "converged to accuracy {:.3g} with an outer step of {:.3g} ({} outer, "
                          "{} inner iterations; derivative-free: stationarity not measured)",
                          v, s_.feasibility_tolerance, inner.method, accuracy_, step, k, inner_iterations_));
        if (!general) return finish(inner.status, inner.message);
        // Stalled at the final accuracy with the constraints still violated: the minimizer of L_ρ
        // moves less than the inner accuracy resolves (at a large ρ, by about V/ρ‖∇c‖). Refine the
        // accuracy, down to 10⁻⁴ of the setting, rather than raising ρ forever.
        if (final_accuracy && v > s_.feasibility_tolerance && step <= 10 * accuracy_ &&
            accuracy_ > 1e-4 * final_inner_accuracy())
          accuracy_ *= 0.1;
        last_outer_step_ = step;
      } else if (v <= s_.feasibility_tolerance && stationarity_ <= stop_.g_abstol)
        return finish(
            Status::converged_kkt,
            fmt::format("KKT stationarity {:.3g} <= {:.3g}, constraint violation and complementarity "
                        "{:.3g} <= {:.3g} ({} outer, {} inner iterations{})",
                        stationarity_, stop_.g_abstol, v, s_.feasibility_tolerance, k, inner_iterations_,
                        polished ? ", KKT Newton polish" : ""));
      if (!general && !derivative_free_ && stationarity_ > stop_.g_abstol &&
          inner.status != Status::converged_gradient && inner.status != Status::max_iterations)
        return finish(inner.status, inner.message);  // nothing to update: the inner run's verdict stands

      if (v > s_.required_decrease * v_previous) rho_ *= s_.penalty_growth;
      v_previous = v;
      eps = std::max(derivative_free_ ? accuracy_ : stop_.g_abstol, eps * s_.inner_tolerance_decrease);
      if (rho_ > s_.max_penalty && feasibility > s_.feasibility_tolerance) return infeasibility_check(k);
      if (auto diverged = ctx_.divergence(k, current_.f, inf_norm(current_.x))) return finish(*diverged);
      // Stop's step, function-change and target tests judge the outer iterates, feasible ones only.
      if (feasibility <= s_.feasibility_tolerance) {
        auto done = ctx_.step_test(step, inf_norm(current_.x));
        if (!done) done = ctx_.function_test(std::abs(current_.f - f_previous), current_.f);
        if (done)
          return finish(done->status, fmt::format("{} between outer iterations at a feasible point; "
                                                  "stationarity {:.3g}",
                                                  done->message, stationarity_));
        if (auto target = ctx_.target_test(current_.f)) return finish(*target);
      }
    }
  }

 private:
  static Vector lagrangian_gradient(const Point& p, const Vector& lambda, const Vector& mu) {
    Vector grad = p.grad_f;
    if (p.g.size()) grad += p.jg.transpose() * lambda;
    if (p.h.size()) grad += p.jh.transpose() * mu;
    return grad;
  }
  /// ‖P(x − ∇ₓL) − x‖∞ with the given multipliers (‖∇ₓL‖∞ without bounds).
  double lagrangian_stationarity(const Point& p, const Vector& lambda, const Vector& mu) const {
    const Vector grad = lagrangian_gradient(p, lambda, mu);
    if (constraints_.bounds.empty()) return inf_norm(grad);
    return (constraints_.bounds.project(p.x - grad) - p.x).lpNorm<Eigen::Infinity>();
  }
  double lagrangian_stationarity(const Point& p) const {
    return derivative_free_ ? kNaN : lagrangian_stationarity(p, lambda_, mu_);
  }

  void count_evaluation() {
    ++counts_.function;
    if (!derivative_free_) ++counts_.gradient;
  }

  /// The accuracy of the last derivative-free inner run: the inner method's own (BOBYQA's rho_end,
  /// Nelder–Mead's x_abstol).
  double final_inner_accuracy() const {
    if (const auto* b = std::get_if<Bobyqa>(&s_.inner)) return b->rho_end;
    if (const auto* nm = std::get_if<NelderMead>(&s_.inner)) return nm->x_abstol;
    return stop_.g_abstol;
  }

  /// The derivative-free inner method at accuracy eps: BOBYQA's final trust radius (its first one
  /// ten times the last outer step, so a warm start does not wander off again), Nelder–Mead's
  /// x tolerance with a simplex of that size.
  Method derivative_free_inner(double eps) const {
    Method m = s_.inner;
    if (auto* b = std::get_if<Bobyqa>(&m)) {
      b->rho_end = eps;
      if (std::isfinite(last_outer_step_)) {
        const double start = std::max(10 * eps, 10 * last_outer_step_);
        b->rho_begin = b->rho_begin ? std::min(*b->rho_begin, start) : start;
      }
      // A small rho_begin of the user's must not fall below this run's rho_end (BOBYQA refuses it).
      if (b->rho_begin && *b->rho_begin < eps) b->rho_begin = eps;
    } else if (auto* nm = std::get_if<NelderMead>(&m)) {
      nm->x_abstol = eps;
    }
    return m;
  }

  /// Feasibility and complementarity at p for multipliers mu: max(|g|, |h_j| where μ_j > 0, h_j⁺).
  static double kkt_violation(const Point& p, const Vector& mu) {
    double v = inf_norm(p.g);
    for (Index j = 0; j < p.h.size(); ++j)
      v = std::max(v, mu[j] > 0 ? std::abs(p.h[j]) : std::max(p.h[j], 0.0));
    return v;
  }

  bool evaluate_counted(const Vector& x, Point& p) {
    ++counts_.function;
    ++counts_.gradient;
    try {
      problem_.evaluate(x, true, p);
    } catch (const std::exception&) {
      return false;
    }
    return std::isfinite(p.f) && p.grad_f.allFinite() && p.g.allFinite() && p.h.allFinite() &&
           p.jg.allFinite() && p.jh.allFinite();
  }

  /// Final multiplier-based polishing: Newton's method on the KKT conditions of the constraints
  /// active at the AL point (equalities, inequalities with μ > 0; variables held at a bound are
  /// fixed), with the Hessian of the Lagrangian by forward differences of its gradient (N&W §18.1,
  /// eq. 18.9). Converges quadratically from the AL's neighbourhood; adopted only if it reaches the
  /// tolerances with multipliers of the right sign, otherwise the AL point stands.
  bool polish() {
    const Vector grad_l = lagrangian_gradient(current_, lambda_, mu_);
    std::vector<Index> free, active;
    for (Index i = 0; i < n_; ++i) {
      const bool held = (current_.x[i] <= box_.lower[i] && grad_l[i] > 0) ||
                        (current_.x[i] >= box_.upper[i] && grad_l[i] < 0);
      if (!held) free.push_back(i);
    }
    for (Index j = 0; j < mu_.size(); ++j)
      if (mu_[j] > 0) active.push_back(j);
    const auto nf = static_cast<Index>(free.size());
    const Index me = current_.g.size(), ma = static_cast<Index>(active.size());
    if (nf == 0 || me + ma > nf) return false;
    Point trial = current_, probe;
    Vector lambda = lambda_, mu = mu_;
    double measure = std::max(lagrangian_stationarity(trial, lambda, mu), kkt_violation(trial, mu));
    for (int it = 0; it < s_.polish_iterations; ++it) {
      const Vector gl = lagrangian_gradient(trial, lambda, mu);
      Matrix hess(nf, nf);
      for (Index c = 0; c < nf; ++c) {
        const Index i = free[static_cast<std::size_t>(c)];
        double h = 1.4901161193847656e-08 * std::max(1.0, std::abs(trial.x[i]));
        if (trial.x[i] + h > box_.upper[i]) h = -h;
        Vector xp = trial.x;
        xp[i] += h;
        if (!evaluate_counted(xp, probe)) return false;
        const Vector gp = lagrangian_gradient(probe, lambda, mu);
        for (Index r = 0; r < nf; ++r)
          hess(r, c) = (gp[free[static_cast<std::size_t>(r)]] - gl[free[static_cast<std::size_t>(r)]]) / h;
      }
      const Index dim = nf + me + ma;
      Matrix kkt = Matrix::Zero(dim, dim);
      Vector rhs(dim);
      kkt.topLeftCorner(nf, nf) = 0.5 * (hess + hess.transpose());
      for (Index r = 0; r < nf; ++r) {
        const Index i = free[static_cast<std::size_t>(r)];
        rhs[r] = -trial.grad_f[i];
        for (Index e = 0; e < me; ++e) kkt(r, nf + e) = kkt(nf + e, r) = trial.jg(e, i);
        for (Index a = 0; a < ma; ++a)
          kkt(r, nf + me + a) = kkt(nf + me + a, r) = trial.jh(active[static_cast<std::size_t>(a)], i);
      }
      for (Index e = 0; e < me; ++e) rhs[nf + e] = -trial.g[e];
      for (Index a = 0; a < ma; ++a) rhs[nf + me + a] = -trial.h[active[static_cast<std::size_t>(a)]];
      const Eigen::FullPivLU<Matrix> lu(kkt);
      if (!lu.isInvertible()) return false;
      const Vector sol = lu.solve(rhs);
      if (!sol.allFinite()) return false;
      Vector x_new = trial.x;
      for (Index r = 0; r < nf; ++r) x_new[free[static_cast<std::size_t>(r)]] += sol[r];
      if (!constraints_.bounds.contains(x_new)) return false;  // the active set changed: leave it to the AL
      lambda = sol.segment(nf, me);
      mu.setZero();
      for (Index a = 0; a < ma; ++a) mu[active[static_cast<std::size_t>(a)]] = sol[nf + me + a];
      if ((mu.array() < 0).any()) return false;
      if (!evaluate_counted(x_new, trial)) return false;
      const double stat = lagrangian_stationarity(trial, lambda, mu);
      const double viol = kkt_violation(trial, mu);
      if (stat <= stop_.g_abstol && viol <= s_.feasibility_tolerance) {
        current_ = trial;
        lambda_ = lambda;
        mu_ = mu;
        stationarity_ = stat;
        return true;
      }
      const double next = std::max(stat, viol);
      if (!(next < 0.1 * measure)) return false;  // not converging fast: not in Newton's region
      measure = next;
    }
    return false;
  }

  /// Makes x the current point, reusing the cached evaluation when it is at x.
  void adopt(const Vector& x) {
    if ((cache_.with_gradients || derivative_free_) && cache_.x.size() == x.size() && cache_.x == x) {
      current_ = cache_;
      return;
    }
    try {
      problem_.evaluate(x, !derivative_free_, current_);
      count_evaluation();
    } catch (const std::exception&) {
      current_.x = x;
      current_.f = kNaN;
    }
  }

  Result run_inner(const Objective& inner_objective, const Vector& x, double tolerance, bool phase_one) {
    // The inner runs have their own tolerance and iteration limit; the user's Stop judges the outer
    // iterates, and its budgets (evaluations, time) are what is left of them.
    Stop inner_stop;
    if (!derivative_free_) inner_stop.g_abstol = tolerance;  // else the accuracy in x of the inner method
    inner_stop.max_iterations = s_.inner_max_iterations;
    inner_stop.divergence_limit = stop_.divergence_limit;
    if (stop_.max_evaluations)
      inner_stop.max_evaluations = std::max<long>(1, *stop_.max_evaluations - counts_.function);
    if (stop_.time_limit) inner_stop.time_limit = std::max(1e-3, *stop_.time_limit - ctx_.seconds());
    if (phase_one) {
      // The infeasibility verdict: never cut short by a small inner limit (a feasible problem would
      // then be called infeasible).
      inner_stop.max_iterations = std::max(s_.inner_max_iterations, kPhaseOneIterations);
      inner_stop.f_abstol = 0.0;
      inner_stop.f_reltol = 1e-15;
    }
    Result r;
    if (derivative_free_) {
      // BOBYQA and Nelder–Mead take the bounds themselves; tolerance is the accuracy in x here.
      const Method method = derivative_free_inner(phase_one ? accuracy_ : tolerance);
      auto impl = std::visit(
          [&](const auto& m) -> std::unique_ptr<IterativeMethod> {
            using M = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<M, Bobyqa> || std::is_same_v<M, NelderMead>)
              return make_iterative_method(m, constraints_.bounds);
            return nullptr;  // not reached: derivative_free_ says the inner method is one of the two
          },
          method);
      r = run_iterations(inner_objective, x, *impl, inner_stop);
    } else if (!constraints_.bounds.empty()) {
      auto method = make_bound_constrained_method(s_.bound_inner, constraints_.bounds);
      r = run_iterations(inner_objective, x, *method, inner_stop);
    } else {
      r = minimize(inner_objective, x, phase_one ? Method(Lbfgs{}) : s_.inner, inner_stop);
    }
    counts_.function += r.evaluations.function;
    counts_.gradient += r.evaluations.gradient;
    counts_.hessian += r.evaluations.hessian;
    return r;
  }

  Result solve_inner(double tolerance) {
    const Vector lambda = lambda_, mu = mu_;
    const double rho = rho_;
    Objective al(
        [this, lambda, mu, rho](const Vector& x, Vector* grad) {
          Point& p = cache_;
          problem_.evaluate(x, grad != nullptr, p);
          // The penalty terms in the cancellation-free form (Birgin & Martínez 2014, eq. 4.2):
          //   λg + ρg²/2 for an equality; μh + ρh²/2 if μ + ρh > 0, else −μ²/(2ρ) for an inequality.
          // (Expanding ‖λ + ρg‖² − ‖λ‖² instead loses all digits of ρg² next to a large λ.)
          double penalty = lambda.dot(p.g) + 0.5 * rho * p.g.squaredNorm();
          Vector weights_h(p.h.size());
          for (Index j = 0; j < p.h.size(); ++j) {
            const double t = mu[j] + rho * p.h[j];
            if (t > 0) {
              penalty += mu[j] * p.h[j] + 0.5 * rho * p.h[j] * p.h[j];
              weights_h[j] = t;
            } else {
              penalty -= 0.5 * mu[j] * mu[j] / rho;
              weights_h[j] = 0.0;
            }
          }
          if (grad) {
            *grad = p.grad_f;
            if (p.g.size()) grad->noalias() += p.jg.transpose() * (lambda + rho * p.g);
            if (p.h.size()) grad->noalias() += p.jh.transpose() * weights_h;
          }
          return p.f + penalty;
        },
        n_);
    return run_inner(al, current_.x, tolerance, false);
  }

  /// Minimizes the violation from the current point; infeasible if it stays above the threshold.
  Result infeasibility_check(long k) {
    Objective phi(
        [this](const Vector& x, Vector* grad) {
          Point& p = cache_;
          problem_.evaluate(x, grad != nullptr, p);
          return constrained_detail::squared_violation(p.g, p.h, p.jg, p.jh, n_, grad);
        },
        n_);
    const Vector x_before = current_.x;
    const double v_before = violation(current_);
    const Result r = run_inner(phi, current_.x, 1e-14, true);
    if (r.status == Status::function_error) return finish(r.status, r.message);
    adopt(r.x);
    double v = violation(current_);
    if (!(v <= v_before)) {  // keep the better of the two points
      adopt(x_before);
      v = violation(current_);
    }
    stationarity_ = lagrangian_stationarity(current_);
    if (v > s_.infeasibility_threshold)
      return finish(Status::infeasible,
                    fmt::format("no feasible point found: the least constraint violation found is {:.6g} "
                                "(threshold {:.3g}) after {} outer iterations, penalty {:.3g}",
                                v, s_.infeasibility_threshold, k, rho_));
    return finish(
        Status::max_iterations,
        fmt::format("the constraints are satisfiable (violation {:.3g}) but the augmented Lagrangian "
                    "did not converge in {} outer iterations (penalty {:.3g})",
                    v, k, rho_));
  }

  bool record(long k, double step_norm) {
    return ctx_.record(k, current_.x, current_.f, stationarity_, step_norm, rho_, counts_);
  }

  Result finish(const Stopping& stopping) { return finish(stopping.status, stopping.message); }
  Result finish(Status status, std::string message) {
    Result& result = ctx_.result();
    if (current_.x.size()) {
      result.x = current_.x;
      result.f = current_.f;
      result.gradient = current_.grad_f;
      result.gradient_norm = current_.grad_f.size() ? inf_norm(current_.grad_f) : kNaN;
      // The KKT report needs ∇f and the constraints' Jacobians, which a derivative-free run never asked for.
      if (status != Status::function_error && !derivative_free_ && lambda_.size() == current_.g.size() &&
          mu_.size() == current_.h.size()) {
        try {
          // At an infeasible point the AL multipliers have grown with the penalty and mean nothing:
          // report least-squares estimates there instead.
          Multipliers m;
          if (status != Status::infeasible) {
            m.equality = lambda_;
            m.inequality = mu_;
          }
          KktOptions options;
          options.feasibility_tolerance = s_.feasibility_tolerance;
          result.kkt = kkt_report(objective_, constraints_, current_.x, m, options);
        } catch (const std::exception&) {
          result.kkt.reset();
        }
      }
    }
    return ctx_.finish(status, std::move(message), counts_);
  }

  const Objective& objective_;
  const Constraints& constraints_;
  ConstrainedProblem problem_;
  const AugmentedLagrangian& s_;
  const Stop& stop_;
  Index n_;
  RunContext ctx_;
  Bounds box_;
  Point current_, cache_;
  Vector lambda_, mu_;
  double rho_ = 1.0;
  double stationarity_ = kNaN;
  long inner_iterations_ = 0;
  const bool derivative_free_;
  double last_outer_step_ = kNaN;
  double accuracy_ = kNaN;  ///< derivative-free: the inner accuracy of the last outer iterations
  EvaluationCounts counts_;
};

}  // namespace

Result minimize_augmented_lagrangian(const Objective& objective, Vector x0, const Constraints& constraints,
                                     const AugmentedLagrangian& method, const Stop& stop,
                                     const Observer& observer) {
  method.validate();
  stop.validate();
  const Index n = x0.size();
  if (auto invalid = check_start_point(objective, x0, "augmented-lagrangian")) return std::move(*invalid);
  constraints.bounds.validate(n);
  Run run(objective, constraints, method, stop, observer, n);
  return run.execute(std::move(x0));
}

}  // namespace minima
