#include "minima/constrained/dual_ascent.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "minima/core/run_context.hpp"

namespace minima {

void DualAscent::validate() const {
  if (step && !(*step > 0 && std::isfinite(*step)))
    throw InvalidArgument(fmt::format("DualAscent::step = {}: must be finite and > 0", *step));
  if (!(tolerance > 0))
    throw InvalidArgument(fmt::format("DualAscent::tolerance = {}: must be > 0", tolerance));
  if (!(radius > 0 && std::isfinite(radius)))
    throw InvalidArgument(fmt::format("DualAscent::radius = {}: must be finite and > 0", radius));
  if (!(initial_multiplier >= 0 && std::isfinite(initial_multiplier)))
    throw InvalidArgument(
        fmt::format("DualAscent::initial_multiplier = {}: must be finite and >= 0", initial_multiplier));
}

DualAscentResult dual_ascent_ball_least_squares(const Matrix& A, const Vector& b, const DualAscent& s,
                                                const Stop& stop, const Observer& observer) {
  s.validate();
  // The method's own test is DualAscent::tolerance; it has no gradient, step or f to judge by Stop.
  RunContext ctx("dual-ascent", stop, observer,
                 StopField::max_iterations | StopField::max_evaluations | StopField::time_limit);
  if (A.rows() != b.size())
    throw InvalidArgument(fmt::format("A has {} rows but b has {} entries", A.rows(), b.size()));
  if (A.cols() == 0) throw InvalidArgument("A has no columns");
  if (!A.allFinite() || !b.allFinite()) throw InvalidArgument("A or b has a non-finite entry");
  const Index n = A.cols();
  const Matrix AtA = A.transpose() * A;
  const Vector Atb = A.transpose() * b;
  const double r2 = s.radius * s.radius;

  // x(λ) by Cholesky of AᵀA + 2λI (positive definite for λ > 0, or AᵀA nonsingular).
  Eigen::LLT<Matrix> llt;
  EvaluationCounts solves;  // one linear solve per λ: the "function evaluations" of this method
  auto solve = [&](double lambda, Vector& x) {
    ++solves.function;
    llt.compute(AtA + 2.0 * lambda * Matrix::Identity(n, n));
    if (llt.info() != Eigen::Success) return false;
    x = llt.solve(Atb);
    return x.allFinite();
  };

  DualAscentResult out;
  Result& r = ctx.result();
  double lambda = s.initial_multiplier;
  Vector x;
  if (!solve(lambda, x))
    throw InvalidArgument(
        fmt::format("AᵀA + 2λ₀I is singular at λ₀ = {}: give a positive initial_multiplier", lambda));
  if (s.step) {
    out.step = *s.step;
  } else {
    Vector x0;
    if (!solve(0.0, x0)) throw InvalidArgument("AᵀA is singular: give DualAscent::step");
    const double curvature = 4.0 * x0.dot(llt.solve(x0));  // |d''(0)| = 4 x(0)ᵀ(AᵀA)⁻¹x(0)
    out.step = curvature > 0 ? 1.0 / curvature : 1.0;
  }
  const double eta = out.step;
  out.multiplier_history.push_back(lambda);
  out.norm_history.push_back(x.norm());
  auto record = [&](long k) {
    return ctx.record(k, x, [&](IterationRecord& rec) {
      rec.f = 0.5 * (A * x - b).squaredNorm();
      rec.gradient_norm = std::abs(x.squaredNorm() - r2);  // |d'(λ)|
      rec.step_size = lambda;
      rec.evaluations = solves;
    });
  };
  Stopping stopping;
  if (record(0)) stopping = {Status::observer_stop, "the observer asked to stop at λ₀"};
  for (long k = 1; stopping.message.empty(); ++k) {
    if (auto limit = ctx.limit(k, solves)) {
      stopping = std::move(*limit);
      break;
    }
    const double derivative = x.squaredNorm() - r2;  // d'(λ)
    const double next = std::max(0.0, lambda + eta * derivative);
    const double change = std::abs(next - lambda);
    if (change <= s.tolerance * eta * std::max(1.0, r2)) {
      stopping = {
          Status::converged_kkt,
          fmt::format("projected derivative |Δλ|/η = {:.3g} <= {:.3g} (λ = {:.12g}, xᵀx − r² = {:.3g})",
                      change / eta, s.tolerance * std::max(1.0, r2), lambda, derivative)};
      break;
    }
    lambda = next;
    if (!solve(lambda, x)) {
      stopping = {Status::singular_hessian, fmt::format("AᵀA + 2λI is singular at λ = {}", lambda)};
      break;
    }
    r.iterations = k;
    out.multiplier_history.push_back(lambda);
    out.norm_history.push_back(x.norm());
    if (record(k))
      stopping = {Status::observer_stop, fmt::format("the observer asked to stop at iteration {}", k)};
  }
  out.multiplier = lambda;
  const Vector residual = A * x - b;
  r.x = x;
  r.f = 0.5 * residual.squaredNorm();
  r.gradient = A.transpose() * residual;
  r.gradient_norm = r.gradient.lpNorm<Eigen::Infinity>();
  KktReport k;
  const double h = x.squaredNorm() - r2;
  k.stationarity = (r.gradient + 2.0 * lambda * x).lpNorm<Eigen::Infinity>();
  k.primal_feasibility = std::max(h, 0.0);
  k.dual_feasibility = std::max(0.0, -lambda);
  k.complementary_slackness = std::abs(lambda * h);
  k.inequality_multipliers = Vector::Constant(1, lambda);
  k.feasible = h <= 1e-8;
  r.kkt = k;
  out.result = ctx.finish(std::move(stopping), solves);
  return out;
}

}  // namespace minima
