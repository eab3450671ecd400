// `minima demo`: every method of the registry on 2-D Rosenbrock, extended Rosenbrock (n = 100) and
// the seeds' one-dimensional examples, side by side.
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "minima/experiments/experiment.hpp"
#include "minima/problems/test_problem.hpp"
#include "minima/unconstrained/minimize.hpp"

namespace minima {
namespace {

Table method_table() {
  return Table({"method", "status", "iterations", "f evals", "g evals", "H evals", "f", "|grad|inf",
                "|x - x*|", "ms"});
}

void add_result(Table& t, const std::string& name, const Result& r, const std::optional<Vector>& x_min) {
  const std::string dist =
      x_min && r.x.size() == x_min->size() ? fmt::format("{:.2e}", (r.x - *x_min).norm()) : "-";
  t.add_row({name, std::string(to_string(r.status)), std::to_string(r.iterations),
             std::to_string(r.evaluations.function), std::to_string(r.evaluations.gradient),
             std::to_string(r.evaluations.hessian), fmt::format("{:.6g}", r.f),
             fmt::format("{:.2e}", r.gradient_norm), dist, fmt::format("{:.2f}", 1e3 * r.seconds)});
}

}  // namespace

ExperimentOutput run_demo() {
  ExperimentOutput out;
  out.name = "demo";
  out.title = "minima demo: every method on Rosenbrock and on the seeds' one-dimensional examples";
  Stop stop;
  stop.max_iterations = 10000;

  for (Index n : {Index{2}, Index{100}}) {
    const TestProblem p = make_problem(n == 2 ? "rosenbrock" : "extended-rosenbrock", n);
    Table t = method_table();
    for (const MethodInfo& m : method_registry()) {
      // The derivative-free methods are for small n (their models or simplices cost O(n²)–O(n³) per
      // evaluation): at n = 100 they would take minutes of the demo and show nothing new.
      if (n > 10 && is_derivative_free(m.method)) continue;
      add_result(t, m.name, minimize(p.objective, p.x0, m.method, stop), p.x_min);
    }
    out.tables.push_back({fmt::format("rosenbrock-{}", n), t});
    out.notes.push_back(fmt::format(
        "rosenbrock-{}: {} from the standard start, x* = (1, ..., 1), stop when "
        "|grad|inf <= 1e-8 or after 10000 iterations{}.",
        n, p.description, n > 10 ? " (the derivative-free methods are shown at n = 2 only)" : ""));
  }

  // Seed 003: f = x^3 - 2x + 1 from x0 = -0.5, where Newton's step heads for the local maximum.
  Objective cubic(
      [](const Vector& x, Vector* g) {
        if (g) (*g)[0] = 3 * x[0] * x[0] - 2;
        return x[0] * x[0] * x[0] - 2 * x[0] + 1;
      },
      1);
  cubic = cubic.with_hessian([](const Vector& x, Matrix& h) { h(0, 0) = 6 * x[0]; });
  const Vector x_min = Vector::Constant(1, std::sqrt(2.0 / 3.0));
  Table t = method_table();
  for (const MethodInfo& m : method_registry())
    add_result(t, m.name, minimize(cubic, Vector::Constant(1, -0.5), m.method, stop), x_min);
  out.tables.push_back({"cubic-from-minus-half", t});
  out.notes.push_back(
      "cubic-from-minus-half: f(x) = x^3 - 2x + 1 from x0 = -0.5 (seed 003); the local minimum is x* = "
      "sqrt(2/3). "
      "Pure Newton refuses the negative curvature (indefinite_hessian) instead of climbing to the maximum; "
      "newton-wolfe flips the negative eigenvalue and goes down.");
  return out;
}

}  // namespace minima
