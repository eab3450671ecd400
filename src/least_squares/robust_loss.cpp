// The robust losses and Triggs' correction; see robust_loss.hpp.
#include "minima/least_squares/robust_loss.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {

void RobustLoss::validate() const {
  if (!(f_scale > 0) || !std::isfinite(f_scale))
    throw InvalidArgument(fmt::format("f_scale = {}: must be finite and > 0", f_scale));
}

void RobustLoss::evaluate(double z, double& rho, double& rho1, double& rho2) const {
  switch (kind) {
    case LossKind::linear:
      rho = z, rho1 = 1.0, rho2 = 0.0;
      return;
    case LossKind::soft_l1: {
      const double t = 1.0 + z;
      rho = 2.0 * (std::sqrt(t) - 1.0), rho1 = 1.0 / std::sqrt(t), rho2 = -0.5 * rho1 / t;
      return;
    }
    case LossKind::huber:
      if (z <= 1.0) {
        rho = z, rho1 = 1.0, rho2 = 0.0;
      } else {
        const double s = std::sqrt(z);
        rho = 2.0 * s - 1.0, rho1 = 1.0 / s, rho2 = -0.5 * rho1 / z;
      }
      return;
    case LossKind::cauchy: {
      const double t = 1.0 + z;
      rho = std::log1p(z), rho1 = 1.0 / t, rho2 = -1.0 / (t * t);
      return;
    }
    case LossKind::arctan: {
      const double t = 1.0 + z * z;
      rho = std::atan(z), rho1 = 1.0 / t, rho2 = -2.0 * z / (t * t);
      return;
    }
  }
}

double RobustLoss::cost(const Vector& r) const {
  if (is_linear()) return 0.5 * r.squaredNorm();
  const double c2 = f_scale * f_scale;
  double sum = 0.0, rho = 0.0, rho1 = 0.0, rho2 = 0.0;
  for (Index i = 0; i < r.size(); ++i) {
    evaluate(r[i] * r[i] / c2, rho, rho1, rho2);
    sum += rho;
  }
  return 0.5 * c2 * sum;
}

double RobustLoss::correct(Vector& r, Matrix* jacobian, bool ceres) const {
  if (jacobian && jacobian->rows() != r.size())
    throw InvalidArgument(fmt::format("robust loss: the Jacobian has {} rows but there are {} residuals",
                                      jacobian->rows(), r.size()));
  if (is_linear()) return 0.5 * r.squaredNorm();
  constexpr double kEps = std::numeric_limits<double>::epsilon();
  const double c2 = f_scale * f_scale;
  double sum = 0.0, rho = 0.0, rho1 = 0.0, rho2 = 0.0;
  for (Index i = 0; i < r.size(); ++i) {
    const double z = r[i] * r[i] / c2;
    evaluate(z, rho, rho1, rho2);
    sum += rho;
    // ρ″ is per unit of z: z ρ″ = r² ρ″/C².
    const double w = ceres && rho2 <= 0.0 ? rho1 : std::max(rho1 + 2.0 * z * rho2, kEps);
    const double sqrt_w = std::sqrt(w);
    r[i] *= rho1 / sqrt_w;
    if (jacobian) jacobian->row(i) *= sqrt_w;
  }
  return 0.5 * c2 * sum;
}

std::string loss_name(LossKind kind) {
  switch (kind) {
    case LossKind::linear:
      return "linear";
    case LossKind::soft_l1:
      return "soft_l1";
    case LossKind::huber:
      return "huber";
    case LossKind::cauchy:
      return "cauchy";
    case LossKind::arctan:
      return "arctan";
  }
  return "linear";
}

LossKind loss_from_name(std::string_view name) {
  for (LossKind k :
       {LossKind::linear, LossKind::soft_l1, LossKind::huber, LossKind::cauchy, LossKind::arctan}) {
    std::string dashed = loss_name(k);
    for (char& c : dashed)
      if (c == '_') c = '-';
    if (name == loss_name(k) || name == dashed) return k;
  }
  throw InvalidArgument(
      fmt::format("unknown loss '{}' (choose linear, soft_l1, huber, cauchy or arctan)", name));
}

}  // namespace minima
