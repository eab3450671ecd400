#include "minima/linear_models/cross_validation.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include "minima/core/error.hpp"

namespace minima {
namespace {

/// Fold of each row: a seeded shuffle dealt round-robin, so fold sizes differ by at most one.
std::vector<int> assign_folds(Index n, int k, std::uint64_t seed) {
  if (k < 2) throw InvalidArgument(fmt::format("cross-validation needs >= 2 folds, got {}", k));
  if (k > n) throw InvalidArgument(fmt::format("{} folds for {} rows: a fold would be empty", k, n));
  std::vector<Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Index{0});
  std::mt19937_64 rng(seed);
  // Fisher–Yates with our own draw, so the folds do not depend on the standard library's shuffle.
  for (Index i = n - 1; i > 0; --i) {
    const auto j = static_cast<Index>(rng() % static_cast<std::uint64_t>(i + 1));
    std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(j)]);
  }
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

/// Fills mean, standard error and the two chosen indices from per-fold errors (folds × alphas).
void summarize(const Matrix& errors, CrossValidationResult& out) {
  const double k = static_cast<double>(errors.rows());
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

}  // namespace

CrossValidationResult cross_validate(const Matrix& x, const Vector& y, const ElasticNetPath& path,
                                     const CrossValidation& cv) {
  const std::vector<int> fold = assign_folds(x.rows(), cv.folds, cv.seed);
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
  Matrix x_train, x_test;
  Vector y_train, y_test;
  for (int f = 0; f < cv.folds; ++f) {
    split(x, y, fold, f, x_train, y_train, x_test, y_test);
    const RegularizationPath p = elastic_net_path(x_train, y_train, settings);
    out.alphas = p.alphas;
    for (Index a = 0; a < p.alphas.size(); ++a) {
      const Vector residual = (x_test * p.coefficients.col(a)).array() + p.intercepts[a] - y_test.array();
      errors(f, a) = residual.squaredNorm() / static_cast<double>(y_test.size());
    }
  }
  summarize(errors, out);
  out.fit = fit(x, y,
                ElasticNet{.alpha = out.alpha_min(),
                           .l1_ratio = path.l1_ratio,
                           .fit_intercept = path.fit_intercept,
                           .standardize = path.standardize,
                           .tol = path.tol,
                           .max_sweeps = path.max_sweeps,
                           .updates = path.updates});
  return out;
}

CrossValidationResult cross_validate_ridge(const Matrix& x, const Vector& y, const Vector& alphas,
                                           bool fit_intercept, bool standardize, const CrossValidation& cv) {
  const std::vector<int> fold = assign_folds(x.rows(), cv.folds, cv.seed);
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
