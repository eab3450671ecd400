// Small classics used by demos and method tests, each with value, gradient and Hessian:
//   quadratic         ½ Σ λᵢ xᵢ², λᵢ = 10^{3(i−1)/(n−1)} (condition number 10³), start (1, …, 1);
//   sphere            Σ xᵢ², start (1, …, 1);
//   booth             (x1 + 2x2 − 7)² + (2x1 + x2 − 5)², min 0 at (1, 3);
//   himmelblau        (x1² + x2 − 11)² + (x1 + x2² − 7)², min 0 at (3, 2) and three other points;
//   three-hump-camel  2x1² − 1.05x1⁴ + x1⁶/6 + x1x2 + x2², min 0 at 0 (two local minima ≈ 0.2986);
//   six-hump-camel    (4 − 2.1x1² + x1⁴/3)x1² + x1x2 + (4x2² − 4)x2², min −1.0316284534898774 at
//                     ±(0.0898420131…, −0.7126564030…).
// The 2-D ones have no standard start in the literature (Jamil & Yang 2013 list only the minima); the
// starts here are fixed choices away from every stationary point.
#include <cmath>
#include <string>
#include <utility>

#include "problem_family.hpp"

namespace minima::problems_detail {
namespace {

ProblemData quadratic(Index n) {
  Vector lambda(n);
  for (Index i = 0; i < n; ++i)
    lambda[i] = n == 1 ? 1.0 : std::pow(10.0, 3.0 * static_cast<double>(i) / static_cast<double>(n - 1));
  const std::string name = "quadratic";
  ValueGradientFunction fg = [name, n, lambda](const Vector& x, Vector* grad) {
    check_size(name, n, x);
    if (grad) *grad = lambda.cwiseProduct(x);
    return 0.5 * lambda.dot(x.cwiseProduct(x));
  };
  HessianFunction hess = [name, n, lambda](const Vector& x, Matrix& h) {
    check_size(name, n, x);
    h = lambda.asDiagonal();
  };
  return {Vector::Ones(n), 0.0, Vector::Zero(n), Objective(std::move(fg), n, std::move(hess))};
}

ProblemData sphere(Index n) {
  const std::string name = "sphere";
  ValueGradientFunction fg = [name, n](const Vector& x, Vector* grad) {
    check_size(name, n, x);
    if (grad) *grad = 2.0 * x;
    return x.squaredNorm();
  };
  HessianFunction hess = [name, n](const Vector& x, Matrix& h) {
    check_size(name, n, x);
    h = 2.0 * Matrix::Identity(n, n);
  };
  return {Vector::Ones(n), 0.0, Vector::Zero(n), Objective(std::move(fg), n, std::move(hess))};
}

Vector point(double a, double b) {
  return Eigen::Vector2d(a, b);
}

ProblemData booth(Index) {
  const std::string name = "booth";
  ValueGradientFunction fg = [name](const Vector& x, Vector* grad) {
    check_size(name, 2, x);
    const double a = x[0] + 2.0 * x[1] - 7.0, b = 2.0 * x[0] + x[1] - 5.0;
    if (grad) *grad = point(2.0 * a + 4.0 * b, 4.0 * a + 2.0 * b);
    return a * a + b * b;
  };
  HessianFunction hess = [name](const Vector& x, Matrix& h) {
    check_size(name, 2, x);
    h.resize(2, 2);
    h << 10.0, 8.0, 8.0, 10.0;
  };
  return {point(0.0, 0.0), 0.0, point(1.0, 3.0), Objective(std::move(fg), 2, std::move(hess))};
}

ProblemData himmelblau(Index) {
  const std::string name = "himmelblau";
  ValueGradientFunction fg = [name](const Vector& x, Vector* grad) {
    check_size(name, 2, x);
    const double a = x[0] * x[0] + x[1] - 11.0, b = x[0] + x[1] * x[1] - 7.0;
    if (grad) *grad = point(4.0 * x[0] * a + 2.0 * b, 2.0 * a + 4.0 * x[1] * b);
    return a * a + b * b;
  };
  HessianFunction hess = [name](const Vector& x, Matrix& h) {
    check_size(name, 2, x);
    h.resize(2, 2);
    h(0, 0) = 12.0 * x[0] * x[0] + 4.0 * x[1] - 42.0;
    h(0, 1) = h(1, 0) = 4.0 * (x[0] + x[1]);
    h(1, 1) = 4.0 * x[0] + 12.0 * x[1] * x[1] - 26.0;
  };
  return {point(0.0, 0.0), 0.0, point(3.0, 2.0), Objective(std::move(fg), 2, std::move(hess))};
}

ProblemData three_hump_camel(Index) {
  const std::string name = "three-hump-camel";
  ValueGradientFunction fg = [name](const Vector& x, Vector* grad) {
    check_size(name, 2, x);
    const double a = x[0], b = x[1], a2 = a * a;
    if (grad) *grad = point(4.0 * a - 4.2 * a2 * a + a2 * a2 * a + b, a + 2.0 * b);
    return 2.0 * a2 - 1.05 * a2 * a2 + a2 * a2 * a2 / 6.0 + a * b + b * b;
  };
  HessianFunction hess = [name](const Vector& x, Matrix& h) {
    check_size(name, 2, x);
    const double a2 = x[0] * x[0];
    h.resize(2, 2);
    h << 4.0 - 12.6 * a2 + 5.0 * a2 * a2, 1.0, 1.0, 2.0;
  };
  return {point(-1.0, -1.0), 0.0, point(0.0, 0.0), Objective(std::move(fg), 2, std::move(hess))};
}

ProblemData six_hump_camel(Index) {
  const std::string name = "six-hump-camel";
  ValueGradientFunction fg = [name](const Vector& x, Vector* grad) {
    check_size(name, 2, x);
    const double a = x[0], b = x[1], a2 = a * a, b2 = b * b;
    if (grad) *grad = point(8.0 * a - 8.4 * a2 * a + 2.0 * a2 * a2 * a + b, a - 8.0 * b + 16.0 * b2 * b);
    return 4.0 * a2 - 2.1 * a2 * a2 + a2 * a2 * a2 / 3.0 + a * b - 4.0 * b2 + 4.0 * b2 * b2;
  };
  HessianFunction hess = [name](const Vector& x, Matrix& h) {
    check_size(name, 2, x);
    const double a2 = x[0] * x[0];
    h.resize(2, 2);
    h << 8.0 - 25.2 * a2 + 10.0 * a2 * a2, 1.0, 1.0, -8.0 + 48.0 * x[1] * x[1];
  };
  // The minimizer to full double precision (Newton on the gradient in exact rational arithmetic).
  return {point(-1.0, 1.0), -1.0316284534898774, point(0.08984201310031806, -0.7126564030207396),
          Objective(std::move(fg), 2, std::move(hess))};
}

const char* const kJamilYang =
    "Jamil & Yang (2013), A literature survey of benchmark functions for global optimization problems";

}  // namespace

std::vector<ProblemEntry> classic_problems() {
  return {
      any_dimension(
          "quadratic",
          "Ill-conditioned diagonal quadratic 1/2 sum 10^(3(i-1)/(n-1)) x_i^2 (condition 1e3), f* = 0 at 0",
          "diagonal quadratic; condition number 10^3 by construction", 10, 1, 1, quadratic),
      any_dimension("sphere", "Sphere sum x_i^2, f* = 0 at 0", kJamilYang, 10, 1, 1, sphere),
      fixed_dimension("booth", "Booth, n = 2, f* = 0 at (1, 3)", kJamilYang, 2, booth),
      fixed_dimension("himmelblau", "Himmelblau, n = 2, f* = 0 at (3, 2) and three other points",
                      std::string("Himmelblau (1972), Applied Nonlinear Programming; ") + kJamilYang, 2,
                      himmelblau),
      fixed_dimension("three-hump-camel", "Three-hump camel, n = 2, f* = 0 at (0, 0); two local minima",
                      kJamilYang, 2, three_hump_camel),
      fixed_dimension("six-hump-camel",
                      "Six-hump camel, n = 2, f* = -1.0316284534898774 at +-(0.0898..., -0.7126...)",
                      kJamilYang, 2, six_hump_camel),
  };
}

}  // namespace minima::problems_detail
