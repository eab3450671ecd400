#include "minima/constrained/kkt.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {
namespace {

struct Evaluated {
  Vector grad_f;
  Vector g, h;    // constraint values
  Matrix jg, jh;  // Jacobians, one row per constraint
  Bounds box;     // expanded
};

Evaluated evaluate(const Objective& objective, const Constraints& c, const Vector& x) {
  const Index n = x.size();
  if (n == 0) throw InvalidArgument("kkt_report: the point is empty");
  if (objective.dimension() != 0 && objective.dimension() != n)
    throw InvalidArgument(fmt::format("kkt_report: the point has {} entries but the objective takes {}", n,
                                      objective.dimension()));
  c.bounds.validate(n);
  Evaluated e;
  e.grad_f.resize(n);
  objective(x, &e.grad_f);
  auto fill = [&](const std::vector<Objective>& list, Vector& values, Matrix& jac) {
    values.resize(static_cast<Index>(list.size()));
    jac.resize(static_cast<Index>(list.size()), n);
    Vector grad(n);
    for (std::size_t i = 0; i < list.size(); ++i) {
      grad.resize(n);
      values[static_cast<Index>(i)] = list[i](x, &grad);
      if (grad.size() != n)
        throw InvalidArgument(
            fmt::format("a constraint gradient has {} entries, expected {}", grad.size(), n));
      jac.row(static_cast<Index>(i)) = grad.transpose();
    }
  };
  fill(c.equalities, e.g, e.jg);
  fill(c.inequalities, e.h, e.jh);
  e.box = c.bounds.expanded(n);
  return e;
}

bool bound_active(double distance, double bound, double tol) {
  return std::isfinite(bound) && distance <= tol * std::max(1.0, std::abs(bound));
}

/// Bound multipliers from the stationarity residual r = ∇f + Jgᵀλ + Jhᵀα.
void bound_multipliers(const Evaluated& e, const Vector& x, const Vector& r, double tol, Vector& zl,
                       Vector& zu) {
  const Index n = x.size();
  zl.setZero(n);
  zu.setZero(n);
  for (Index k = 0; k < n; ++k) {
    if (r[k] > 0 && bound_active(x[k] - e.box.lower[k], e.box.lower[k], tol)) zl[k] = r[k];
    if (r[k] < 0 && bound_active(e.box.upper[k] - x[k], e.box.upper[k], tol)) zu[k] = -r[k];
  }
}

Multipliers estimate(const Evaluated& e, const Vector& x, const KktOptions& options, bool want_eq,
                     bool want_ineq, const Multipliers& given) {
  const Index n = x.size();
  const Index me = e.g.size(), mi = e.h.size();
  Multipliers m = given;
  if (want_eq || want_ineq) {
    std::vector<Index> active;
    if (want_ineq)
      for (Index j = 0; j < mi; ++j)
        if (std::abs(e.h[j]) <= options.active_tolerance || e.h[j] > 0) active.push_back(j);
    // The bounds that are active also get a column, so that they do not distort λ and α; their
    // multipliers are re-derived from the residual afterwards.
    std::vector<std::pair<Index, double>> bound_cols;  // (variable, −1 lower / +1 upper)
    for (Index k = 0; k < n; ++k) {
      if (bound_active(x[k] - e.box.lower[k], e.box.lower[k], options.active_tolerance))
        bound_cols.push_back({k, -1.0});
      else if (bound_active(e.box.upper[k] - x[k], e.box.upper[k], options.active_tolerance))
        bound_cols.push_back({k, 1.0});
    }
    for (;;) {
      const Index eq_cols = want_eq ? me : 0;
      const Index cols = eq_cols + static_cast<Index>(active.size() + bound_cols.size());
      Vector rhs = -e.grad_f;
      if (!want_eq && me) rhs -= e.jg.transpose() * m.equality;
      if (!want_ineq && mi) rhs -= e.jh.transpose() * m.inequality;
      Vector sol = Vector::Zero(cols);
      if (cols > 0) {
        Matrix a(n, cols);
        if (eq_cols) a.leftCols(eq_cols) = e.jg.transpose();
        for (std::size_t t = 0; t < active.size(); ++t)
          a.col(eq_cols + static_cast<Index>(t)) = e.jh.row(active[t]).transpose();
        for (std::size_t t = 0; t < bound_cols.size(); ++t) {
          Vector col = Vector::Zero(n);
          col[bound_cols[t].first] = bound_cols[t].second;
          a.col(eq_cols + static_cast<Index>(active.size() + t)) = col;
        }
        sol = a.completeOrthogonalDecomposition().solve(rhs);
      }
      if (want_eq) m.equality = sol.head(me);
      if (want_ineq) {
        m.inequality = Vector::Zero(mi);
        Index worst = -1;
        double most_negative = 0.0;
        for (std::size_t t = 0; t < active.size(); ++t) {
          const double v = sol[eq_cols + static_cast<Index>(t)];
          m.inequality[active[t]] = v;
          // A violated constraint keeps its multiplier whatever its sign (it is not "inactive").
          if (v < most_negative && e.h[active[t]] <= options.active_tolerance) {
            most_negative = v;
            worst = static_cast<Index>(t);
          }
        }
        if (worst >= 0) {
          active.erase(active.begin() + worst);
          continue;
        }
      }
      break;
    }
  }
  if (m.equality.size() == 0) m.equality = Vector::Zero(me);
  if (m.inequality.size() == 0) m.inequality = Vector::Zero(mi);
  if (m.lower.size() == 0 || m.upper.size() == 0) {
    Vector r = e.grad_f;
    if (me) r += e.jg.transpose() * m.equality;
    if (mi) r += e.jh.transpose() * m.inequality;
    Vector zl, zu;
    bound_multipliers(e, x, r, options.active_tolerance, zl, zu);
    if (m.lower.size() == 0) m.lower = zl;
    if (m.upper.size() == 0) m.upper = zu;
  }
  return m;
}

void check_size(const Vector& v, Index expected, const char* what) {
  if (v.size() != 0 && v.size() != expected)
    throw InvalidArgument(
        fmt::format("kkt_report: {} has {} entries, expected {}", what, v.size(), expected));
}

}  // namespace

Multipliers estimate_multipliers(const Objective& objective, const Constraints& constraints, const Vector& x,
                                 const KktOptions& options) {
  const Evaluated e = evaluate(objective, constraints, x);
  return estimate(e, x, options, true, true, {});
}

KktReport kkt_report(const Objective& objective, const Constraints& constraints, const Vector& x,
                     const Multipliers& given, const KktOptions& options) {
  const Evaluated e = evaluate(objective, constraints, x);
  const Index n = x.size();
  check_size(given.equality, e.g.size(), "the equality multiplier vector");
  check_size(given.inequality, e.h.size(), "the inequality multiplier vector");
  check_size(given.lower, n, "the lower-bound multiplier vector");
  check_size(given.upper, n, "the upper-bound multiplier vector");
  const bool want_eq = given.equality.size() == 0 && e.g.size() > 0;
  const bool want_ineq = given.inequality.size() == 0 && e.h.size() > 0;
  const Multipliers m = estimate(e, x, options, want_eq, want_ineq, given);

  KktReport k;
  Vector r = e.grad_f - m.lower + m.upper;
  if (e.g.size()) r += e.jg.transpose() * m.equality;
  if (e.h.size()) r += e.jh.transpose() * m.inequality;
  k.stationarity = r.lpNorm<Eigen::Infinity>();
  if (!r.allFinite()) k.stationarity = std::numeric_limits<double>::quiet_NaN();

  double primal = 0.0, comp = 0.0, dual = 0.0;
  bool nan = false;
  auto take = [&nan](double& acc, double v) {
    if (std::isnan(v)) nan = true;
    acc = std::max(acc, v);
  };
  for (Index i = 0; i < e.g.size(); ++i) take(primal, std::abs(e.g[i]));
  for (Index j = 0; j < e.h.size(); ++j) {
    take(primal, std::max(e.h[j], 0.0) + (std::isnan(e.h[j]) ? e.h[j] : 0.0));
    take(comp, std::abs(m.inequality[j] * e.h[j]));
    take(dual, -m.inequality[j]);
  }
  for (Index k2 = 0; k2 < n; ++k2) {
    const double dl = x[k2] - e.box.lower[k2], du = e.box.upper[k2] - x[k2];
    take(primal, std::max({-dl, -du, 0.0}));
    if (m.lower[k2] != 0.0) take(comp, std::abs(m.lower[k2] * dl));
    if (m.upper[k2] != 0.0) take(comp, std::abs(m.upper[k2] * du));
    take(dual, -m.lower[k2]);
    take(dual, -m.upper[k2]);
  }
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  k.primal_feasibility = nan ? kNaN : primal;
  k.complementary_slackness = nan ? kNaN : comp;
  k.dual_feasibility = nan ? kNaN : dual;
  k.equality_multipliers = m.equality;
  k.inequality_multipliers = m.inequality;
  k.lower_bound_multipliers = m.lower;
  k.upper_bound_multipliers = m.upper;
  k.feasible = !nan && primal <= options.feasibility_tolerance;
  if (constraints.bounds.empty()) {  // KktReport: no bound multipliers without bounds
    k.lower_bound_multipliers.resize(0);
    k.upper_bound_multipliers.resize(0);
  }
  return k;
}

}  // namespace minima
