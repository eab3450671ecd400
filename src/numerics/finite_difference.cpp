#include "minima/numerics/finite_difference.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {
namespace fd {
namespace {

const double kCbrtEps = std::cbrt(std::numeric_limits<double>::epsilon());
const double kFourthRootEps = std::sqrt(std::sqrt(std::numeric_limits<double>::epsilon()));

void require_finite(const Vector& x, const char* function) {
  for (Index i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i])) {
      throw InvalidArgument(fmt::format("fd::{}: x[{}] = {} is not finite", function, i, x[i]));
    }
  }
}

// Rounds the step so that (x + h) − x == h exactly: the difference quotient then divides by the
// step actually taken (Nocedal & Wright §8.1).
double representable_step(double xi, double h) {
  volatile double shifted = xi + h;  // volatile: keep the compiler from folding (xi + h) − xi to h
  return shifted - xi;
}

}  // namespace

double central_step(double xi) {
  return kCbrtEps * std::max(1.0, std::abs(xi));
}
double second_difference_step(double xi) {
  return kFourthRootEps * std::max(1.0, std::abs(xi));
}

Vector gradient(const ScalarFunction& f, const Vector& x) {
  require_finite(x, "gradient");
  const Index n = x.size();
  Vector g(n);
  Vector xp = x;
  double f0 = std::numeric_limits<double>::quiet_NaN();
  bool have_f0 = false;
  for (Index i = 0; i < n; ++i) {
    const double h = representable_step(x[i], central_step(x[i]));
    xp[i] = x[i] + h;
    const double fp = f(xp);
    xp[i] = x[i] - h;
    const double fm = f(xp);
    xp[i] = x[i];
    if (std::isfinite(fp) && std::isfinite(fm)) {
      g[i] = (fp - fm) / (2.0 * h);
      continue;
    }
    // One side is not finite (e.g. a domain boundary): use the other side with f(x) if both are
    // finite there, else report the non-finite difference so the caller sees NaN/inf.
    if (!have_f0) {
      f0 = f(x);
      have_f0 = true;
    }
    if (std::isfinite(f0) && std::isfinite(fp)) {
      g[i] = (fp - f0) / h;
    } else if (std::isfinite(f0) && std::isfinite(fm)) {
      g[i] = (f0 - fm) / h;
    } else {
      g[i] = (fp - fm) / (2.0 * h);
    }
  }
  return g;
}

Matrix jacobian(const VectorFunction& r, const Vector& x) {
  require_finite(x, "jacobian");
  const Index n = x.size();
  Matrix J;
  Vector xp = x;
  Index m = -1;
  for (Index j = 0; j < n; ++j) {
    const double h = representable_step(x[j], central_step(x[j]));
    xp[j] = x[j] + h;
    const Vector rp = r(xp);
    xp[j] = x[j] - h;
    const Vector rm = r(xp);
    xp[j] = x[j];
    if (m < 0) {
      m = rp.size();
      J.resize(m, n);
    }
    if (rp.size() != m || rm.size() != m) {
      throw InvalidArgument(
          fmt::format("fd::jacobian: the function returned vectors of different sizes ({}, {} and {})", m,
                      rp.size(), rm.size()));
    }
    J.col(j) = (rp - rm) / (2.0 * h);
  }
  if (m < 0) J.resize(r(x).size(), 0);  // n = 0: the row count still comes from r
  return J;
}

Matrix hessian_from_gradient(const VectorFunction& g, const Vector& x) {
  require_finite(x, "hessian_from_gradient");
  const Matrix J = jacobian(g, x);
  if (J.rows() != x.size()) {
    throw InvalidArgument(
        fmt::format("fd::hessian_from_gradient: the gradient has size {}, expected {}", J.rows(), x.size()));
  }
  return 0.5 * (J + J.transpose());
}

Matrix hessian_from_values(const ScalarFunction& f, const Vector& x) {
  require_finite(x, "hessian_from_values");
  const Index n = x.size();
  Matrix H(n, n);
  Vector h(n);
  for (Index i = 0; i < n; ++i) h[i] = representable_step(x[i], second_difference_step(x[i]));
  const double f0 = f(x);
  Vector xp = x;
  for (Index i = 0; i < n; ++i) {
    xp[i] = x[i] + h[i];
    const double fp = f(xp);
    xp[i] = x[i] - h[i];
    const double fm = f(xp);
    xp[i] = x[i];
    H(i, i) = ((fp - f0) + (fm - f0)) / (h[i] * h[i]);
    for (Index j = 0; j < i; ++j) {
      auto at = [&](double si, double sj) {
        xp[i] = x[i] + si * h[i];
        xp[j] = x[j] + sj * h[j];
        const double v = f(xp);
        xp[i] = x[i];
        xp[j] = x[j];
        return v;
      };
      const double d = (at(1, 1) - at(1, -1)) - (at(-1, 1) - at(-1, -1));
      H(i, j) = H(j, i) = d / (4.0 * h[i] * h[j]);
    }
  }
  return H;
}

}  // namespace fd

Objective finite_difference(ScalarFunction f, Index n) {
  if (!f) throw InvalidArgument("finite_difference: the value function is empty");
  auto value_gradient = [f](const Vector& x, Vector* grad) {
    if (grad) *grad = fd::gradient(f, x);
    return f(x);
  };
  auto hessian = [f](const Vector& x, Matrix& hess) { hess = fd::hessian_from_values(f, x); };
  return Objective(value_gradient, n, hessian, DerivativeSource::finite_difference,
                   DerivativeSource::finite_difference);
}

Objective with_finite_difference_hessian(const Objective& objective) {
  if (objective.gradient_source() == DerivativeSource::finite_difference) {
    // Differencing an already differenced gradient loses about half the digits: use the values.
    auto hessian = [objective](const Vector& x, Matrix& hess) {
      hess = fd::hessian_from_values([&objective](const Vector& y) { return objective(y, nullptr); }, x);
    };
    return objective.with_hessian(hessian, DerivativeSource::finite_difference);
  }
  auto hessian = [objective](const Vector& x, Matrix& hess) {
    hess = fd::hessian_from_gradient(
        [&objective](const Vector& y) {
          Vector g(y.size());
          objective(y, &g);
          return g;
        },
        x);
  };
  return objective.with_hessian(hessian, DerivativeSource::finite_difference);
}

}  // namespace minima
