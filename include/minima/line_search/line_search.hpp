// Line searches along a descent direction d from x: find α > 0 with f(x + α d) sufficiently below
// f(x). Three strategies, chosen by value (std::variant), one file each:
//   Backtracking  — Armijo sufficient decrease, α ← shrink·α   (Nocedal & Wright 2006, Alg. 3.1)
//   GoldenSection — bracket, then golden-section search on the values (exact line search)
//   StrongWolfe   — Moré & Thuente (1994) with the strong Wolfe conditions (N&W §3.5)
// Symbols: φ(α) = f(x + α d), φ'(α) = ∇f(x + α d)ᵀd; N&W's c1, c2 keep their names.
// Outcomes never throw: a search that finds no acceptable step returns ok = false with a message.
#pragma once

#include <limits>
#include <string>
#include <string_view>
#include <variant>

#include "minima/core/counted_objective.hpp"
#include "minima/core/driver.hpp"
#include "minima/core/types.hpp"

namespace minima {

/// Armijo backtracking: accept the first α = α0·shrinkᵏ with φ(α) ≤ φ(0) + c1 α φ'(0).
/// Non-finite values count as "not sufficiently lower" and shrink the step.
struct Backtracking {
  double c1 = 1e-4;          ///< sufficient-decrease constant, 0 < c1 < 1
  double shrink = 0.5;       ///< step reduction factor, 0 < shrink < 1
  int max_evaluations = 60;  ///< trials before giving up (0.5⁶⁰ ≈ 1e-18)
  void validate() const;
};

/// Exact line search on values: expand [0, b] until φ rises (b = initial_bracket·α0, doubling),
/// then golden-section search until the interval is below `tolerance` relative to α.
struct GoldenSection {
  double tolerance = 1e-8;    ///< stop when (b − a) ≤ tolerance·(1 + |α|)
  int max_evaluations = 200;  ///< value evaluations for bracketing and sectioning together
  void validate() const;
};

/// Moré–Thuente: φ(α) ≤ φ(0) + c1 α φ'(0) and |φ'(α)| ≤ c2 |φ'(0)|.
/// c2 = 0.9 suits (L-)BFGS; nonlinear CG wants c2 ≈ 0.1.
struct StrongWolfe {
  double c1 = 1e-4;          ///< sufficient decrease, 0 < c1 < c2
  double c2 = 0.9;           ///< curvature, c1 < c2 < 1
  int max_evaluations = 30;  ///< function-and-gradient evaluations before giving up
  double max_step = 1e20;    ///< upper bound on α
  void validate() const;
};

using LineSearch = std::variant<Backtracking, GoldenSection, StrongWolfe>;

/// "backtracking", "golden-section" or "strong-wolfe".
std::string_view name(const LineSearch& search);
void validate(const LineSearch& search);

/// φ along x + α d, evaluated through the counted objective. Keeps the point, value and gradient of
/// the latest evaluation so that the accepted step needs no second evaluation.
class LineFunction {
 public:
  LineFunction(CountedObjective& f, const Vector& x, const Vector& d) : f_(f), x_(x), d_(d) {}

  /// φ(α) and φ'(α) (a value-and-gradient evaluation). Non-finite on failure.
  double value_derivative(double alpha, double& derivative);
  /// φ(α) alone (a value evaluation).
  double value(double alpha);
  /// Moves the point at `alpha` into state (x, f, g), evaluating the gradient there if the latest
  /// evaluation was not a value-and-gradient one at this α. O(1) when it was (buffers are swapped).
  void accept(double alpha, IterateState& state);

  CountedObjective& objective() { return f_; }
  const Vector& direction() const { return d_; }

 private:
  void move_to(double alpha);

  CountedObjective& f_;
  const Vector& x_;
  const Vector& d_;
  Vector x_trial_, g_trial_;
  double alpha_trial_ = std::numeric_limits<double>::quiet_NaN();
  double f_trial_ = std::numeric_limits<double>::quiet_NaN();
  bool have_gradient_ = false;
};

struct LineSearchResult {
  bool ok = false;
  double alpha = 0.0;                                       ///< the accepted step (if ok)
  double value = std::numeric_limits<double>::quiet_NaN();  ///< φ(α)
  int evaluations = 0;                                      ///< of φ during this search
  std::string message;                                      ///< why it failed (if not ok)
};

/// Searches from the trial step alpha0 > 0, given φ(0) = f0 and φ'(0) = slope0 < 0.
/// On success the caller accepts with phi.accept(result.alpha, state).
LineSearchResult line_search(const LineSearch& search, LineFunction& phi, double f0, double slope0,
                             double alpha0);

LineSearchResult backtracking_search(const Backtracking& s, LineFunction& phi, double f0, double slope0,
                                     double alpha0);
LineSearchResult golden_section_search(const GoldenSection& s, LineFunction& phi, double f0, double slope0,
                                       double alpha0);
LineSearchResult strong_wolfe_search(const StrongWolfe& s, LineFunction& phi, double f0, double slope0,
                                     double alpha0);

}  // namespace minima
