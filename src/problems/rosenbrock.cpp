// Rosenbrock's function (MGH #1) and its extension to any even n (MGH #21):
//   f(x) = Σ_{i=1}^{n/2} 100 (x_{2i} − x_{2i−1}²)² + (1 − x_{2i−1})²,  start (−1.2, 1, −1.2, 1, …),
//   minimum f* = 0 at (1, …, 1).
// The value and gradient are one pass over the pairs, with no allocation: the extended form is
// benchmarked at n = 10⁶.
#include <string>
#include <utility>

#include "minima/core/error.hpp"
#include "problem_family.hpp"

namespace minima::problems_detail {
namespace {

Objective rosenbrock_objective(std::string name, Index n) {
  ValueGradientFunction fg = [name, n](const Vector& x, Vector* grad) {
    check_size(name, n, x);
    const double* xp = x.data();
    double f = 0.0;
    if (grad) {
      grad->resize(n);
      double* g = grad->data();
      for (Index i = 0; i < n; i += 2) {
        const double a = xp[i];
        const double t = xp[i + 1] - a * a;  // the residual x_{2i} − x_{2i−1}², over 10
        const double u = 1.0 - a;
        f += 100.0 * t * t + u * u;
        g[i] = -400.0 * t * a - 2.0 * u;
        g[i + 1] = 200.0 * t;
      }
    } else {
      for (Index i = 0; i < n; i += 2) {
        const double a = xp[i];
        const double t = xp[i + 1] - a * a;
        const double u = 1.0 - a;
        f += 100.0 * t * t + u * u;
      }
    }
    return f;
  };
  HessianFunction hess = [name, n](const Vector& x, Matrix& h) {
    check_size(name, n, x);
    h.setZero(n, n);
    for (Index i = 0; i < n; i += 2) {  // block diagonal, one 2×2 block per pair
      const double a = x[i];
      h(i, i) = 1200.0 * a * a - 400.0 * x[i + 1] + 2.0;
      h(i, i + 1) = h(i + 1, i) = -400.0 * a;
      h(i + 1, i + 1) = 200.0;
    }
  };
  return Objective(std::move(fg), n, std::move(hess));
}

ProblemData rosenbrock_data(const std::string& name, Index n) {
  Vector x0(n);
  for (Index i = 0; i < n; i += 2) {
    x0[i] = -1.2;
    x0[i + 1] = 1.0;
  }
  return {std::move(x0), 0.0, Vector::Ones(n), rosenbrock_objective(name, n)};
}

}  // namespace

std::vector<ProblemEntry> rosenbrock_problems() {
  return {
      fixed_dimension("rosenbrock", "Rosenbrock's banana valley (MGH #1), n = 2, f* = 0 at (1, 1)",
                      "Rosenbrock (1960); Moré, Garbow & Hillstrom (1981), problem 1", 2,
                      [](Index n) { return rosenbrock_data("rosenbrock", n); }),
      any_dimension("extended-rosenbrock", "Extended Rosenbrock (MGH #21), n even, f* = 0 at (1, ..., 1)",
                    "Moré, Garbow & Hillstrom (1981), problem 21", 10, 2, 2,
                    [](Index n) { return rosenbrock_data("extended-rosenbrock", n); }),
  };
}

}  // namespace minima::problems_detail
