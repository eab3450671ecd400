// Coordinate descent for the elastic net; the algorithm and its references are in the header.
// Internally the objective is scaled by n:  ½‖ỹ − X̃β‖² + λ1‖β‖₁ + ½λ2‖β‖²  with λ1 = nαρ and
// λ2 = nα(1 − ρ), on the centered (and, if asked, standardized) data X̃, ỹ.
#include "minima/linear_models/elastic_net.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "cross_products.hpp"
#include "minima/core/error.hpp"
#include "minima/linear_models/ridge.hpp"

namespace minima {
namespace {

void check_settings(double alpha, double l1_ratio, double tol, long max_sweeps) {
  if (!(alpha >= 0.0) || !std::isfinite(alpha))
    throw InvalidArgument(fmt::format("alpha must be finite and >= 0, got {}", alpha));
  if (!(l1_ratio >= 0.0 && l1_ratio <= 1.0))
    throw InvalidArgument(fmt::format("l1_ratio must be in [0, 1], got {}", l1_ratio));
  if (!(tol > 0.0) || !std::isfinite(tol))
    throw InvalidArgument(fmt::format("tol must be finite and > 0, got {}", tol));
  if (max_sweeps < 1) throw InvalidArgument(fmt::format("max_sweeps must be >= 1, got {}", max_sweeps));
}

void check_fit_settings(const ElasticNet& s) {
  check_settings(s.alpha, s.l1_ratio, s.tol, s.max_sweeps);
  if (s.warm_start_steps < 0)
    throw InvalidArgument(fmt::format("warm_start_steps must be >= 0, got {}", s.warm_start_steps));
}

double soft_threshold(double z, double t) {
  if (z > t) return z - t;
  if (z < -t) return z + t;
  return 0.0;
}

/// The solver state for one data set, reused along a path (warm starts, cached Gram columns).
///
/// Two ways to keep the gradient information g = X̃ᵀr (r = ỹ − X̃β):
///  - naive: the residual r is kept; a full pass computes x̃_jᵀr column by column (one pass over
///    X), and between full passes the nonzero coefficients are cycled with their own small Gram
///    matrix X̃_AᵀX̃_A, so those sweeps cost |A| per update instead of n (glmnet's active-set
///    cycling with covariance updates on the active set). Centering and scaling are implicit:
///    X is never copied.
///  - covariance: g itself is kept for every column, updated with Gram columns X̃ᵀx̃_j computed
///    when j first becomes nonzero; a zero coefficient is then checked in O(1). Best along a path
///    when n ≫ p, where few columns are ever needed and no pass over X is needed per α.
class CoordinateDescent {
 public:
  CoordinateDescent(const Matrix& x, const Vector& y, bool fit_intercept, bool standardize, bool covariance)
      : raw_(&x),
        scaling_(DataScaling::compute(x, y, fit_intercept, standardize)),
        n_(x.rows()),
        p_(x.cols()),
        covariance_(covariance) {
    yc_ = y.array() - scaling_.y_mean;
    yy_ = yc_.squaredNorm();
    beta_ = Vector::Zero(p_);
    d_.resize(p_);
    for (Index j = 0; j < p_; ++j)  // ‖x̃_j‖², from the centered column (no cancellation)
      d_[j] = (x.col(j).array() - scaling_.x_mean[j]).square().sum() /
              (scaling_.x_scale[j] * scaling_.x_scale[j]);
    // X̃ᵀỹ = Xᵀỹ / s because ỹ sums to zero (or m = 0).
    c_ = (x.transpose() * yc_).cwiseQuotient(scaling_.x_scale);
    g_ = c_;
    r_ = yc_;
    g_checked_ = c_;
    r_checked_ = yc_;
    in_active_.assign(static_cast<std::size_t>(p_), false);
    slot_.assign(static_cast<std::size_t>(p_), -1);
  }

  /// Covariance mode from cross-products: X is not needed (nor seen).
  CoordinateDescent(const detail::CrossProducts& data, detail::GramSource& gram)
      : raw_(nullptr),
        gram_source_(&gram),
        scaling_(data.scaling),
        n_(data.rows),
        p_(data.xx_diagonal.size()),
        covariance_(true) {
    yy_ = data.yy;
    beta_ = Vector::Zero(p_);
    d_ = data.xx_diagonal.array() / scaling_.x_scale.array().square();
    c_ = data.xy.cwiseQuotient(scaling_.x_scale);
    g_ = c_;
    in_active_.assign(static_cast<std::size_t>(p_), false);
    slot_.assign(static_cast<std::size_t>(p_), -1);
  }

  Index rows() const { return n_; }
  const Vector& beta() const { return beta_; }
  const Vector& correlations() const { return c_; }
  const DataScaling& scaling() const { return scaling_; }

  struct Outcome {
    long sweeps = 0;
    double relative_gap = 0.0;
    bool converged = false;
  };

  /// Minimizes at (λ1, λ2) from the current β. λ1_previous > λ1 enables the strong rule.
  Outcome solve(double lambda1, double lambda2, double lambda1_previous, bool strong_rules, double tol,
                long max_sweeps) {
    Outcome out;
    if (yy_ == 0.0) {  // y constant: β = 0 is exact
      beta_.setZero();
      if (!covariance_) r_ = yc_;
      g_ = c_;
      out.converged = true;
      return out;
    }
    lambda1_ = lambda1;
    lambda2_ = lambda2;
    if (beta_.isZero(0.0) && g_.cwiseAbs().maxCoeff() <= lambda1) {
      // β = 0 satisfies the KKT conditions exactly (α ≥ α_max): the duality gap is zero.
      out.converged = true;
      return out;
    }
    // Candidates of the full passes: the strong set (g_ holds X̃ᵀr at the previous solution).
    const double threshold = (strong_rules && lambda1_previous > lambda1)
                                 ? 2.0 * lambda1 - lambda1_previous
                                 : -std::numeric_limits<double>::infinity();
    std::vector<char> candidate(static_cast<std::size_t>(p_), 0);
    std::vector<Index> candidates;
    for (Index j = 0; j < p_; ++j)
      if (covariance_ || beta_[j] != 0.0 || std::abs(g_[j]) >= threshold) {
        candidate[static_cast<std::size_t>(j)] = 1;
        candidates.push_back(j);
      }
    double inner_tol = 1e-3 * tol * yy_;
    while (out.sweeps < max_sweeps) {
      if (covariance_) prefetch_gram_columns();
      const double gain = full_pass(candidates, out.sweeps);
      cycle_active(inner_tol, max_sweeps, out.sweeps);
      if (gain > inner_tol || deferred_) continue;
      // Nothing moved in a full pass: KKT check of the others, duality gap. In naive mode that
      // needs X̃ᵀr for every column (a pass over X) unless the bound below settles it.
      double dual_norm = 0.0;
      if (!covariance_) {
        if (!screened_by_bound(candidate, candidates, dual_norm)) {
          exact_gradient();
          bool violated = false;
          for (Index j = 0; j < p_; ++j)
            if (!candidate[static_cast<std::size_t>(j)] && std::abs(g_[j]) > lambda1) {
              candidate[static_cast<std::size_t>(j)] = 1;
              candidates.push_back(j);
              violated = true;
            }
          if (violated) continue;
          dual_norm = (g_ - lambda2_ * beta_).cwiseAbs().maxCoeff();
        }
      } else {
        dual_norm = (g_ - lambda2_ * beta_).cwiseAbs().maxCoeff();
      }
      out.relative_gap = duality_gap(dual_norm) / yy_;
      if (out.relative_gap <= tol) {
        out.converged = true;
        break;
      }
      if (inner_tol < 1e-30 * yy_) break;  // round-off floor: report the gap as it is
      inner_tol *= 1e-2;
    }
    if (!out.converged) {
      if (!covariance_) exact_gradient();
      out.relative_gap = duality_gap((g_ - lambda2_ * beta_).cwiseAbs().maxCoeff()) / yy_;
    }
    return out;
  }

 private:
  double update(Index j, double gj) {
    const double dj = d_[j] + lambda2_;
    if (dj <= 0.0) return 0.0;  // a zero column without ridge term: β_j stays 0
    const double updated = soft_threshold(gj + d_[j] * beta_[j], lambda1_) / dj;
    const double delta = updated - beta_[j];
    beta_[j] = updated;
    return delta;
  }

  void mark_active(Index j) {
    if (!in_active_[static_cast<std::size_t>(j)]) {
      in_active_[static_cast<std::size_t>(j)] = true;
      active_.push_back(j);
    }
  }

  /// One cyclic pass over `indices`; returns the largest objective decrease ½(d+λ2)δ².
  double full_pass(const std::vector<Index>& indices, long& sweeps) {
    ++sweeps;
    deferred_ = false;
    double largest = 0.0;
    const double r_sum = covariance_ ? 0.0 : r_.sum();  // ≈ 0 with an intercept; kept exact
    for (Index j : indices) {
      double gj;
      if (covariance_) {
        gj = g_[j];
        if (beta_[j] == 0.0 && std::abs(gj) <= lambda1_) continue;  // stays zero, O(1)
        if (slot_[static_cast<std::size_t>(j)] < 0) {
          // No Gram column yet: wait for the next pass, whose prefetch computes the columns of
          // all such j in one product (one pass over X for many columns, not one each).
          deferred_ = true;
          continue;
        }
      } else {
        gj = (raw_->col(j).dot(r_) - scaling_.x_mean[j] * r_sum) / scaling_.x_scale[j];
      }
      const double delta = update(j, gj);
      if (delta == 0.0) continue;
      if (covariance_) {
        g_.noalias() -= delta * gram_.col(gram_column(j));
      } else {
        // r −= δ x̃_j = δ (x_j − m_j)/s_j, leaving Σr unchanged.
        const double step = delta / scaling_.x_scale[j];
        r_.noalias() -= step * raw_->col(j);
        if (scaling_.x_mean[j] != 0.0) r_.array() += step * scaling_.x_mean[j];
        g_[j] = gj - d_[j] * delta;
      }
      mark_active(j);
      largest = std::max(largest, 0.5 * (d_[j] + lambda2_) * delta * delta);
    }
    return largest;
  }

  /// Cycles the nonzero coefficients until no update gains more than `tol`.
  void cycle_active(double tol, long max_sweeps, long& sweeps) {
    if (active_.empty()) return;
    if (covariance_) {
      double gain = std::numeric_limits<double>::infinity();
      while (gain > tol && sweeps < max_sweeps) gain = full_pass(active_, sweeps);
      return;
    }
    // Naive mode: covariance updates within the active set, on its own Gram matrix.
    extend_active_gram();
    const Index m = static_cast<Index>(active_.size());
    Vector beta_before(m), q(m);
    for (Index k = 0; k < m; ++k) beta_before[k] = beta_[active_[static_cast<std::size_t>(k)]];
    q.noalias() = active_columns_.transpose() * r_;
    double gain = std::numeric_limits<double>::infinity();
    while (gain > tol && sweeps < max_sweeps) {
      ++sweeps;
      gain = 0.0;
      for (Index k = 0; k < m; ++k) {
        const Index j = active_[static_cast<std::size_t>(k)];
        const double delta = update(j, q[k]);
        if (delta == 0.0) continue;
        q.noalias() -= delta * active_gram_.col(k).head(m);
        gain = std::max(gain, 0.5 * (d_[j] + lambda2_) * delta * delta);
      }
    }
    Vector change(m);
    for (Index k = 0; k < m; ++k) change[k] = beta_[active_[static_cast<std::size_t>(k)]] - beta_before[k];
    r_.noalias() -= active_columns_ * change;
  }

  /// X̃_A (centered, scaled copies of the active columns) and X̃_AᵀX̃_A, extended for new members.
  void extend_active_gram() {
    const Index have = active_columns_.cols();
    const Index m = static_cast<Index>(active_.size());
    if (m == have) return;
    active_columns_.conservativeResize(n_, m);
    for (Index k = have; k < m; ++k) {
      const Index j = active_[static_cast<std::size_t>(k)];
      active_columns_.col(k) = (raw_->col(j).array() - scaling_.x_mean[j]) / scaling_.x_scale[j];
    }
    Matrix grown(m, m);
    grown.topLeftCorner(have, have) = active_gram_.topLeftCorner(have, have);
    grown.rightCols(m - have).noalias() = active_columns_.transpose() * active_columns_.rightCols(m - have);
    grown.bottomLeftCorner(m - have, have) = grown.topRightCorner(have, m - have).transpose();
    active_gram_ = std::move(grown);
  }

  /// g = X̃ᵀr exactly (one pass over X), the KKT check's and the duality gap's input.
  void exact_gradient() {
    g_.noalias() = raw_->transpose() * r_;
    const double r_sum = r_.sum();
    g_ = (g_ - scaling_.x_mean * r_sum).cwiseQuotient(scaling_.x_scale);
    g_checked_ = g_;
    r_checked_ = r_;
  }

  /// Naive mode, without a pass over X: refreshes x̃_jᵀr on the candidates and bounds it on the
  /// others by |x̃_jᵀr| ≤ |x̃_jᵀr_c| + ‖x̃_j‖‖r − r_c‖ from the last exact gradient (at r_c). True
  /// when no other column can violate its KKT condition and the dual norm max_j |x̃_jᵀr − λ2β_j|
  /// is known well enough for the duality gap: exactly, or to be ≤ λ1 (where the gap's dual
  /// point needs no rescaling).
  bool screened_by_bound(const std::vector<char>& candidate, const std::vector<Index>& candidates,
                         double& dual_norm) {
    const double r_sum = r_.sum();
    double candidate_max = 0.0;
    for (Index j : candidates) {
      g_[j] = (raw_->col(j).dot(r_) - scaling_.x_mean[j] * r_sum) / scaling_.x_scale[j];
      candidate_max = std::max(candidate_max, std::abs(g_[j] - lambda2_ * beta_[j]));
    }
    const double drift = (r_ - r_checked_).norm();
    double others_max = 0.0;
    for (Index j = 0; j < p_; ++j)
      if (!candidate[static_cast<std::size_t>(j)])
        others_max = std::max(others_max, std::abs(g_checked_[j]) + std::sqrt(d_[j]) * drift);
    if (others_max > std::max(lambda1_, candidate_max)) return false;
    dual_norm = std::max(candidate_max, others_max);
    return true;
  }

  /// ½‖r‖² + λ1‖β‖₁ + ½λ2‖β‖² minus the dual objective at the scaled residual (see header).
  double duality_gap(double dual_norm) const {
    double r_norm2, y_dot_r;
    if (covariance_) {  // r = ỹ − X̃β is not stored: ‖r‖² = ‖ỹ‖² − βᵀc − βᵀg,  ỹᵀr = ‖ỹ‖² − βᵀc
      const double bc = beta_.dot(c_);
      r_norm2 = std::max(0.0, yy_ - bc - beta_.dot(g_));
      y_dot_r = yy_ - bc;
    } else {
      r_norm2 = r_.squaredNorm();
      y_dot_r = yc_.dot(r_);
    }
    const double scale = dual_norm > lambda1_ ? lambda1_ / dual_norm : 1.0;
    const double b2 = beta_.squaredNorm();
    const double gap = 0.5 * (1.0 + scale * scale) * (r_norm2 + lambda2_ * b2) +
                       lambda1_ * beta_.lpNorm<1>() - scale * y_dot_r;
    return std::max(gap, 0.0);
  }

  /// Covariance mode: Gram columns, in one pass over X (a matrix product), for the zero
  /// coefficients that violate their KKT condition — at most 256 at a time, the largest first
  /// (the others are deferred to later passes).
  void prefetch_gram_columns() {
    std::vector<Index> wanted;
    for (Index j = 0; j < p_; ++j)
      if (slot_[static_cast<std::size_t>(j)] < 0 && beta_[j] == 0.0 && std::abs(g_[j]) > lambda1_)
        wanted.push_back(j);
    constexpr std::size_t kMost = 256;
    if (wanted.size() > kMost) {
      std::partial_sort(wanted.begin(), wanted.begin() + kMost, wanted.end(),
                        [&](Index a, Index b) { return std::abs(g_[a]) > std::abs(g_[b]); });
      wanted.resize(kMost);
    }
    if (!wanted.empty()) {
      // A batch is one pass over X, bound by memory: 16 columns cost about what 1 does (tall lasso
      // path: 48 passes for 143 columns before). Fill it with the zero coefficients nearest to
      // entering (|g_j| > λ1/2), which the next α usually needs: that path 4.4 → 2.1 s.
      constexpr std::size_t kMinimumBatch = 16;
      if (wanted.size() < kMinimumBatch) {
        std::vector<Index> likely;
        for (Index j = 0; j < p_; ++j)
          if (slot_[static_cast<std::size_t>(j)] < 0 && beta_[j] == 0.0 && std::abs(g_[j]) <= lambda1_ &&
              std::abs(g_[j]) > 0.5 * lambda1_)
            likely.push_back(j);
        const auto extra =
            static_cast<std::ptrdiff_t>(std::min(likely.size(), kMinimumBatch - wanted.size()));
        std::partial_sort(likely.begin(), likely.begin() + extra, likely.end(),
                          [&](Index a, Index b) { return std::abs(g_[a]) > std::abs(g_[b]); });
        wanted.insert(wanted.end(), likely.begin(), likely.begin() + extra);
      }
      add_gram_columns(wanted);
    }
  }

  Index gram_column(Index j) {
    if (slot_[static_cast<std::size_t>(j)] < 0) add_gram_columns({j});
    return slot_[static_cast<std::size_t>(j)];
  }

  /// G̃[:, J] = X̃ᵀ x̃_J = Xᵀ (x_J − m_J) / (s s_J)  (the other side's centering is implied since
  /// the centered columns sum to zero).
  void add_gram_columns(const std::vector<Index>& columns) {
    const Index m = static_cast<Index>(columns.size());
    if (used_ + m > gram_.cols()) {
      const Index capacity = std::min<Index>(p_, std::max<Index>(2 * gram_.cols(), used_ + m));
      gram_.conservativeResize(p_, std::max(capacity, used_ + m));
    }
    auto target = gram_.middleCols(used_, m);
    if (gram_source_ != nullptr) {
      gram_source_->columns(columns, target);
    } else {
      Matrix block(n_, m);
      for (Index k = 0; k < m; ++k) {
        const Index j = columns[static_cast<std::size_t>(k)];
        block.col(k) = raw_->col(j).array() - scaling_.x_mean[j];
      }
      target.noalias() = raw_->transpose() * block;
    }
    for (Index k = 0; k < m; ++k) {
      const Index j = columns[static_cast<std::size_t>(k)];
      target.col(k).array() /= scaling_.x_scale.array() * scaling_.x_scale[j];
      slot_[static_cast<std::size_t>(j)] = used_ + k;
    }
    used_ += m;
  }

  const Matrix* raw_ = nullptr;                // X (null when built from cross-products)
  detail::GramSource* gram_source_ = nullptr;  // Gram columns from elsewhere (else from X)
  DataScaling scaling_;
  Index n_, p_;
  bool covariance_ = false;
  Vector yc_, d_, c_;  // ỹ, ‖x̃_j‖², X̃ᵀỹ
  double yy_ = 0.0;    // ‖ỹ‖²
  Vector beta_, r_;    // coefficients; residual (naive mode)
  Vector g_;           // X̃ᵀr: current in covariance mode; at the last pass or check in naive mode
  Vector g_checked_, r_checked_;  // naive mode: X̃ᵀr exactly, at the residual r_c of the last full check
  Matrix gram_;                   // covariance mode: cached Gram columns
  std::vector<Index> slot_;       // column of gram_ holding G̃[:, j], or −1
  Index used_ = 0;
  Matrix active_columns_;      // naive mode: X̃_A
  Matrix active_gram_;         // naive mode: X̃_AᵀX̃_A
  std::vector<Index> active_;  // every j that has been nonzero, in order of entry
  std::vector<bool> in_active_;
  double lambda1_ = 0.0, lambda2_ = 0.0;
  bool deferred_ = false;  // covariance mode: the last pass skipped a violator without its Gram column
};

LinearFit make_fit(const CoordinateDescent& solver, const CoordinateDescent::Outcome& outcome, double alpha,
                   double l1_ratio) {
  LinearFit fit;
  fit.model = l1_ratio == 1.0 ? "lasso" : "elastic-net";
  fit.alpha = alpha;
  fit.l1_ratio = l1_ratio;
  fit.sweeps = outcome.sweeps;
  fit.duality_gap = outcome.relative_gap;
  fit.converged = outcome.converged;
  solver.scaling().to_original(solver.beta(), fit.coefficients, fit.intercept);
  return fit;
}

/// One α (> 0, ρ > 0) from β = 0: first the settings' short log-spaced path from α_max (each step
/// to a loose gap: only a warm start for the next), then α itself to s.tol.
CoordinateDescent::Outcome solve_with_warm_starts(CoordinateDescent& solver, const ElasticNet& s) {
  const double n = static_cast<double>(solver.rows());
  const double lambda1 = n * s.alpha * s.l1_ratio, lambda2 = n * s.alpha * (1.0 - s.l1_ratio);
  const double lambda1_max = solver.correlations().cwiseAbs().maxCoeff();
  double previous = lambda1_max;
  long sweeps = 0;
  if (lambda1 < lambda1_max) {
    const double step_tol = std::max(s.tol, 1e-4);  // 1e-2 to 1e-6 measured: the same time
    for (long k = 1; k <= s.warm_start_steps && sweeps < s.max_sweeps; ++k) {
      const double t = static_cast<double>(k) / static_cast<double>(s.warm_start_steps + 1);
      const double step = lambda1_max * std::pow(lambda1 / lambda1_max, t);
      sweeps += solver.solve(step, step * lambda2 / lambda1, previous, true, step_tol, s.max_sweeps - sweeps)
                    .sweeps;
      previous = step;
    }
  }
  // With the budget spent on the steps, solve() makes no sweep and reports the gap at α as it is.
  auto outcome = solver.solve(lambda1, lambda2, previous, true, s.tol, s.max_sweeps - sweeps);
  outcome.sweeps += sweeps;
  return outcome;
}

}  // namespace

LinearFit fit(const Matrix& x, const Vector& y, const ElasticNet& s) {
  check_fit_settings(s);
  const double n = static_cast<double>(x.rows());
  if (s.alpha == 0.0 || s.l1_ratio == 0.0) {
    // No l1 term: the objective is ridge's, 1/(2n)‖r‖² + α/2‖w‖² ⇔ ‖r‖² + nα‖w‖², solved exactly.
    LinearFit f = fit(
        x, y, Ridge{.alpha = n * s.alpha, .fit_intercept = s.fit_intercept, .standardize = s.standardize});
    f.model = "elastic-net";
    f.alpha = s.alpha;
    f.l1_ratio = s.l1_ratio;
    return f;
  }
  // One fit: naive passes with active-set cycling (covariance mode would need a Gram column per
  // variable that is ever nonzero, a pass over X each).
  CoordinateDescent solver(x, y, s.fit_intercept, s.standardize, s.updates == CoordinateUpdates::covariance);
  return make_fit(solver, solve_with_warm_starts(solver, s), s.alpha, s.l1_ratio);
}

double elastic_net_alpha_max(const Matrix& x, const Vector& y, double l1_ratio, bool fit_intercept,
                             bool standardize) {
  if (!(l1_ratio > 0.0 && l1_ratio <= 1.0))
    throw InvalidArgument(
        fmt::format("a path needs l1_ratio in (0, 1], got {} (use ridge_path for 0)", l1_ratio));
  const DataScaling scaling = DataScaling::compute(x, y, fit_intercept, standardize);
  const Vector yc = y.array() - scaling.y_mean;
  const Vector c = (x.transpose() * yc).cwiseQuotient(scaling.x_scale);
  return c.cwiseAbs().maxCoeff() / (static_cast<double>(x.rows()) * l1_ratio);
}

namespace {

/// The path over decreasing α from α_max (warm starts, the strong rule) on a prepared solver.
RegularizationPath run_path(CoordinateDescent& solver, Index p, const ElasticNetPath& s) {
  const double n = static_cast<double>(solver.rows());
  const double alpha_max = solver.correlations().cwiseAbs().maxCoeff() / (n * s.l1_ratio);
  std::vector<double> alphas;
  if (s.alphas.size() > 0) {
    for (double a : s.alphas) {
      if (!(a >= 0.0) || !std::isfinite(a))
        throw InvalidArgument(fmt::format("alphas must be finite and >= 0, got {}", a));
      alphas.push_back(a);
    }
    std::sort(alphas.begin(), alphas.end(), std::greater<>());
  } else {
    if (s.n_alphas < 1) throw InvalidArgument("n_alphas must be >= 1");
    if (!(s.eps > 0.0 && s.eps < 1.0)) throw InvalidArgument("eps must be in (0, 1)");
    for (long k = 0; k < s.n_alphas; ++k) {
      const double t = s.n_alphas == 1 ? 0.0 : static_cast<double>(k) / (s.n_alphas - 1.0);
      alphas.push_back(alpha_max * std::pow(s.eps, t));
    }
  }
  RegularizationPath path;
  path.model = s.l1_ratio == 1.0 ? "lasso" : "elastic-net";
  path.l1_ratio = s.l1_ratio;
  const Index k_count = static_cast<Index>(alphas.size());
  path.alphas = Eigen::Map<const Vector>(alphas.data(), k_count);
  path.coefficients.resize(p, k_count);
  path.intercepts.resize(k_count);
  path.sweeps.resize(k_count);
  double lambda1_previous = n * alpha_max * s.l1_ratio;
  for (Index k = 0; k < k_count; ++k) {
    const double a = alphas[static_cast<std::size_t>(k)];
    const double lambda1 = n * a * s.l1_ratio;
    const auto outcome = solver.solve(lambda1, n * a * (1.0 - s.l1_ratio), lambda1_previous, s.strong_rules,
                                      s.tol, s.max_sweeps);
    Vector w;
    double b = 0;
    solver.scaling().to_original(solver.beta(), w, b);
    path.coefficients.col(k) = w;
    path.intercepts[k] = b;
    path.sweeps[k] = static_cast<double>(outcome.sweeps);
    lambda1_previous = lambda1;
  }
  return path;
}

void check_path_settings(const ElasticNetPath& s) {
  check_settings(1.0, s.l1_ratio, s.tol, s.max_sweeps);
  if (!(s.l1_ratio > 0.0))
    throw InvalidArgument("a path needs l1_ratio > 0 (use ridge_path for l1_ratio = 0)");
}

}  // namespace

RegularizationPath elastic_net_path(const Matrix& x, const Vector& y, const ElasticNetPath& s) {
  check_path_settings(s);
  // A path on tall data: covariance mode (no pass over X per α); otherwise naive.
  const bool covariance = s.updates == CoordinateUpdates::covariance ||
                          (s.updates == CoordinateUpdates::automatic && x.rows() >= 2 * x.cols());
  CoordinateDescent solver(x, y, s.fit_intercept, s.standardize, covariance);
  return run_path(solver, x.cols(), s);
}

namespace detail {

LinearFit fit(const CrossProducts& data, GramSource& gram, const ElasticNet& s) {
  check_fit_settings(s);
  if (!(s.alpha > 0.0 && s.l1_ratio > 0.0))
    throw InvalidArgument("detail::fit from cross-products needs alpha > 0 and l1_ratio > 0");
  CoordinateDescent solver(data, gram);
  return make_fit(solver, solve_with_warm_starts(solver, s), s.alpha, s.l1_ratio);
}

RegularizationPath elastic_net_path(const CrossProducts& data, GramSource& gram, const ElasticNetPath& s) {
  check_path_settings(s);
  CoordinateDescent solver(data, gram);
  return run_path(solver, data.xx_diagonal.size(), s);
}

}  // namespace detail

}  // namespace minima
