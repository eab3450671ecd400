// Nonlinear least squares: minimize f(x) = ½‖r(x)‖² for residuals r: Rⁿ → Rᵐ with a Jacobian J.
//
//   Result r = solve_least_squares(problem, x0);                            // Levenberg–Marquardt
//   Result g = solve_least_squares(problem, x0, GaussNewton{});
//   r.least_squares->standard_errors                                         // se_j = s √((JᵀJ)⁻¹)_jj
//
// Both methods run under the one driver (core/driver.hpp) on f = ½‖r‖², ∇f = Jᵀr, so Stop,
// observers, traces and messages behave as for every other method: an iteration is an accepted
// step; Result::evaluations counts residual evaluations as `function` and Jacobian evaluations as
// `gradient` (a Jacobian evaluation also returns the residuals). Stop::g_abstol applies to ‖Jᵀr‖∞,
// which depends on the scale of the data: the methods' own tests below are scale-free, and
// Stop{.g_abstol = 0} leaves convergence to them.
//
// Levenberg–Marquardt (Moré 1978, "The Levenberg–Marquardt algorithm: implementation and theory",
// LNM 630; Madsen, Nielsen & Tingleff, "Methods for Non-Linear Least Squares Problems", 2nd ed.,
// IMM DTU 2004, §3.2 for the damping update): the step solves
//     (JᵀJ + μ D²) p = −Jᵀr
// as the linear least-squares problem min ‖[J; √μ D] p + [r; 0]‖ — by QR of J once per Jacobian and
// a small QR of [R; √μ D] per trial μ (never forming JᵀJ), or by Cholesky of JᵀJ + μD² with a QR
// fallback when that fails. D is diagonal: Moré's scaling D_j = max over the iterations of ‖J_j‖
// (invariant to the units of x_j, and it never lets a column that vanishes invite huge steps),
// or Marquardt's D_j = ‖J_j‖ at the current point. μ follows the gain ratio
// ρ = (‖r‖² − ‖r(x+p)‖²) / (‖Jp‖² + 2μ‖Dp‖²) (Nielsen): ρ > 0 accepts the step and sets
// μ ← μ·max(1/3, 1 − (2ρ−1)³), ν ← 2; otherwise μ ← μ·ν, ν ← 2ν.
//
// With geodesic acceleration (Transtrum & Sethna, "Improvements to the Levenberg–Marquardt algorithm
// for nonlinear least-squares minimization", arXiv:1201.5885, 2012, §4) the trial step is v + a/2,
// where v is the step above and a the acceleration along it (see geodesic_acceleration below); the
// gain ratio then compares the actual reduction with ‖Jv‖² + 2μ‖Dv‖², v's predicted reduction.
//
// Gauss–Newton (Björck, "Numerical Methods for Least Squares Problems", SIAM 1996, §9.2.1): the step
// solves min ‖J p + r‖ by column-pivoted QR (JᵀJ p = −Jᵀr without forming JᵀJ; a rank-deficient J
// gets the basic solution), then halves the step until ‖r‖² decreases (Hartley 1961).
//
// Trust-region reflective (`trf`, for bounds lower ≤ x ≤ upper; Branch, Coleman & Li, "A subspace,
// interior, and conjugate gradient method for large-scale bound-constrained minimization problems",
// SIAM J. Sci. Comput. 21(1), 1999; as scipy.optimize.least_squares' `trf` with x_scale = 1 and the
// exact subproblem solver): with the Coleman–Li scaling v (v_j = the distance to the bound that −∇F
// points to, 1 for a free direction) the trust-region problem is solved in the variables x̂ = x / √v
// with the extra diagonal ∇F∘dv (Moré's iteration on an SVD), the step is cut back to θ = max(0.995,
// 1 − ‖v∘∇F‖∞) of the way to the first bound it meets, and the best of that step, its reflection at
// the bound and the scaled steepest descent is taken, so every iterate is strictly inside the box.
// Stop tests are scipy's: ‖v∘∇F‖∞ < g_tol, actual reduction < f_reltol·F (with ratio > 0.25), and
// ‖p‖ < x_reltol (x_reltol + ‖x‖).
//
// Robust losses (robust_loss.hpp) run on every method through the corrected residuals and Jacobian
// (trf: scipy's correction; lm, gn: Ceres' Corrector); Levenberg–Marquardt then skips geodesic
// acceleration (its second derivative along the step is of
// the raw residuals, not of the loss).
//
// Own stop tests (MINPACK's lmder, Moré, Garbow & Hillstrom 1980, with names saying what is
// compared), each a convergence Status with the measured value in the message:
//   converged_function  both the actual and the predicted relative reduction of ‖r‖² are ≤ f_reltol
//   converged_step      ‖D p‖ ≤ x_reltol · ‖D x‖ (D = 1 for Gauss–Newton)
//   converged_orthogonality  max_j |(Jᵀr)_j| / (‖J_j‖ ‖r‖) ≤ g_costol (the cosine of the angle
//                       between r and each column of J), or r = 0
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "minima/core/constraints.hpp"
#include "minima/core/least_squares_summary.hpp"
#include "minima/core/observer.hpp"
#include "minima/core/residual_objective.hpp"
#include "minima/core/result.hpp"
#include "minima/core/stop.hpp"
#include "minima/least_squares/robust_loss.hpp"

namespace minima {

/// How the damped linear system is solved.
enum class LinearSolver {
  qr,  ///< QR of J per Jacobian, then a small QR of [R; √μ D] per μ (accurate: no squaring of κ(J))
  cholesky,  ///< Cholesky of JᵀJ + μ D² (cheapest; falls back to QR when not positive definite)
};
/// The diagonal D of the damping term μD².
enum class DampingScaling {
  more,       ///< D_j = max over iterations of ‖J_j‖ (Moré 1978; MINPACK's mode 1)
  marquardt,  ///< D_j = ‖J_j‖ at the current point (Marquardt 1963: D² = diag JᵀJ)
  identity,   ///< D = I (Levenberg 1944)
};

struct LevenbergMarquardt {
  /// μ at the start, relative to the scaled diagonal (D_j = ‖J_j‖ makes μ dimensionless). Small
  /// starts near Gauss–Newton; the gain ratio raises it at once if that fails. Must be > 0.
  double initial_damping = 1e-3;
  DampingScaling scaling = DampingScaling::more;
  /// The scaled step ‖D p‖ is kept within a radius Δ (μ is raised until it fits, at no evaluation
  /// cost): Δ₀ = initial_radius · ‖D x₀‖ (or initial_radius when that is 0), Δ ← max(Δ, 2‖Dp‖) after a
  /// step with ρ > 0.75, Δ ← min(Δ, ‖Dp‖/2) after a rejected one (Moré 1978 §2, MINPACK's `factor`).
  /// It keeps the first steps from jumping to where the model is flat (BoxBOD from start 1).
  double initial_radius = 1.0;
  LinearSolver linear_solver = LinearSolver::qr;
  /// Geodesic acceleration (Transtrum & Sethna 2012): the step v gets the second-order correction
  /// a/2, a = −(JᵀJ + μD²)⁻¹ Jᵀ r_vv, with the directional second derivative r_vv of the residuals
  /// along v by one extra residual evaluation (finite difference with step geodesic_h · v). The
  /// correction is used only when 2‖Da‖ ≤ geodesic_ratio · ‖Dv‖, and when v + a/2 does not reduce
  /// ‖r‖² the plain step v is tried before μ grows.
  /// It lets the method follow curved valleys in far fewer iterations (NIST MGH10, Bennett5).
  bool geodesic_acceleration = true;
  double geodesic_ratio = 0.75;  ///< α of Transtrum & Sethna (> 0)
  double geodesic_h = 0.1;       ///< the finite-difference step along v, relative to v (> 0)
  /// converged_function when both relative reductions of ‖r‖² are ≤ f_reltol (≥ 0; 0 = off).
  double f_reltol = 1e-14;
  /// converged_step when ‖D p‖ ≤ x_reltol ‖D x‖ (≥ 0; 0 = off).
  double x_reltol = 1e-14;
  /// converged_orthogonality when every column of J makes an angle with r whose cosine is ≤ g_costol.
  double g_costol = 1e-14;
  /// The run stops (trust_region_collapsed) when μ exceeds this without an acceptable step.
  double max_damping = 1e32;
  /// Throws InvalidArgument naming the field, value and rule.
  void validate() const;
};

struct GaussNewton {
  /// Halve the step until ‖r‖² decreases (at most max_halvings times); false takes full steps.
  bool step_halving = true;
  int max_halvings = 40;
  double f_reltol = 1e-14;  ///< as LevenbergMarquardt::f_reltol (actual reduction only)
  double x_reltol = 1e-14;  ///< ‖p‖ ≤ x_reltol ‖x‖
  double g_costol = 1e-14;  ///< as LevenbergMarquardt::g_costol
  void validate() const;
};

struct TrustRegionReflective {
  double f_reltol = 1e-14;  ///< scipy's ftol: converged_function when F falls by < f_reltol·F (≥ 0)
  double x_reltol = 1e-14;  ///< scipy's xtol: converged_step when ‖p‖ < x_reltol (x_reltol + ‖x‖) (≥ 0)
  double g_tol = 1e-14;  ///< scipy's gtol: converged_gradient when ‖v∘∇F‖∞ < g_tol (≥ 0, absolute)
  void validate() const;
};

using LeastSquaresMethod = std::variant<LevenbergMarquardt, GaussNewton, TrustRegionReflective>;

/// "lm", "gn" or "trf".
std::string method_name(const LeastSquaresMethod& method);
/// "lm" / "levenberg-marquardt", "gn" / "gauss-newton", "trf" / "trust-region-reflective";
/// InvalidArgument naming the choices otherwise.
LeastSquaresMethod least_squares_method_from_name(std::string_view name);

/// What the problem adds to ½‖r‖²: a robust loss, bounds, and how the covariance is scaled.
struct LeastSquaresOptions {
  LeastSquaresMethod method = LevenbergMarquardt{};
  RobustLoss loss{};
  /// lower ≤ x ≤ upper; needs TrustRegionReflective (InvalidArgument otherwise). A start outside is
  /// projected (then moved 1e-10·max(1, |bound|) inside, as scipy does) and the message says so.
  Bounds bounds{};
  /// The residuals are already divided by known standard deviations σ_i (curve_fit's
  /// absolute_sigma): the covariance is (JᵀJ)⁻¹, not s²(JᵀJ)⁻¹.
  bool absolute_sigma = false;
};

/// Minimizes ½‖r(x)‖² from x0. Never throws for numerical outcomes: a residual function that throws,
/// returns the wrong number of residuals or a Jacobian of the wrong size gives Status::function_error,
/// NaN/Inf at x0 gives non_finite_value, a non-finite x0 invalid_input; a trial point where the
/// residuals are not finite is treated as a failed step (μ grows). Throws InvalidArgument for invalid
/// method or Stop settings. Result::least_squares holds the fit statistics at the final point when
/// the residuals and Jacobian there are finite.
Result solve_least_squares(const ResidualObjective& problem, Vector x0,
                           const LeastSquaresMethod& method = LevenbergMarquardt{}, const Stop& stop = {},
                           const Observer& observer = {});

/// The Stop that `minima lsq` runs with unless told otherwise: the methods' scale-free tests decide
/// convergence (g_abstol = 0, since the absolute ‖Jᵀr‖∞ test depends on the units of r) and a
/// budget of 20000 iterations, so that those tests and not the limit end a slow fit.
inline Stop least_squares_stop() {
  return Stop{.g_abstol = 0.0, .max_iterations = 20000};
}

/// As above with a loss, bounds and the covariance scaling. With bounds Result::kkt holds the
/// KKT residuals of the box at the final point (multipliers z = the part of ∇F pushing against an
/// active bound, one within 1e-6·max(1, |bound|)).
Result solve_least_squares(const ResidualObjective& problem, Vector x0, const LeastSquaresOptions& options,
                           const Stop& stop = {}, const Observer& observer = {});

/// The statistics of the fit at x from residuals r and Jacobian J there (see LeastSquaresSummary).
/// With a robust loss and/or absolute_sigma in `options` (its method and bounds are not used), the
/// statistics as documented in LeastSquaresSummary; r and J are the raw residuals and Jacobian.
LeastSquaresSummary least_squares_summary(const Vector& r, const Matrix& jacobian,
                                          const LeastSquaresOptions& options = {});

}  // namespace minima
