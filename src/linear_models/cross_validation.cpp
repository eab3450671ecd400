#include "minima/linear_models/cross_validation.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "cross_products.hpp"
#include "minima/core/error.hpp"
#include "minima/core/random.hpp"

namespace minima {
namespace {

/// Fold of each row: the caller's (checked), or a seeded shuffle dealt round-robin, so fold sizes
/// differ by at most one.
std::vector<int> assign_folds(Index n, const CrossValidation& cv) {
  const int k = cv.folds;
  if (k < 2) throw InvalidArgument(fmt::format("cross-validation needs >= 2 folds, got {}", k));
  if (k > n) throw InvalidArgument(fmt::format("{} folds for {} rows: a fold would be empty", k, n));
  if (!cv.fold_of_row.empty()) {
    if (static_cast<Index>(cv.fold_of_row.size()) != n)
      throw InvalidArgument(
          fmt::format("fold_of_row has {} entries for {} rows: one per row", cv.fold_of_row.size(), n));
    std::vector<Index> count(static_cast<std::size_t>(k), 0);
    for (std::size_t i = 0; i < cv.fold_of_row.size(); ++i) {
      const int f = cv.fold_of_row[i];
      if (f < 0 || f >= k)
        throw InvalidArgument(fmt::format("fold_of_row[{}] = {}: must be in [0, {})", i, f, k));
      ++count[static_cast<std::size_t>(f)];
    }
    for (int f = 0; f < k; ++f)
      if (count[static_cast<std::size_t>(f)] == 0)
        throw InvalidArgument(fmt::format("fold_of_row: fold {} holds no row", f));
    return cv.fold_of_row;
  }
  std::vector<Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Index{0});
  Rng rng(cv.seed);
  shuffle(order, rng);
  std::vector<int> fold(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i)
    fold[static_cast<std::size_t>(order[static_cast<std::size_t>(i)])] = static_cast<int>(i % k);
  return fold;
}

void split(const Matrix& x, const Vector& y, const std::vector<int>& fold, int f, Matrix& x_train,
           Vector& y_train, Matrix& x_test, Vector& y_test) {
  std::vector<Index> train, test;
  for (Index i = 0; i < x.rows(); ++i) (fold[static_cast<std::size_t>(i)] == f ? test : train).push_back(i);
  // Column by column (X is column-major): contiguous writes, reads in increasing row order.
  auto gather = [&](const std::vector<Index>& rows, Matrix& out, Vector& out_y) {
    const Index m = static_cast<Index>(rows.size());
    out.resize(m, x.cols());
    out_y.resize(m);
    for (Index j = 0; j < x.cols(); ++j) {
      const double* column = x.col(j).data();
      double* target = out.col(j).data();
      for (Index k = 0; k < m; ++k) target[k] = column[rows[static_cast<std::size_t>(k)]];
    }
    for (Index k = 0; k < m; ++k) out_y[k] = y[rows[static_cast<std::size_t>(k)]];
  };
  gather(train, x_train, y_train);
  gather(test, x_test, y_test);
}

/// Tall data in covariance mode: X copied once with its rows grouped by fold, and per fold (block)
/// its own centered cross-products — Gram columns computed once for all folds in one pass over X
/// per batch of columns. The training set of fold f is the union of the other blocks, so its
/// statistics are sums over them, recentered on the training means by the parallel-axis rule
///   Σ_{i∈T} (x_i − m)(x_ij − m_j) = Σ_{g∈T} [C_g(:, j) + n_g (μ_g − m)(μ_gj − m_j)],
/// where C_g = block-centered cross-products of block g and μ_g its mean (no cancellation: every
/// term is centered). One fold's Gram columns thus cost sums of p-vectors, not a pass over X.
class FoldedData {
 public:
  FoldedData(const Matrix& x, const Vector& y, const std::vector<int>& fold, int folds)
      : p_(x.cols()), folds_(folds) {
    const Index n = x.rows();
    start_.assign(static_cast<std::size_t>(folds) + 1, 0);
    for (Index i = 0; i < n; ++i) ++start_[static_cast<std::size_t>(fold[static_cast<std::size_t>(i)]) + 1];
    for (int f = 0; f < folds; ++f)
      start_[static_cast<std::size_t>(f) + 1] += start_[static_cast<std::size_t>(f)];
    std::vector<Index> rows(static_cast<std::size_t>(n));
    std::vector<Index> next(start_.begin(), start_.end() - 1);
    for (Index i = 0; i < n; ++i)
      rows[static_cast<std::size_t>(next[static_cast<std::size_t>(fold[static_cast<std::size_t>(i)])]++)] = i;
    xs_.resize(n, p_);
    ys_.resize(n);
    for (Index j = 0; j < p_; ++j) {
      const double* column = x.col(j).data();
      double* target = xs_.col(j).data();
      for (Index k = 0; k < n; ++k) target[k] = column[rows[static_cast<std::size_t>(k)]];
    }
    for (Index k = 0; k < n; ++k) ys_[k] = y[rows[static_cast<std::size_t>(k)]];
    means_.resize(p_, folds);
    diagonal_.resize(p_, folds);
    xy_.resize(p_, folds);
    y_means_.resize(folds);
    yy_.resize(folds);
    gram_.resize(static_cast<std::size_t>(folds));
    for (int g = 0; g < folds; ++g) {
      const auto xb = block(g);
      const auto yb = ys_.segment(start(g), size(g));
      const double inv = 1.0 / static_cast<double>(size(g));
      means_.col(g) = xb.colwise().sum().transpose() * inv;
      y_means_[g] = yb.sum() * inv;
      const Vector yc = yb.array() - y_means_[g];
      yy_[g] = yc.squaredNorm();
      for (Index j = 0; j < p_; ++j) diagonal_(j, g) = (xb.col(j).array() - means_(j, g)).square().sum();
      xy_.col(g).noalias() = xb.transpose() * yc;  // yc sums to zero: centered on both sides
    }
    slot_.assign(static_cast<std::size_t>(p_), -1);
  }

  Index start(int g) const { return start_[static_cast<std::size_t>(g)]; }
  Index size(int g) const { return start_[static_cast<std::size_t>(g) + 1] - start(g); }
  Eigen::Block<const Matrix> block(int g) const { return {xs_, start(g), 0, size(g), p_}; }
  Eigen::VectorBlock<const Vector> y_block(int g) const { return {ys_, start(g), size(g)}; }
  Index rows_outside(int f) const { return f < 0 ? xs_.rows() : xs_.rows() - size(f); }

  /// The statistics of all rows outside fold f (f = −1: all rows), centered as a fit with these settings
  /// centers.
  detail::CrossProducts training(int f, bool fit_intercept, bool standardize) const {
    detail::CrossProducts out;
    out.rows = rows_outside(f);
    const double n = static_cast<double>(out.rows);
    Vector m = Vector::Zero(p_);
    double y_mean = 0.0;
    if (fit_intercept) {
      for (int g = 0; g < folds_; ++g)
        if (g != f) {
          m += static_cast<double>(size(g)) * means_.col(g);
          y_mean += static_cast<double>(size(g)) * y_means_[g];
        }
      m /= n;
      y_mean /= n;
    }
    out.xx_diagonal = Vector::Zero(p_);
    out.xy = Vector::Zero(p_);
    for (int g = 0; g < folds_; ++g) {
      if (g == f) continue;
      const double ng = static_cast<double>(size(g));
      const Vector shift = means_.col(g) - m;
      const double y_shift = y_means_[g] - y_mean;
      out.xx_diagonal += diagonal_.col(g) + ng * shift.cwiseAbs2();
      out.xy += xy_.col(g) + (ng * y_shift) * shift;
      out.yy += yy_[g] + ng * y_shift * y_shift;
    }
    out.scaling.x_mean = m;
    out.scaling.y_mean = y_mean;
    out.scaling.x_scale = Vector::Ones(p_);
    if (standardize) {
      for (Index j = 0; j < p_; ++j) {
        const double sd = std::sqrt(out.xx_diagonal[j] / n);
        if (!(sd > 1e-12 * std::max(1.0, std::abs(m[j]))))
          throw InvalidArgument(
              f < 0 ? fmt::format("column {} is constant: it cannot be standardized", j + 1)
                    : fmt::format(
                          "column {} is constant in the training rows of fold {}: it cannot be standardized",
                          j + 1, f + 1));
        out.scaling.x_scale[j] = sd;
      }
    }
    return out;
  }

  /// Block-centered cross-products of every block for these columns (computed once, cached).
  void ensure(const std::vector<Index>& js) {
    std::vector<Index> missing;
    for (Index j : js)
      if (slot_[static_cast<std::size_t>(j)] < 0) missing.push_back(j);
    if (missing.empty()) return;
    const Index m = static_cast<Index>(missing.size());
    if (used_ + m > capacity_) {
      capacity_ = std::min<Index>(p_, std::max<Index>(2 * capacity_, used_ + m));
      capacity_ = std::max(capacity_, used_ + m);
      for (Matrix& c : gram_) c.conservativeResize(p_, capacity_);
    }
    Matrix centered;
    for (int g = 0; g < folds_; ++g) {
      const auto xb = block(g);
      centered.resize(size(g), m);
      for (Index k = 0; k < m; ++k) {
        const Index j = missing[static_cast<std::size_t>(k)];
        centered.col(k) = xb.col(j).array() - means_(j, g);
      }
      gram_[static_cast<std::size_t>(g)].middleCols(used_, m).noalias() = xb.transpose() * centered;
    }
    for (Index k = 0; k < m; ++k)
      slot_[static_cast<std::size_t>(missing[static_cast<std::size_t>(k)])] = used_ + k;
    used_ += m;
  }

  /// Training Gram columns of fold f (see the class comment), centered on m.
  void training_columns(int f, const Vector& m, const std::vector<Index>& js, Eigen::Ref<Matrix> out) {
    ensure(js);
    out.setZero();
    for (int g = 0; g < folds_; ++g) {
      if (g == f) continue;
      const double ng = static_cast<double>(size(g));
      const Vector shift = means_.col(g) - m;
      const Matrix& c = gram_[static_cast<std::size_t>(g)];
      for (std::size_t k = 0; k < js.size(); ++k) {
        const Index j = js[k];
        out.col(static_cast<Index>(k)) += c.col(slot_[static_cast<std::size_t>(j)]) + (ng * shift[j]) * shift;
      }
    }
  }

 private:
  Index p_;
  int folds_;
  std::vector<Index> start_;  // block g is rows start_[g] .. start_[g + 1] − 1 of xs_
  Matrix xs_;                 // X with its rows grouped by fold
  Vector ys_;
  Matrix means_, diagonal_, xy_;  // per block (columns): μ_g, Σ(x − μ_g)², Σ(x − μ_g)(y − ȳ_g)
  Vector y_means_, yy_;
  std::vector<Matrix> gram_;  // per block: C_g(:, slot(j)) = Σ_{i∈g}(x_i − μ_g)(x_ij − μ_gj)
  std::vector<Index> slot_;
  Index used_ = 0, capacity_ = 0;
};

/// One fold's view of FoldedData as a Gram source for covariance-mode coordinate descent.
class FoldGram : public detail::GramSource {
 public:
  FoldGram(FoldedData& data, int fold, const Vector& mean) : data_(data), fold_(fold), mean_(mean) {}
  void columns(const std::vector<Index>& js, Eigen::Ref<Matrix> out) override {
    data_.training_columns(fold_, mean_, js, out);
  }

 private:
  FoldedData& data_;
  int fold_;
  Vector mean_;
};

/// Fills mean, standard error and the two chosen indices from per-fold errors (folds × alphas).
void summarize(const Matrix& errors, CrossValidationResult& out) {
  const double k = static_cast<double>(errors.rows());
  out.fold_errors = errors;
  out.mean_error = errors.colwise().mean().transpose();
  out.standard_error.resize(errors.cols());
  for (Index a = 0; a < errors.cols(); ++a) {
    const double variance =
        (errors.col(a).array() - out.mean_error[a]).square().sum() / std::max(1.0, k - 1.0);
    out.standard_error[a] = std::sqrt(variance / k);
  }
  out.mean_error.minCoeff(&out.best_index);
  const double limit = out.mean_error[out.best_index] + out.standard_error[out.best_index];
  out.one_se_index = out.best_index;
  for (Index a = 0; a < out.best_index; ++a)  // alphas decrease: the first within the limit
    if (out.mean_error[a] <= limit) {
      out.one_se_index = a;
      break;
    }
}

/// The final fit on all rows at the α the folds chose, with the path's other settings.
ElasticNet refit_settings(const ElasticNetPath& path, double alpha, CoordinateUpdates updates) {
  return ElasticNet{.alpha = alpha,
                    .l1_ratio = path.l1_ratio,
                    .fit_intercept = path.fit_intercept,
                    .standardize = path.standardize,
                    .tol = path.tol,
                    .max_sweeps = path.max_sweeps,
                    .updates = updates};
}

}  // namespace

CrossValidationResult cross_validate(const Matrix& x, const Vector& y, const ElasticNetPath& path,
                                     const CrossValidation& cv) {
  const std::vector<int> fold = assign_folds(x.rows(), cv);
  ElasticNetPath settings = path;
  if (settings.alphas.size() == 0) {
    // The grid comes from all the data, so every fold is scored at the same α.
    const double alpha_max = elastic_net_alpha_max(x, y, path.l1_ratio, path.fit_intercept, path.standardize);
    if (path.n_alphas < 1) throw InvalidArgument(fmt::format("n_alphas must be >= 1, got {}", path.n_alphas));
    if (!(path.eps > 0.0 && path.eps < 1.0))
      throw InvalidArgument(fmt::format("eps must be in (0, 1), got {}", path.eps));
    settings.alphas.resize(path.n_alphas);
    for (long k = 0; k < path.n_alphas; ++k) {
      const double t = path.n_alphas == 1 ? 0.0 : static_cast<double>(k) / (path.n_alphas - 1.0);
      settings.alphas[k] = alpha_max * std::pow(path.eps, t);
    }
  }
  CrossValidationResult out;
  Matrix errors(cv.folds, settings.alphas.size());
  auto score = [&](int f, const RegularizationPath& p, const auto& x_test, const auto& y_test) {
    out.alphas = p.alphas;
    const Matrix predictions = x_test * p.coefficients;  // one product for the whole path
    for (Index a = 0; a < p.alphas.size(); ++a)
      errors(f, a) = (predictions.col(a).array() + p.intercepts[a] - y_test.array()).square().sum() /
                     static_cast<double>(y_test.size());
  };
  // Covariance mode (as elastic_net_path would choose for a training set of this shape): the
  // folds share Gram columns (FoldedData). Otherwise each fold is fitted on its own rows.
  std::vector<Index> fold_size(static_cast<std::size_t>(cv.folds), 0);
  for (int f : fold) ++fold_size[static_cast<std::size_t>(f)];
  const Index smallest_training = x.rows() - *std::max_element(fold_size.begin(), fold_size.end());
  const bool covariance = path.updates == CoordinateUpdates::covariance ||
                          (path.updates == CoordinateUpdates::automatic && smallest_training >= 2 * x.cols());
  if (covariance) {
    DataScaling::compute(x, y, path.fit_intercept, path.standardize);  // checks the data
    FoldedData folded(x, y, fold, cv.folds);
    for (int f = 0; f < cv.folds; ++f) {
      const detail::CrossProducts training = folded.training(f, path.fit_intercept, path.standardize);
      FoldGram gram(folded, f, training.scaling.x_mean);
      score(f, detail::elastic_net_path(training, gram, settings), folded.block(f), folded.y_block(f));
    }
    summarize(errors, out);
    // The refit on all the rows: their Gram columns are sums of the same blocks (fold −1 leaves
    // none out), so the columns the folds needed cost no further pass over X.
    const detail::CrossProducts all = folded.training(-1, path.fit_intercept, path.standardize);
    FoldGram gram(folded, -1, all.scaling.x_mean);
    out.fit = detail::fit(all, gram, refit_settings(path, out.alpha_min(), CoordinateUpdates::covariance));
    return out;
  }
  Matrix x_train, x_test;
  Vector y_train, y_test;
  for (int f = 0; f < cv.folds; ++f) {
    split(x, y, fold, f, x_train, y_train, x_test, y_test);
    score(f, elastic_net_path(x_train, y_train, settings), x_test, y_test);
  }
  summarize(errors, out);
  out.fit = fit(x, y, refit_settings(path, out.alpha_min(), path.updates));
  return out;
}

CrossValidationResult cross_validate_ridge(const Matrix& x, const Vector& y, const Vector& alphas,
                                           bool fit_intercept, bool standardize, const CrossValidation& cv) {
  const std::vector<int> fold = assign_folds(x.rows(), cv);
  CrossValidationResult out;
  Matrix errors(cv.folds, alphas.size());
  Matrix x_train, x_test;
  Vector y_train, y_test;
  for (int f = 0; f < cv.folds; ++f) {
    split(x, y, fold, f, x_train, y_train, x_test, y_test);
    const RegularizationPath p = ridge_path(x_train, y_train, alphas, fit_intercept, standardize);
    out.alphas = p.alphas;
    for (Index a = 0; a < p.alphas.size(); ++a) {
      const Vector residual = (x_test * p.coefficients.col(a)).array() + p.intercepts[a] - y_test.array();
      errors(f, a) = residual.squaredNorm() / static_cast<double>(y_test.size());
    }
  }
  summarize(errors, out);
  out.fit =
      fit(x, y, Ridge{.alpha = out.alpha_min(), .fit_intercept = fit_intercept, .standardize = standardize});
  return out;
}

}  // namespace minima
