// Global test functions with their boxes (global_problems.hpp).
#include "minima/problems/global_problems.hpp"

#include <cmath>
#include <fstream>
#include <numbers>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "minima/core/error.hpp"
#include "minima/problems/data_files.hpp"

namespace minima {
namespace {

constexpr double kPi = std::numbers::pi;
// Schwefel 2.26: the per-coordinate minimum of −x sin √|x| on [−500, 500] (computed to 40 digits
// with mpmath: the root of sin √x + √x cos √x / 2 = 0 near 420.97).
constexpr double kSchwefelArgmin = 420.9687463599820273;
constexpr double kSchwefelValue = 418.9828872724337063;

Bounds cube(Index n, double half) {
  return {.lower = Vector::Constant(n, -half), .upper = Vector::Constant(n, half)};
}

/// The fixed BBOB-style optimum: x_opt_i = 8 (frac(i φ) − 1/2) ∈ [−4, 4], irregular but repeatable.
Vector shifted_optimum(Index n) {
  Vector x(n);
  const double phi = (1.0 + std::sqrt(5.0)) / 2.0;
  for (Index i = 0; i < n; ++i) {
    const double t = static_cast<double>(i + 1) * phi;
    x[i] = 8.0 * (t - std::floor(t) - 0.5);
  }
  return x;
}

GlobalProblem rosenbrock(Index n) {
  GlobalProblem p;
  p.name = "rosenbrock";
  p.description = fmt::format("chained Rosenbrock, n = {}, |x_i| <= 5.12", n);
  p.reference = "H. H. Rosenbrock (1960); the chained form of spec evolution §4";
  p.box = cube(n, 5.12);
  p.x_min = Vector::Ones(n);
  p.function = [n](const Vector& x) {
    double f = 0.0;
    for (Index i = 0; i + 1 < n; ++i) {
      const double t = x[i + 1] - x[i] * x[i], u = 1.0 - x[i];
      f += 100.0 * t * t + u * u;
    }
    return f;
  };
  return p;
}

GlobalProblem fletcher_powell(Index n) {
  if (n != 10)
    throw InvalidArgument(fmt::format("fletcher-powell: the instance is 10-dimensional (n = {} asked)", n));
  const auto path = data_file("fletcher_powell_10.json");
  std::ifstream in(path);
  const nlohmann::json j = nlohmann::json::parse(in);
  Matrix a(n, n), b(n, n);
  Vector alpha(n);
  for (Index i = 0; i < n; ++i) {
    alpha[i] = j.at("alpha").at(static_cast<std::size_t>(i)).get<double>();
    for (Index k = 0; k < n; ++k) {
      a(i, k) = j.at("a").at(static_cast<std::size_t>(i)).at(static_cast<std::size_t>(k)).get<double>();
      b(i, k) = j.at("b").at(static_cast<std::size_t>(i)).at(static_cast<std::size_t>(k)).get<double>();
    }
  }
  const Vector A = a * alpha.array().sin().matrix() + b * alpha.array().cos().matrix();
  GlobalProblem p;
  p.name = "fletcher-powell";
  p.description = "Fletcher-Powell, n = 10, |x_j| <= pi (data/fletcher_powell_10.json); 2pi-periodic";
  p.reference =
      "R. Fletcher, M. J. D. Powell (1963); T. Baeck, Evolutionary Algorithms in Theory and Practice (1996)";
  p.box = cube(n, kPi);
  p.x_min = alpha;
  p.function = [a, b, A, n](const Vector& x) {
    Vector s(n), c(n);
    for (Index k = 0; k < n; ++k) {
      s[k] = std::sin(x[k]);
      c[k] = std::cos(x[k]);
    }
    return (A - a * s - b * c).squaredNorm();
  };
  return p;
}

GlobalProblem rastrigin(Index n) {
  GlobalProblem p;
  p.name = "rastrigin";
  p.description = fmt::format("shifted Rastrigin (BBOB-style), n = {}, |x_i| <= 5", n);
  p.reference =
      "L. A. Rastrigin (1974); Hansen et al., BBOB 2009 function definitions (f3 without Tosz/Tasy)";
  p.box = cube(n, 5.0);
  p.x_min = shifted_optimum(n);
  p.function = [xo = p.x_min, n](const Vector& x) {
    double f = 10.0 * static_cast<double>(n);
    for (Index i = 0; i < n; ++i) {
      const double z = x[i] - xo[i];
      f += z * z - 10.0 * std::cos(2.0 * kPi * z);
    }
    return f;
  };
  return p;
}

GlobalProblem ackley(Index n) {
  GlobalProblem p;
  p.name = "ackley";
  p.description = fmt::format("shifted Ackley (BBOB-style), n = {}, |x_i| <= 5", n);
  p.reference = "D. H. Ackley (1987); T. Baeck (1996), the n-dimensional form";
  p.box = cube(n, 5.0);
  p.x_min = shifted_optimum(n);
  p.function = [xo = p.x_min, n](const Vector& x) {
    double squares = 0.0, cosines = 0.0;
    for (Index i = 0; i < n; ++i) {
      const double z = x[i] - xo[i];
      squares += z * z;
      cosines += std::cos(2.0 * kPi * z);
    }
    const double dn = static_cast<double>(n);
    // max(0, ·): the exact minimum is 0, rounding would give about −4e−16.
    return std::max(0.0, -20.0 * std::exp(-0.2 * std::sqrt(squares / dn)) - std::exp(cosines / dn) + 20.0 +
                             std::numbers::e);
  };
  return p;
}

GlobalProblem schwefel(Index n) {
  GlobalProblem p;
  p.name = "schwefel";
  p.description = fmt::format("Schwefel 2.26, n = {}, |x_i| <= 500", n);
  p.reference = "H.-P. Schwefel, Numerical Optimization of Computer Models (1981), problem 2.26";
  p.box = cube(n, 500.0);
  p.x_min = Vector::Constant(n, kSchwefelArgmin);
  p.function = [n](const Vector& x) {
    double f = kSchwefelValue * static_cast<double>(n);
    for (Index i = 0; i < n; ++i) f -= x[i] * std::sin(std::sqrt(std::abs(x[i])));
    return f;
  };
  return p;
}

}  // namespace

std::vector<std::string> list_global_problems() {
  return {"rosenbrock", "fletcher-powell", "rastrigin", "ackley", "schwefel"};
}

GlobalProblem make_global_problem(std::string_view name, std::optional<Index> dimension) {
  const Index n = dimension.value_or(10);
  if (name != "fletcher-powell" && n < 2)
    throw InvalidArgument(fmt::format("{}: dimension = {} must be >= 2", name, n));
  if (name == "rosenbrock") return rosenbrock(n);
  if (name == "fletcher-powell") return fletcher_powell(n);
  if (name == "rastrigin") return rastrigin(n);
  if (name == "ackley") return ackley(n);
  if (name == "schwefel") return schwefel(n);
  std::string known;
  for (const auto& k : list_global_problems()) {
    if (!known.empty()) known += ", ";
    known += k;
  }
  throw InvalidArgument(fmt::format("unknown global problem '{}' (known: {})", name, known));
}

}  // namespace minima
