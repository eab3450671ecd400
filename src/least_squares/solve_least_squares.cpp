#include <cmath>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "gauss_newton.hpp"
#include "levenberg_marquardt.hpp"
#include "minima/core/driver.hpp"
#include "minima/core/error.hpp"
#include "minima/least_squares/least_squares.hpp"
#include "residual_cache.hpp"
#include "trust_region_reflective.hpp"

namespace minima {
namespace {

void check_tolerance(const char* method, const char* field, double value) {
  if (!(value >= 0) || !std::isfinite(value))
    throw InvalidArgument(fmt::format("{}::{} = {}: must be finite and >= 0", method, field, value));
}

}  // namespace

void LevenbergMarquardt::validate() const {
  if (!(initial_damping > 0) || !std::isfinite(initial_damping))
    throw InvalidArgument(
        fmt::format("LevenbergMarquardt::initial_damping = {}: must be finite and > 0", initial_damping));
  if (!(max_damping > initial_damping))
    throw InvalidArgument(fmt::format("LevenbergMarquardt::max_damping = {}: must be > initial_damping = {}",
                                      max_damping, initial_damping));
  if (!(geodesic_ratio > 0) || !std::isfinite(geodesic_ratio))
    throw InvalidArgument(
        fmt::format("LevenbergMarquardt::geodesic_ratio = {}: must be finite and > 0", geodesic_ratio));
  if (!(geodesic_h > 0) || !std::isfinite(geodesic_h))
    throw InvalidArgument(
        fmt::format("LevenbergMarquardt::geodesic_h = {}: must be finite and > 0", geodesic_h));
  check_tolerance("LevenbergMarquardt", "f_reltol", f_reltol);
  check_tolerance("LevenbergMarquardt", "x_reltol", x_reltol);
  check_tolerance("LevenbergMarquardt", "g_costol", g_costol);
}

void GaussNewton::validate() const {
  if (max_halvings < 0 || max_halvings > 1000)
    throw InvalidArgument(fmt::format("GaussNewton::max_halvings = {}: must be in [0, 1000]", max_halvings));
  check_tolerance("GaussNewton", "f_reltol", f_reltol);
  check_tolerance("GaussNewton", "x_reltol", x_reltol);
  check_tolerance("GaussNewton", "g_costol", g_costol);
}

void TrustRegionReflective::validate() const {
  check_tolerance("TrustRegionReflective", "f_reltol", f_reltol);
  check_tolerance("TrustRegionReflective", "x_reltol", x_reltol);
  check_tolerance("TrustRegionReflective", "g_tol", g_tol);
}

std::string method_name(const LeastSquaresMethod& method) {
  if (std::holds_alternative<LevenbergMarquardt>(method)) return "lm";
  return std::holds_alternative<GaussNewton>(method) ? "gn" : "trf";
}

LeastSquaresMethod least_squares_method_from_name(std::string_view name) {
  if (name == "lm" || name == "levenberg-marquardt") return LevenbergMarquardt{};
  if (name == "gn" || name == "gauss-newton") return GaussNewton{};
  if (name == "trf" || name == "trust-region-reflective") return TrustRegionReflective{};
  throw InvalidArgument(fmt::format("unknown least-squares method '{}' (choose lm, gn or trf)", name));
}

LeastSquaresSummary least_squares_summary(const Vector& r, const Matrix& raw_jacobian,
                                          const LeastSquaresOptions& options) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const Index m = raw_jacobian.rows(), n = raw_jacobian.cols();
  LeastSquaresSummary s;
  s.observations = m;
  s.degrees_of_freedom = m - n;
  s.residual_sum_of_squares = r.squaredNorm();
  s.loss = loss_name(options.loss.kind);
  s.f_scale = options.loss.f_scale;
  s.absolute_sigma = options.absolute_sigma;
  // A robust loss: its cost and the corrected Jacobian J̃ (curve_fit uses least_squares' J̃ too).
  Vector corrected_r = r;
  Matrix jacobian = raw_jacobian;
  s.cost = options.loss.correct(corrected_r, &jacobian);
  s.residual_standard_deviation =
      s.degrees_of_freedom > 0 ? std::sqrt(2.0 * s.cost / static_cast<double>(s.degrees_of_freedom)) : kNaN;
  s.standard_errors.setConstant(n, kNaN);
  s.covariance.setConstant(n, n, kNaN);
  s.correlation.setConstant(n, n, kNaN);
  if (!jacobian.allFinite() || n == 0) return s;
  Eigen::ColPivHouseholderQR<Matrix> qr(jacobian);
  s.jacobian_rank = qr.rank();
  if (s.jacobian_rank < n || (s.degrees_of_freedom <= 0 && !options.absolute_sigma)) return s;
  // (JᵀJ)⁻¹ = P R⁻¹ R⁻ᵀ Pᵀ for J P = Q R: R⁻¹ by back substitution (no inverse of JᵀJ).
  const auto upper = qr.matrixR().topLeftCorner(n, n).template triangularView<Eigen::Upper>();
  Matrix r_inverse = upper.solve(Matrix::Identity(n, n));
  Matrix inner = r_inverse * r_inverse.transpose();
  const auto& perm = qr.colsPermutation();
  Matrix cov = perm * inner * perm.transpose();
  const double s2 =
      options.absolute_sigma ? 1.0 : s.residual_standard_deviation * s.residual_standard_deviation;
  s.covariance = s2 * cov;
  s.standard_errors = s.covariance.diagonal().cwiseSqrt();
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < n; ++j)
      s.correlation(i, j) = s.covariance(i, j) / (s.standard_errors[i] * s.standard_errors[j]);
  return s;
}

Result solve_least_squares(const ResidualObjective& problem, Vector x0, const LeastSquaresMethod& method,
                           const Stop& stop, const Observer& observer) {
  return solve_least_squares(problem, std::move(x0), LeastSquaresOptions{.method = method}, stop, observer);
}

namespace {

/// " (the start point was outside the bounds and was projected onto them: x0[1] = 5 -> 1)" or "".
std::string projection_note(const Vector& before, const Vector& after) {
  std::string list;
  int moved = 0;
  for (Index i = 0; i < before.size(); ++i) {
    if (before[i] == after[i]) continue;
    if (++moved <= 3) list += fmt::format("{}x0[{}] = {:g} -> {:g}", list.empty() ? "" : ", ", i, before[i], after[i]);
  }
  if (moved == 0) return {};
  if (moved > 3) list += fmt::format(", ... ({} in all)", moved);
  return " (the start point was outside the bounds and was projected onto them: " + list + ")";
}

/// The KKT residuals of min F s.t. lower ≤ x ≤ upper at x with ∇F = g: a bound within
/// tol·max(1, |bound|) is active and takes the part of g pushing against it as its multiplier.
KktReport bound_kkt(const Vector& x, const Vector& g, const Bounds& box) {
  constexpr double kActive = 1e-6;
  const Index n = x.size();
  KktReport k;
  k.lower_bound_multipliers.setZero(n);
  k.upper_bound_multipliers.setZero(n);
  auto active = [](double distance, double bound) {
    return std::isfinite(bound) && distance <= kActive * std::max(1.0, std::abs(bound));
  };
  for (Index i = 0; i < n; ++i) {
    double residual = g[i];
    if (g[i] > 0 && active(x[i] - box.lower[i], box.lower[i])) {
      k.lower_bound_multipliers[i] = g[i];
      residual = 0.0;
      k.complementary_slackness = std::max(k.complementary_slackness, std::abs(g[i] * (x[i] - box.lower[i])));
    } else if (g[i] < 0 && active(box.upper[i] - x[i], box.upper[i])) {
      k.upper_bound_multipliers[i] = -g[i];
      residual = 0.0;
      k.complementary_slackness = std::max(k.complementary_slackness, std::abs(g[i] * (box.upper[i] - x[i])));
    }
    k.stationarity = std::max(k.stationarity, std::abs(residual));
    k.primal_feasibility =
        std::max({k.primal_feasibility, box.lower[i] - x[i], x[i] - box.upper[i]});
  }
  k.feasible = k.primal_feasibility <= 0.0;
  return k;
}

}  // namespace

Result solve_least_squares(const ResidualObjective& problem, Vector x0, const LeastSquaresOptions& options,
                           const Stop& stop, const Observer& observer) {
  const LeastSquaresMethod& method = options.method;
  std::visit([](const auto& m) { m.validate(); }, method);
  stop.validate();
  options.loss.validate();
  if (problem.residuals() <= 0)
    throw InvalidArgument(
        fmt::format("the problem has {} residuals; it needs at least one", problem.residuals()));
  const Index n = x0.size();
  if (!problem.parameter_names().empty() && static_cast<Index>(problem.parameter_names().size()) != n &&
      (problem.dimension() == 0 || problem.dimension() == n))
    throw InvalidArgument(fmt::format("the problem names {} parameters but x0 has {} entries",
                                      problem.parameter_names().size(), n));
  const bool bounded = !options.bounds.empty();
  Bounds box;
  std::string note;
  if (bounded) {
    if (!std::holds_alternative<TrustRegionReflective>(method))
      throw InvalidArgument(fmt::format("bounds need the trf method (trust-region reflective), not {}",
                                        method_name(method)));
    options.bounds.validate(n);
    box = options.bounds.expanded(n);
    for (Index i = 0; i < n; ++i)
      if (!(box.lower[i] < box.upper[i]))
        throw InvalidArgument(fmt::format("bounds: lower[{}] = {} must be < upper[{}] = {} (trf keeps x strictly "
                                          "inside; fix the parameter instead of giving it zero width)",
                                          i, box.lower[i], i, box.upper[i]));
    if (x0.allFinite()) {
      const Vector projected = box.project(x0);
      note = projection_note(x0, projected);
      // Strictly inside, as scipy's make_strictly_feasible(x0, lb, ub, rstep=1e-10).
      x0 = projected;
      for (Index i = 0; i < n; ++i) {
        const double lo = box.lower[i], hi = box.upper[i];
        if (x0[i] <= lo) x0[i] = lo + 1e-10 * std::max(1.0, std::abs(lo));
        if (x0[i] >= hi) x0[i] = hi - 1e-10 * std::max(1.0, std::abs(hi));
        if (!(x0[i] > lo && x0[i] < hi)) x0[i] = 0.5 * (lo + hi);
      }
    }
  }

  least_squares_detail::ResidualCache cache{problem, problem.residuals(), {}, {}, {}, options.loss,
                                            !std::holds_alternative<TrustRegionReflective>(method)};
  const Objective objective = cache.objective();
  std::unique_ptr<least_squares_detail::LeastSquaresIteration> iteration;
  if (const auto* lm = std::get_if<LevenbergMarquardt>(&method)) {
    LevenbergMarquardt settings = *lm;
    if (!options.loss.is_linear()) settings.geodesic_acceleration = false;
    iteration = std::make_unique<least_squares_detail::LevenbergMarquardtIteration>(cache, settings);
  } else if (const auto* gn = std::get_if<GaussNewton>(&method)) {
    iteration = std::make_unique<least_squares_detail::GaussNewtonIteration>(cache, *gn);
  } else {
    if (!bounded) box = Bounds{}.expanded(n);
    iteration = std::make_unique<least_squares_detail::TrustRegionReflectiveIteration>(
        cache, std::get<TrustRegionReflective>(method), box);
  }

  Result result = run_iterations(objective, std::move(x0), *iteration, stop, observer);
  if (result.status == Status::function_error) {
    if (!cache.size_error.empty())
      result.message = cache.size_error;
    else if (result.message.starts_with("the objective threw"))
      result.message.replace(0, 19, "the residual function threw");
  }
  result.message += note;
  if (result.status == Status::invalid_input || result.x.size() != n || !result.x.allFinite()) return result;
  // ∇F = J̃ᵀr̃ at the final point for the KKT residuals (the driver's gradient is not in Result).
  if (bounded && iteration->holds(result.x))
    result.kkt = bound_kkt(result.x, iteration->jacobian().transpose() * iteration->r(), box);

  // The statistics at the final point from the raw residuals and Jacobian: the method's own when it
  // holds them (the linear loss), else one more (uncounted) evaluation.
  Vector r;
  Matrix jacobian;
  if (options.loss.is_linear() && iteration->holds(result.x)) {
    r = iteration->r();
    jacobian = iteration->jacobian();
  } else {
    try {
      r.resize(problem.residuals());
      jacobian.resize(problem.residuals(), n);
      problem(result.x, r, &jacobian);
    } catch (...) {
      return result;
    }
    if (r.size() != problem.residuals() || jacobian.rows() != r.size() || jacobian.cols() != n) return result;
  }
  if (!r.allFinite()) return result;
  if (bounded && !result.kkt && jacobian.allFinite()) {
    Vector corrected = r;
    Matrix corrected_jacobian = jacobian;
    options.loss.correct(corrected, &corrected_jacobian);
    result.kkt = bound_kkt(result.x, corrected_jacobian.transpose() * corrected, box);
  }
  LeastSquaresSummary summary = least_squares_summary(r, jacobian, options);
  summary.parameter_names = problem.parameter_names();
  summary.residual_evaluations = result.evaluations.function;
  summary.jacobian_evaluations = result.evaluations.gradient;
  summary.jacobian_source = problem.jacobian_source();
  result.least_squares = std::move(summary);
  return result;
}

}  // namespace minima
