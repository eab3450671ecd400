// `minima reproduce local-methods`: the one-dimensional examples of seed 003 (spec §4) and the
// linear least squares example of seed 001, with the seeds' claims checked.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "minima/experiments/experiment.hpp"
#include "minima/numerics/critical_point.hpp"
#include "minima/unconstrained/minimize.hpp"

namespace minima {
namespace {

struct Function1D {
  std::string name;  // "x^4"
  double (*f)(double);
  double (*df)(double);
  double (*d2f)(double);
  double plot_lo, plot_hi;
};

const Function1D kQuartic{"x^4",
                          [](double x) { return x * x * x * x; },
                          [](double x) { return 4 * x * x * x; },
                          [](double x) { return 12 * x * x; },
                          -2.5,
                          2.5};
const Function1D kCubic{"x^3-2x+1",
                        [](double x) { return x * x * x - 2 * x + 1; },
                        [](double x) { return 3 * x * x - 2; },
                        [](double x) { return 6 * x; },
                        -1.6,
                        1.6};

Objective objective_1d(const Function1D& fn) {
  Objective obj(
      [&fn](const Vector& x, Vector* g) {
        if (g) (*g)[0] = fn.df(x[0]);
        return fn.f(x[0]);
      },
      1);
  return obj.with_hessian([&fn](const Vector& x, Matrix& h) { h(0, 0) = fn.d2f(x[0]); });
}

struct Case {
  std::string label;  // "Newton from -0.5"
  const Function1D* fn;
  double x0;
  Method method;
  long max_iterations;
  double g_abstol = 1e-8;
  Result result;
  std::vector<double> xs;  // iterates
};

Result run_case(Case& c) {
  Stop stop;
  stop.max_iterations = c.max_iterations;
  stop.g_abstol = c.g_abstol;
  Observer obs;
  obs.trace = Trace::with_x;
  c.result = minimize(objective_1d(*c.fn), Vector::Constant(1, c.x0), c.method, stop, obs);
  for (const auto& rec : c.result.trace) c.xs.push_back((*rec.x)[0]);
  return c.result;
}

GradientDescent fixed(double step) {
  GradientDescent gd;
  gd.fixed_step = step;
  return gd;
}

Newton newton(bool stop_on_indefinite) {
  Newton n;
  n.stop_on_indefinite = stop_on_indefinite;
  return n;
}

std::string critical_kind(const Case& c) {
  if (!c.result.x.allFinite() || c.result.x.size() != 1) return "-";
  Vector g(1);
  g[0] = c.fn->df(c.result.x[0]);
  Matrix h(1, 1);
  h(0, 0) = c.fn->d2f(c.result.x[0]);
  return std::string(to_string(classify_critical_point(g, h).kind));
}

Plot trajectory_plot(const Case& c) {
  // Designated initializers: GCC 12 gives a false -Wrestrict on `p.xlabel = "x"` here (PR 105329).
  Plot p{.title = fmt::format("{}: {}", c.fn->name, c.label), .xlabel = std::string("x"), .ylabel = "f(x)"};
  Series curve;
  curve.title = c.fn->name;
  for (int i = 0; i <= 200; ++i) {
    const double x = c.fn->plot_lo + (c.fn->plot_hi - c.fn->plot_lo) * i / 200.0;
    curve.x.push_back(x);
    curve.y.push_back(c.fn->f(x));
  }
  Series path;
  path.title = fmt::format("iterates ({})", to_string(c.result.status));
  path.style = "linespoints";
  long off_plot = 0;
  for (double x : c.xs) {
    const bool inside = x >= c.fn->plot_lo - 1e-12 && x <= c.fn->plot_hi + 1e-12;
    off_plot += !inside;
    // An iterate off the plot leaves a gap (NaN) in the path; a diverging run just leaves.
    path.x.push_back(inside ? x : std::numeric_limits<double>::quiet_NaN());
    path.y.push_back(inside ? c.fn->f(x) : std::numeric_limits<double>::quiet_NaN());
  }
  if (off_plot > 0) p.title += fmt::format(" ({} iterate{} off the plot)", off_plot, off_plot > 1 ? "s" : "");
  p.series = {curve, path};
  return p;
}

}  // namespace

ExperimentOutput run_local_methods_experiment(const ExperimentOptions& /*options*/) {
  ExperimentOutput out;
  out.name = "local-methods";
  out.title = "Seed 003's one-dimensional examples and seed 001's linear least squares";

  const double xmin_cubic = std::sqrt(2.0 / 3.0);
  std::vector<Case> cases = {
      {"fixed step 0.01", &kQuartic, 2.0, fixed(0.01), 200, 1e-8, {}, {}},
      {"fixed step 0.03", &kQuartic, 2.0, fixed(0.03), 200, 1e-8, {}, {}},
      {"fixed step 0.13", &kQuartic, 2.0, fixed(0.13), 200, 1e-8, {}, {}},
      // f' = 4x³ is tiny long before x is: follow Newton's iterates to |x| ~ 1e-5 as the seed does.
      {"Newton", &kQuartic, 2.0, newton(true), 200, 1e-15, {}, {}},
      {"Newton from 0 (f''=0)", &kCubic, 0.0, newton(false), 200, 1e-8, {}, {}},
      {"Newton from 0.01 (near f''=0)", &kCubic, 0.01, newton(false), 200, 1e-8, {}, {}},
      {"Newton from -0.5 (unguarded)", &kCubic, -0.5, newton(false), 200, 1e-8, {}, {}},
      {"Newton from -0.5 (guarded)", &kCubic, -0.5, newton(true), 200, 1e-8, {}, {}},
      {"gradient descent 0.1 from 0", &kCubic, 0.0, fixed(0.1), 200, 1e-8, {}, {}},
      {"gradient descent 0.1 from -0.5", &kCubic, -0.5, fixed(0.1), 200, 1e-8, {}, {}},
      {"saddle-free Newton from 0", &kCubic, 0.0, SaddleFreeNewton{}, 200, 1e-8, {}, {}},
      {"saddle-free Newton from -0.5", &kCubic, -0.5, SaddleFreeNewton{}, 200, 1e-8, {}, {}},
  };
  Table table({"f", "method", "x0", "iterations", "final x", "f(final x)", "status", "point"});
  for (Case& c : cases) {
    run_case(c);
    table.add_row({c.fn->name, c.label, fmt::format("{:g}", c.x0), std::to_string(c.result.iterations),
                   fmt::format("{:.6g}", c.result.x[0]), fmt::format("{:.6g}", c.result.f),
                   std::string(to_string(c.result.status)), critical_kind(c)});
  }
  out.tables.push_back({"one-dimensional", table});

  auto check = [&](std::string claim, bool passed, std::string detail) {
    out.checks.push_back({std::move(claim), passed, std::move(detail)});
  };
  const auto& r = [&](int i) -> const Result& { return cases[static_cast<std::size_t>(i)].result; };
  check("x^4 from 2, step 0.01, 200 steps: still far from 0",
        r(0).status == Status::max_iterations && std::abs(r(0).x[0]) > 0.1,
        fmt::format("x_200 = {:.4g}", r(0).x[0]));
  check("x^4 from 2, step 0.03: closer, but not converged in 200 steps",
        r(1).status == Status::max_iterations && std::abs(r(1).x[0]) < std::abs(r(0).x[0]),
        fmt::format("x_200 = {:.4g}", r(1).x[0]));
  check("x^4 from 2, step 0.13: diverges (detected, not looped on)", r(2).status == Status::diverged,
        fmt::format("{} after {} iterations", to_string(r(2).status), r(2).iterations));
  {
    const auto& xs = cases[3].xs;
    long k20 = -1;
    for (std::size_t k = 0; k < xs.size(); ++k)
      if (std::abs(xs[k]) < 1e-3) {
        k20 = static_cast<long>(k);
        break;
      }
    check("x^4 from 2, Newton: near 0 in about 20 steps", k20 > 0 && k20 <= 20,
          fmt::format("|x_k| < 1e-3 first at k = {}", k20));
  }
  check("x^3-2x+1 from 0, Newton: f''(0) = 0, the step is undefined (reported, no NaN)",
        r(4).status == Status::singular_hessian && r(4).x.allFinite(), std::string(to_string(r(4).status)));
  check("x^3-2x+1 from 0.01, Newton: the first step jumps far away",
        cases[5].xs.size() > 1 && std::abs(cases[5].xs[1]) > 10,
        fmt::format("x_1 = {:.4g}", cases[5].xs.size() > 1 ? cases[5].xs[1] : NAN));
  // The iterates converge to the maximum; minima reports the point as indefinite_hessian (a
  // stationary point with negative curvature), never as converged.
  check("x^3-2x+1 from -0.5, pure Newton: converges to the local MAXIMUM -sqrt(2/3)",
        r(6).status == Status::indefinite_hessian && std::abs(r(6).x[0] + xmin_cubic) < 1e-6 &&
            critical_kind(cases[6]) == "local_maximum",
        fmt::format("x = {:.8f}, {}", r(6).x[0], critical_kind(cases[6])));
  check("x^3-2x+1 from -0.5, guarded Newton: refuses the indefinite Hessian",
        r(7).status == Status::indefinite_hessian, std::string(to_string(r(7).status)));
  for (int i : {8, 9, 10, 11})
    check(fmt::format("x^3-2x+1, {}: reaches the local minimum sqrt(2/3)",
                      cases[static_cast<std::size_t>(i)].label),
          r(i).converged() && std::abs(r(i).x[0] - xmin_cubic) < 1e-6,
          fmt::format("x = {:.8f} ({})", r(i).x[0], to_string(r(i).status)));

  // Figures: the function with the iterates, one panel per case, as in the seed's figures 3-7.
  ExperimentOutput::Figure quartic{"x4-trajectories.png", {}, 2, 600, 420};
  for (int i = 0; i < 4; ++i) quartic.panels.push_back(trajectory_plot(cases[static_cast<std::size_t>(i)]));
  out.figures.push_back(quartic);
  ExperimentOutput::Figure cubic{"cubic-trajectories.png", {}, 2, 600, 420};
  for (int i = 4; i < 12; ++i)
    if (i != 7) cubic.panels.push_back(trajectory_plot(cases[static_cast<std::size_t>(i)]));
  out.figures.push_back(cubic);
  {
    Plot conv;
    conv.title = "x^4 from x0 = 2: |x_k| against k";
    conv.xlabel = "iteration k";
    conv.ylabel = "|x_k|";
    conv.logy = true;
    for (int i : {0, 1, 3}) {
      Series s;
      s.title = cases[static_cast<std::size_t>(i)].label;
      const auto& xs = cases[static_cast<std::size_t>(i)].xs;
      for (std::size_t k = 0; k < xs.size(); ++k) {
        s.x.push_back(static_cast<double>(k));
        s.y.push_back(std::max(std::abs(xs[k]), 1e-300));
      }
      conv.series.push_back(s);
    }
    out.figures.push_back({"x4-convergence.png", {conv}, 1, 900, 600});
  }

  // Seed 001's linear least squares: f(x) = ½‖Ax − b‖², ∇f = AᵀAx − Aᵀb. Our instance: a line
  // through (1,6), (2,5), (3,7), (4,10); the normal equations give x* = (3.5, 1.4).
  Matrix A(4, 2);
  A << 1, 1, 1, 2, 1, 3, 1, 4;
  Vector b(4);
  b << 6, 5, 7, 10;
  const Vector x_star = (A.transpose() * A).ldlt().solve(A.transpose() * b);
  Objective lls([A, b](const Vector& x, Vector* g) {
    const Vector r = A * x - b;
    if (g) *g = A.transpose() * r;
    return 0.5 * r.squaredNorm();
  });
  const Matrix AtA = A.transpose() * A;
  lls = lls.with_hessian([AtA](const Vector&, Matrix& h) { h = AtA; });
  const double delta = 1e-6;
  Stop stop;
  stop.g_abstol = delta;
  stop.max_iterations = 100000;
  Observer obs;
  obs.trace = Trace::values;
  // Step 1/λ_max(AᵀA) is the largest safe fixed step for a quadratic (seed 001: ε* ≤ 1/λ_max).
  const double lmax = Eigen::SelfAdjointEigenSolver<Matrix>(AtA).eigenvalues().maxCoeff();
  const Result gd = minimize(lls, Vector::Zero(2), fixed(1.0 / lmax), stop, obs);
  const Result nt = minimize(lls, Vector::Zero(2), newton(true), stop, obs);
  Table lt({"method", "iterations", "x1", "x2", "|x - x*|", "|grad|inf", "status"});
  for (const Result* res : {&gd, &nt})
    lt.add_row({res->method, std::to_string(res->iterations), fmt::format("{:.10g}", res->x[0]),
                fmt::format("{:.10g}", res->x[1]), fmt::format("{:.2e}", (res->x - x_star).norm()),
                fmt::format("{:.2e}", res->gradient_norm), std::string(to_string(res->status))});
  out.tables.push_back({"linear-least-squares", lt});
  check("least squares, gradient descent until |grad| <= 1e-6: reaches x* of the normal equations",
        gd.converged() && (gd.x - x_star).norm() < 1e-4, fmt::format("{} iterations", gd.iterations));
  check("least squares, Newton: exact in one step",
        nt.converged() && nt.iterations == 1 && (nt.x - x_star).norm() < 1e-12,
        fmt::format("{} iteration(s), |x - x*| = {:.1e}", nt.iterations, (nt.x - x_star).norm()));
  Plot lp;
  lp.title = "0.5|Ax-b|^2: gradient norm against iterations";
  lp.xlabel = "iteration";
  lp.ylabel = "|grad f|inf";
  lp.logy = true;
  for (const Result* res : {&gd, &nt}) {
    Series s;
    s.title = res->method;
    s.style = "linespoints";
    for (const auto& rec : res->trace) {
      s.x.push_back(static_cast<double>(rec.iteration));
      s.y.push_back(std::max(rec.gradient_norm, 1e-300));
    }
    lp.series.push_back(s);
  }
  out.figures.push_back({"least-squares.png", {lp}, 1, 900, 600});
  out.notes.push_back(fmt::format(
      "Linear least squares instance: A = [1 1; 1 2; 1 3; 1 4], b = (6, 5, 7, 10), x* = ({:.6g}, {:.6g}); "
      "gradient descent uses the fixed step 1/lambda_max(A'A) = {:.4g}.",
      x_star[0], x_star[1], 1.0 / lmax));
  return out;
}

}  // namespace minima
