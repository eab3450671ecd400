// `minima reproduce constrained`: seed 001's worked example (spec §1),
//   min ½‖Ax − b‖²  s.t.  xᵀx ≤ 1,
// solved as the seed does it — dual ascent on λ with x(λ) = (AᵀA + 2λI)⁻¹Aᵀb — and by the augmented
// Lagrangian and projected gradient on the ball, checked against each other and against the exact
// solution of the secular equation ‖x(λ)‖ = 1 (bisection on λ to full precision).
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "minima/constrained/dual_ascent.hpp"
#include "minima/constrained/minimize_constrained.hpp"
#include "minima/core/random.hpp"
#include "minima/experiments/experiment.hpp"

namespace minima {
namespace {

struct Instance {
  Matrix A;
  Vector b;
  Vector x_ls;  // unconstrained least squares
  double lambda_star = 0.0;
  Vector x_star;
};

/// A 30×6 Gaussian A and b = A x_true + noise with ‖x_true‖ = 3, so the constraint is active.
Instance make_instance(unsigned long seed) {
  Instance p;
  Rng gen(seed);
  p.A.resize(30, 6);
  for (Index i = 0; i < p.A.size(); ++i) p.A.data()[i] = standard_normal(gen);
  Vector x_true(6);
  for (Index i = 0; i < 6; ++i) x_true[i] = standard_normal(gen);
  x_true *= 3.0 / x_true.norm();
  p.b = p.A * x_true;
  for (Index i = 0; i < p.b.size(); ++i) p.b[i] += 0.1 * standard_normal(gen);
  const Matrix AtA = p.A.transpose() * p.A;
  const Vector Atb = p.A.transpose() * p.b;
  auto x_of = [&](double l) { return Vector((AtA + 2 * l * Matrix::Identity(6, 6)).llt().solve(Atb)); };
  p.x_ls = x_of(0.0);
  // ‖x(λ)‖ decreases in λ: bisection on [0, hi] with ‖x(hi)‖ < 1.
  double lo = 0.0, hi = 1.0;
  while (x_of(hi).squaredNorm() > 1.0) hi *= 2;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (mid == lo || mid == hi) break;
    (x_of(mid).squaredNorm() > 1.0 ? lo : hi) = mid;
  }
  p.lambda_star = 0.5 * (lo + hi);
  p.x_star = x_of(p.lambda_star);
  return p;
}

}  // namespace

ExperimentOutput run_constrained_experiment(const ExperimentOptions& options) {
  ExperimentOutput out;
  out.name = "constrained";
  out.title = "Seed 001's constrained least squares: dual ascent on lambda against the augmented Lagrangian";
  const Instance p = make_instance(options.seed);

  const DualAscentResult da = dual_ascent_ball_least_squares(p.A, p.b);

  const Matrix A = p.A;
  const Vector b = p.b;
  const Objective f([A, b](const Vector& x, Vector* g) {
    const Vector r = A * x - b;
    if (g) *g = A.transpose() * r;
    return 0.5 * r.squaredNorm();
  });
  Constraints c;
  c.inequalities.push_back(Objective([](const Vector& x, Vector* g) {
    if (g) *g = 2.0 * x;
    return x.squaredNorm() - 1.0;
  }));
  c.inequality_names.push_back("x'x <= 1");
  Observer trace;
  trace.trace = Trace::with_x;
  const Result al = minimize_constrained(f, Vector::Zero(6), c, AugmentedLagrangian{}, Stop{}, trace);
  const Result pg = minimize_projected(f, Vector::Zero(6), SimpleSet(Ball{}), ProjectedGradient{}, Stop{});
  Constraints ball;
  ball.inequalities = c.inequalities;
  const KktReport pg_kkt = kkt_report(f, ball, pg.x);  // multiplier estimated by least squares

  const double al_lambda = al.kkt ? al.kkt->inequality_multipliers[0] : std::nan("");
  const double pg_lambda = pg_kkt.inequality_multipliers[0];
  Table t({"method", "iterations", "evaluations", "lambda", "|x|", "f", "|x - x*|inf", "|lambda - lambda*|",
           "KKT stationarity", "status"});
  auto row = [&](const std::string& name, const Result& r, double lambda, double stationarity,
                 const std::string& evaluations) {
    t.add_row({name, std::to_string(r.iterations), evaluations, fmt::format("{:.12g}", lambda),
               fmt::format("{:.12g}", r.x.norm()), fmt::format("{:.12g}", r.f),
               fmt::format("{:.2e}", (r.x - p.x_star).lpNorm<Eigen::Infinity>()),
               fmt::format("{:.2e}", std::abs(lambda - p.lambda_star)), fmt::format("{:.2e}", stationarity),
               std::string(to_string(r.status))});
  };
  row("dual ascent (seed 001)", da.result, da.multiplier, da.result.kkt->stationarity,
      fmt::format("{} solves", da.result.evaluations.function));
  row("augmented Lagrangian (L-BFGS inner)", al, al_lambda, al.kkt ? al.kkt->stationarity : std::nan(""),
      fmt::format("{} f+grad", al.evaluations.function));
  row("projected gradient on the ball", pg, pg_lambda, pg_kkt.stationarity,
      fmt::format("{} f+grad", pg.evaluations.function));
  out.tables.push_back({"solutions", t});

  auto check = [&](std::string claim, bool passed, std::string detail) {
    out.checks.push_back({std::move(claim), passed, std::move(detail)});
  };
  check("the constraint is active: the unconstrained least-squares solution has |x| > 1", p.x_ls.norm() > 1.0,
        fmt::format("|x_ls| = {:.6g}, lambda* = {:.10g}", p.x_ls.norm(), p.lambda_star));
  check("dual ascent: lambda <- max(0, lambda + eta (x'x - 1)) until the derivative vanishes",
        da.result.converged() && std::abs(da.result.x.squaredNorm() - 1.0) <= 1e-10,
        fmt::format("{} iterations, x'x - 1 = {:.2e}, eta = {:.4g}", da.result.iterations,
                    da.result.x.squaredNorm() - 1.0, da.step));
  check("dual ascent reaches the exact solution of the secular equation",
        (da.result.x - p.x_star).lpNorm<Eigen::Infinity>() <= 1e-9 &&
            std::abs(da.multiplier - p.lambda_star) <= 1e-8 * std::max(1.0, p.lambda_star),
        fmt::format("|x - x*| = {:.2e}, |lambda - lambda*| = {:.2e}",
                    (da.result.x - p.x_star).lpNorm<Eigen::Infinity>(),
                    std::abs(da.multiplier - p.lambda_star)));
  check("augmented Lagrangian: converged, feasible, the same x and lambda as dual ascent",
        al.converged() && al.kkt && al.kkt->feasible &&
            (al.x - da.result.x).lpNorm<Eigen::Infinity>() <= 1e-8 &&
            std::abs(al_lambda - da.multiplier) <= 1e-7 * std::max(1.0, da.multiplier),
        fmt::format("|x_AL - x_DA| = {:.2e}, lambda_AL = {:.10g}, lambda_DA = {:.10g}",
                    (al.x - da.result.x).lpNorm<Eigen::Infinity>(), al_lambda, da.multiplier));
  check("projected gradient on the ball: the same x",
        pg.converged() && (pg.x - p.x_star).lpNorm<Eigen::Infinity>() <= 1e-7,
        fmt::format("|x_PG - x*| = {:.2e} ({})", (pg.x - p.x_star).lpNorm<Eigen::Infinity>(),
                    to_string(pg.status)));
  check("KKT at the dual-ascent point: stationarity, complementary slackness and dual feasibility ~ 0",
        da.result.kkt->stationarity <= 1e-8 && da.result.kkt->complementary_slackness <= 1e-9 &&
            da.multiplier > 0,
        fmt::format("stationarity {:.2e}, complementarity {:.2e}, lambda = {:.6g} > 0",
                    da.result.kkt->stationarity, da.result.kkt->complementary_slackness, da.multiplier));

  Plot lambda_plot;
  lambda_plot.title = "Dual ascent: lambda_k";
  lambda_plot.xlabel = "iteration k";
  lambda_plot.ylabel = "lambda";
  Series ls;
  ls.title = "dual ascent";
  ls.y = da.multiplier_history;
  Series lstar;
  lstar.title = fmt::format("lambda* = {:.6g} (secular equation)", p.lambda_star);
  lstar.x = {0.0, static_cast<double>(da.multiplier_history.size() - 1)};
  lstar.y = {p.lambda_star, p.lambda_star};
  lambda_plot.series = {ls, lstar};
  if (al.converged()) {
    Series lal;
    lal.title = fmt::format("augmented Lagrangian's final lambda = {:.6g}", al_lambda);
    lal.style = "points pt 7 ps 1.5";
    lal.x = {static_cast<double>(da.multiplier_history.size() - 1)};
    lal.y = {al_lambda};
    lambda_plot.series.push_back(lal);
  }
  Plot norm_plot;
  norm_plot.title = "|x_k| against iterations (the constraint is |x| <= 1)";
  norm_plot.xlabel = "iteration k (dual ascent) / outer iteration (augmented Lagrangian)";
  norm_plot.ylabel = "|x|";
  Series nd;
  nd.title = "dual ascent: |x(lambda_k)|";
  nd.y = da.norm_history;
  Series na;
  na.title = "augmented Lagrangian (outer iterations)";
  na.style = "linespoints";
  for (const auto& rec : al.trace) na.y.push_back(rec.x->norm());
  Series one;
  one.title = "|x| = 1";
  one.x = {0.0, static_cast<double>(da.norm_history.size() - 1)};
  one.y = {1.0, 1.0};
  norm_plot.series = {nd, na, one};
  Plot derivative_plot;
  derivative_plot.title = "The derivative in lambda, |x'x - 1|";
  derivative_plot.xlabel = "iteration k (dual ascent) / outer iteration (augmented Lagrangian)";
  derivative_plot.ylabel = "|x'x - 1|";
  derivative_plot.logy = true;
  Series dd;
  dd.title = "dual ascent";
  for (double norm : da.norm_history) dd.y.push_back(std::max(std::abs(norm * norm - 1.0), 1e-17));
  Series dl;
  dl.title = "augmented Lagrangian";
  dl.style = "linespoints";
  for (const auto& rec : al.trace) dl.y.push_back(std::max(std::abs(rec.x->squaredNorm() - 1.0), 1e-17));
  derivative_plot.series = {dd, dl};
  out.figures.push_back({"dual-ascent.png", {lambda_plot, norm_plot, derivative_plot}, 3, 560, 450});

  out.notes.push_back(fmt::format(
      "Instance: A is 30x6 with N(0,1) entries, b = A x_true + 0.1 N(0,1) noise with |x_true| = 3 (seed {}); "
      "the unconstrained solution has |x| = {:.4g}, so x'x <= 1 is active. Dual ascent uses the step "
      "eta = 1/|d''(0)| = {:.4g}, the largest safe fixed step (d is concave and |d''| is largest at 0).",
      options.seed, p.x_ls.norm(), da.step));
  return out;
}

}  // namespace minima
