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

std::string method_name(const LeastSquaresMethod& method) {
  return std::holds_alternative<LevenbergMarquardt>(method) ? "lm" : "gn";
}

LeastSquaresMethod least_squares_method_from_name(std::string_view name) {
  if (name == "lm" || name == "levenberg-marquardt") return LevenbergMarquardt{};
  if (name == "gn" || name == "gauss-newton") return GaussNewton{};
  throw InvalidArgument(fmt::format("unknown least-squares method '{}' (choose lm or gn)", name));
}

LeastSquaresSummary least_squares_summary(const Vector& r, const Matrix& jacobian) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const Index m = jacobian.rows(), n = jacobian.cols();
  LeastSquaresSummary s;
  s.observations = m;
  s.degrees_of_freedom = m - n;
  s.residual_sum_of_squares = r.squaredNorm();
  s.cost = 0.5 * s.residual_sum_of_squares;
  s.residual_standard_deviation =
      s.degrees_of_freedom > 0
          ? std::sqrt(s.residual_sum_of_squares / static_cast<double>(s.degrees_of_freedom))
          : kNaN;
  s.standard_errors.setConstant(n, kNaN);
  s.covariance.setConstant(n, n, kNaN);
  s.correlation.setConstant(n, n, kNaN);
  if (!jacobian.allFinite() || n == 0) return s;
  Eigen::ColPivHouseholderQR<Matrix> qr(jacobian);
  s.jacobian_rank = qr.rank();
  if (s.jacobian_rank < n || s.degrees_of_freedom <= 0) return s;
  // (JᵀJ)⁻¹ = P R⁻¹ R⁻ᵀ Pᵀ for J P = Q R: R⁻¹ by back substitution (no inverse of JᵀJ).
  const auto upper = qr.matrixR().topLeftCorner(n, n).template triangularView<Eigen::Upper>();
  Matrix r_inverse = upper.solve(Matrix::Identity(n, n));
  Matrix inner = r_inverse * r_inverse.transpose();
  const auto& perm = qr.colsPermutation();
  Matrix cov = perm * inner * perm.transpose();
  const double s2 = s.residual_standard_deviation * s.residual_standard_deviation;
  s.covariance = s2 * cov;
  s.standard_errors = s.covariance.diagonal().cwiseSqrt();
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < n; ++j)
      s.correlation(i, j) = s.covariance(i, j) / (s.standard_errors[i] * s.standard_errors[j]);
  return s;
}

Result solve_least_squares(const ResidualObjective& problem, Vector x0, const LeastSquaresMethod& method,
                           const Stop& stop, const Observer& observer) {
  std::visit([](const auto& m) { m.validate(); }, method);
  stop.validate();
  if (problem.residuals() <= 0)
    throw InvalidArgument(
        fmt::format("the problem has {} residuals; it needs at least one", problem.residuals()));
  const Index n = x0.size();
  if (!problem.parameter_names().empty() && static_cast<Index>(problem.parameter_names().size()) != n &&
      (problem.dimension() == 0 || problem.dimension() == n))
    throw InvalidArgument(fmt::format("the problem names {} parameters but x0 has {} entries",
                                      problem.parameter_names().size(), n));

  least_squares_detail::ResidualCache cache{problem, problem.residuals(), {}, {}, {}};
  const Objective objective = cache.objective();
  std::unique_ptr<least_squares_detail::LeastSquaresIteration> iteration;
  if (const auto* lm = std::get_if<LevenbergMarquardt>(&method))
    iteration = std::make_unique<least_squares_detail::LevenbergMarquardtIteration>(cache, *lm);
  else
    iteration =
        std::make_unique<least_squares_detail::GaussNewtonIteration>(cache, std::get<GaussNewton>(method));

  Result result = run_iterations(objective, std::move(x0), *iteration, stop, observer);
  if (result.status == Status::function_error) {
    if (!cache.size_error.empty())
      result.message = cache.size_error;
    else if (result.message.starts_with("the objective threw"))
      result.message.replace(0, 19, "the residual function threw");
  }
  if (result.status == Status::invalid_input || result.x.size() != n || !result.x.allFinite()) return result;

  // The statistics at the final point: the method's own r and J when it holds them, else one more
  // (uncounted) evaluation.
  Vector r;
  Matrix jacobian;
  if (iteration->holds(result.x)) {
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
  LeastSquaresSummary summary = least_squares_summary(r, jacobian);
  summary.parameter_names = problem.parameter_names();
  summary.residual_evaluations = result.evaluations.function;
  summary.jacobian_evaluations = result.evaluations.gradient;
  summary.jacobian_source = problem.jacobian_source();
  result.least_squares = std::move(summary);
  return result;
}

}  // namespace minima
