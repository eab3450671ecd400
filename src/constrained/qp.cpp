// Goldfarb–Idnani dual active-set QP (see the header). The symbols follow the paper: N the active
// normals (oriented so that each active constraint reads nᵀx ≥ b), u their multipliers, z = H n⁺
// the primal step direction and r = N* n⁺ the change of the active multipliers per unit of the
// new constraint's multiplier, with H = G⁻¹ − G⁻¹N(NᵀG⁻¹N)⁻¹NᵀG⁻¹ and N* = (NᵀG⁻¹N)⁻¹NᵀG⁻¹.
// With G = LLᵀ and the QR factorization L⁻¹N = Q₁R: r = R⁻¹Q₁ᵀL⁻¹n⁺, z = L⁻ᵀ(I − Q₁Q₁ᵀ)L⁻¹n⁺.
#include "minima/constrained/qp.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <Eigen/Cholesky>
#include <Eigen/QR>

namespace minima {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Directions {
  Vector z, r;
  bool dependent = false;  // n⁺ lies in the span of the active normals
};

}  // namespace

QpSolution solve_qp(const Matrix& G, const Vector& a, const Matrix& C_eq, const Vector& b_eq,
                    const Matrix& C_in, const Vector& b_in, int max_iterations) {
  const Index n = a.size();
  const Index me = C_eq.rows(), mi = C_in.rows(), m = me + mi;
  QpSolution out;
  out.equality_multipliers = Vector::Zero(me);
  out.inequality_multipliers = Vector::Zero(mi);
  if (max_iterations <= 0) max_iterations = static_cast<int>(10 * (n + m) + 100);

  const Eigen::LLT<Matrix> llt(G);
  if (!G.allFinite() || !a.allFinite() || llt.info() != Eigen::Success) {
    out.status = QpStatus::not_convex;
    out.x = Vector::Zero(n);
    return out;
  }
  const auto& L = llt.matrixL();
  Vector x = -llt.solve(a);

  // Constraint i < me is equality i, else inequality i − me; sign orients an equality as ≥.
  auto row = [&](Index i) -> Vector {
    return i < me ? Vector(C_eq.row(i).transpose()) : Vector(C_in.row(i - me).transpose());
  };
  auto rhs = [&](Index i) { return i < me ? b_eq[i] : b_in[i - me]; };
  std::vector<double> sign(static_cast<std::size_t>(m), 1.0);
  std::vector<char> is_active(static_cast<std::size_t>(m), 0), skipped(static_cast<std::size_t>(m), 0);
  std::vector<Index> active;  // in the order added
  std::vector<double> u;      // multipliers of `active`
  auto tolerance = [&](Index i) {
    const Vector c = row(i);
    return 1e-11 * (1.0 + std::abs(rhs(i)) + c.cwiseAbs().dot(x.cwiseAbs()));
  };

  auto directions = [&](const Vector& np) {
    Directions d;
    const Vector v = L.solve(np);
    const auto q = static_cast<Index>(active.size());
    if (q == 0) {
      d.z = llt.matrixU().solve(v);
      d.r.resize(0);
      d.dependent = v.norm() == 0.0;
      return d;
    }
    Matrix N(n, q);
    for (Index k = 0; k < q; ++k)
      N.col(k) = sign[static_cast<std::size_t>(active[static_cast<std::size_t>(k)])] *
                 row(active[static_cast<std::size_t>(k)]);
    const Matrix M = L.solve(N);
    const Eigen::HouseholderQR<Matrix> qr(M);
    const Matrix Q1 = qr.householderQ() * Matrix::Identity(n, q);
    const Matrix R = qr.matrixQR().topLeftCorner(q, q).triangularView<Eigen::Upper>();
    const Vector w = Q1.transpose() * v;
    d.r = R.triangularView<Eigen::Upper>().solve(w);
    const Vector perp = v - Q1 * w;
    d.dependent = perp.norm() <= 1e-12 * v.norm() + 1e-300;
    d.z = d.dependent ? Vector::Zero(n) : Vector(llt.matrixU().solve(perp));
    return d;
  };

  auto drop = [&](std::size_t k) {
    is_active[static_cast<std::size_t>(active[k])] = 0;
    active.erase(active.begin() + static_cast<std::ptrdiff_t>(k));
    u.erase(u.begin() + static_cast<std::ptrdiff_t>(k));
  };

  auto finish = [&](QpStatus status) {
    out.status = status;
    out.x = x;
    for (std::size_t k = 0; k < active.size(); ++k) {
      const Index i = active[k];
      if (i < me)
        out.equality_multipliers[i] = sign[static_cast<std::size_t>(i)] * u[k];
      else
        out.inequality_multipliers[i - me] = u[k];
    }
    return out;
  };

  for (;;) {
    // The next constraint: every equality first (in order), then the most violated inequality.
    Index p = -1;
    for (Index i = 0; i < me && p < 0; ++i)
      if (!is_active[static_cast<std::size_t>(i)] && !skipped[static_cast<std::size_t>(i)]) p = i;
    if (p < 0) {
      double worst = 0.0;
      for (Index i = me; i < m; ++i) {
        if (is_active[static_cast<std::size_t>(i)]) continue;
        const Vector c = row(i);
        const double s = c.dot(x) - rhs(i);
        if (s >= -tolerance(i)) continue;
        const double scaled = s / std::max(c.norm(), 1e-300);
        if (scaled < worst) {
          worst = scaled;
          p = i;
        }
      }
    }
    if (p < 0) return finish(QpStatus::solved);
    const Vector cp = row(p);
    if (p < me && cp.dot(x) - rhs(p) > 0) sign[static_cast<std::size_t>(p)] = -1.0;
    const Vector np = sign[static_cast<std::size_t>(p)] * cp;
    const double bp = sign[static_cast<std::size_t>(p)] * rhs(p);
    double u_plus = 0.0;
    for (;;) {
      if (++out.iterations > max_iterations) return finish(QpStatus::iteration_limit);
      const Directions d = directions(np);
      const double sp = np.dot(x) - bp;  // ≤ 0 until p is satisfied
      // Largest step before an active inequality's multiplier reaches zero.
      double t1 = kInf;
      std::size_t leave = 0;
      const double r_scale = d.r.size() ? d.r.cwiseAbs().maxCoeff() : 0.0;
      for (std::size_t k = 0; k < active.size(); ++k) {
        if (active[k] < me) continue;  // equalities never leave
        const double rk = d.r[static_cast<Index>(k)];
        if (rk <= 1e-14 * (1.0 + r_scale)) continue;
        const double t = u[k] / rk;
        if (t < t1) {
          t1 = t;
          leave = k;
        }
      }
      double t2 = kInf;
      if (!d.dependent) {
        const double curvature = d.z.dot(np);
        if (curvature > 0) t2 = std::max(0.0, -sp) / curvature;
      }
      if (t2 == kInf && t1 == kInf) {
        if (p < me && std::abs(sp) <= tolerance(p)) {  // a redundant equality: already satisfied
          skipped[static_cast<std::size_t>(p)] = 1;
          break;
        }
        return finish(QpStatus::infeasible);
      }
      if (t2 == kInf) {  // dual step only: make room by dropping a constraint
        for (std::size_t k = 0; k < active.size(); ++k) u[k] -= t1 * d.r[static_cast<Index>(k)];
        u_plus += t1;
        drop(leave);
        continue;
      }
      const double t = std::min(t1, t2);
      x += t * d.z;
      for (std::size_t k = 0; k < active.size(); ++k) u[k] -= t * d.r[static_cast<Index>(k)];
      u_plus += t;
      if (t2 <= t1) {
        active.push_back(p);
        u.push_back(u_plus);
        is_active[static_cast<std::size_t>(p)] = 1;
        break;
      }
      drop(leave);
    }
  }
}

}  // namespace minima
