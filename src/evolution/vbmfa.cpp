// VB-MFA by VBEM (Beal 2003, ch. 4). See the header for the model and the symbols.
//
// One iteration = M-step (q(π), q(Λ̃_s) row by row, Ψ, q(ν_s), then deaths and column pruning)
// followed by an E-step (q(s_i) q(x_i|s_i)), after which F is evaluated in closed form: with the
// optimal q(x_i|s_i) the per-point part of F is log Σ_s exp(⟨log π_s⟩ + F_is), where
//   F_is = −d/2 log 2π − ½ log|Ψ_s| + ½ log|Σ^s| − ½ [(y_i − μ̄_s)ᵀΨ_s⁻¹(y_i − μ̄_s) + c_s − b_isᵀ x̄_is],
//   b_is = Λ̄_sᵀΨ_s⁻¹ y_i − ⟨Λ_sᵀΨ_s⁻¹μ_s⟩,  x̄_is = Σ^s b_is,  c_s = Σ_q Var(μ_sq)/Ψ_sq,
// so the E-step costs two k×d×n matrix products per analyser and F comes for free.
#include "minima/evolution/vbmfa.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "minima/core/error.hpp"

namespace minima {

struct VbMfaAccess {
  static VbMfaModel make(Index d, std::vector<VbMfaAnalyser>&& an, std::vector<double>&& f, bool converged,
                         Matrix&& resp, std::vector<Matrix>&& latent) {
    VbMfaModel m;
    m.dimension_ = d;
    m.analysers_ = std::move(an);
    m.lower_bound_ = std::move(f);
    m.converged_ = converged;
    m.responsibilities_ = std::move(resp);
    m.latent_means_ = std::move(latent);
    return m;
  }
};

namespace {

double digamma(double x) {
  double result = 0;
  while (x < 6) {
    result -= 1 / x;
    x += 1;
  }
  const double f = 1 / (x * x);
  return result + std::log(x) - 0.5 / x -
         f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
}

// KL(Gamma(a, b) ‖ Gamma(a0, b0)), shape/rate.
double gamma_kl(double a, double b, double a0, double b0) {
  return (a - a0) * digamma(a) - std::lgamma(a) + std::lgamma(a0) + a0 * (std::log(b) - std::log(b0)) +
         a * (b0 - b) / b;
}

void require(bool ok, const std::string& field, const std::string& rule) {
  if (!ok) {
    std::string m = "VbMfa::";
    m += field;
    m += ": ";
    m += rule;
    throw InvalidArgument(m);
  }
}

// Everything VBEM needs about the data, computed once per fit.
struct Data {
  const Matrix& y;
  Index d, n;
  Matrix y2;       // y∘y
  Vector mean;     // μ* (the mean prior's centre)
  Vector nu_star;  // ν*: the mean prior's precision per coordinate
  Vector floor;    // Ψ floor per coordinate
};

class Vbem {
 public:
  Vbem(const Matrix& y, const VbMfa& s) : data_{y, y.rows(), y.cols(), {}, {}, {}, {}}, set_(s) {
    const Index d = data_.d;
    data_.y2 = y.array().square().matrix();
    data_.mean = y.rowwise().mean();
    Vector var = (y.colwise() - data_.mean).array().square().rowwise().mean();
    data_.floor.resize(d);
    data_.nu_star.resize(d);
    for (Index q = 0; q < d; ++q) {
      const double tiny = 1e-15 * std::max(1.0, std::abs(data_.mean(q)));
      data_.floor(q) = s.noise_floor * var(q) + tiny * tiny;
      data_.nu_star(q) = 1 / (s.mean_prior_scale * s.mean_prior_scale * (var(q) + data_.floor(q)));
    }
    var_ = var;
    ard_rate_ = s.ard_rate * (var.mean() + data_.floor.mean());
  }

  void cold_start(int k_max);
  void warm_start(const VbMfaModel& m, const std::vector<VbMfaAnalyser>& analysers);
  VbMfaModel run();
  bool iterate(std::vector<double>& f, int max_iterations);

 private:
  void e_step();
  void m_step();
  double kl_terms() const;
  void init_analyser(VbMfaAnalyser& a, const Vector& mean, const Matrix& cov, double count, int k) const;
  void remove_column(VbMfaAnalyser& a, int j) const;

  Data data_;
  const VbMfa& set_;
  Vector var_;
  double ard_rate_ = 0;  // b* in the data's units: ard_rate · mean variance
  std::vector<VbMfaAnalyser> an_;
  Matrix logp_;                          // S × n: ⟨log π_s⟩ + F_is, then responsibilities
  std::vector<Matrix> xbar_;             // x̄_s (k_s × n)
  Matrix work_kn_;                       // scratch
  Vector lse_;                           // per point log Σ_s exp(…)
  std::vector<VbMfaAnalyser> saved_an_;  // the state before an iteration, restored on failure
  Matrix saved_r_;
  std::vector<Matrix> saved_x_;
  double data_term_ = 0;
  bool numerical_failure_ = false;
};

void Vbem::init_analyser(VbMfaAnalyser& a, const Vector& mean, const Matrix& cov, double count, int k) const {
  const Index d = data_.d;
  Eigen::SelfAdjointEigenSolver<Matrix> eig(cov);
  const Vector lam = eig.eigenvalues().reverse();           // descending
  const Matrix u = eig.eigenvectors().rowwise().reverse();  // matching columns
  double sigma2 = k < d ? lam.tail(d - k).mean() : 0.1 * lam.mean();
  sigma2 = std::max(sigma2, data_.floor.mean());
  a.mean = mean;
  a.loadings.resize(d, k);
  for (int j = 0; j < k; ++j) {
    const double scale = std::sqrt(std::max(lam(j) - sigma2, 1e-3 * std::max(lam(j), sigma2)));
    a.loadings.col(j) = u.col(j) * scale;
  }
  a.noise = Vector::Constant(d, sigma2).cwiseMax(data_.floor);
  a.dirichlet = set_.dirichlet_concentration + count;
  a.row_covariance.assign(static_cast<std::size_t>(d), Matrix());
  for (Index q = 0; q < d; ++q)
    a.row_covariance[static_cast<std::size_t>(q)] =
        Matrix::Identity(k + 1, k + 1) * (a.noise(q) / std::max(count, 1.0));
  a.ard_shape = set_.ard_shape + 0.5 * static_cast<double>(d);
  a.ard_rate.resize(k);
  for (int j = 0; j < k; ++j) {
    double e = a.loadings.col(j).squaredNorm();
    for (Index q = 0; q < d; ++q) e += a.row_covariance[static_cast<std::size_t>(q)](j + 1, j + 1);
    a.ard_rate(j) = ard_rate_ + 0.5 * e;
  }
  a.latent_covariance = Matrix::Identity(k, k);
}

void Vbem::cold_start(int k_max) {
  const Index d = data_.d, n = data_.n;
  const Matrix& y = data_.y;
  int S =
      std::max(1, std::min(set_.max_analysers, static_cast<int>(n / std::max<Index>(2, 2 * (k_max + 1)))));
  Rng rng(set_.seed);
  // k-means++ seeding, then a few Lloyd iterations: a hard partition to start the analysers from.
  Matrix centres(d, S);
  centres.col(0) = y.col(uniform_index(n, rng));
  Vector dist2 = (y.colwise() - centres.col(0)).colwise().squaredNorm().transpose();
  for (int c = 1; c < S; ++c) {
    const double total = dist2.sum();
    Index chosen = uniform_index(n, rng);
    if (total > 0) {
      double u = uniform(0.0, total, rng);
      for (Index i = 0; i < n; ++i) {
        u -= dist2(i);
        if (u <= 0) {
          chosen = i;
          break;
        }
      }
    }
    centres.col(c) = y.col(chosen);
    dist2 = dist2.cwiseMin((y.colwise() - centres.col(c)).colwise().squaredNorm().transpose());
  }
  std::vector<int> label(static_cast<std::size_t>(n), 0);
  Matrix d2(S, n);
  for (int iter = 0; iter < 5; ++iter) {
    // ‖y − c‖² = ‖y‖² − 2 cᵀy + ‖c‖²; ‖y‖² is common to a column and does not change the argmin.
    d2.noalias() = -2.0 * centres.transpose() * y;
    d2.colwise() += centres.colwise().squaredNorm().transpose();
    Matrix sums = Matrix::Zero(d, S);
    Vector counts = Vector::Zero(S);
    for (Index i = 0; i < n; ++i) {
      Index best;
      d2.col(i).minCoeff(&best);
      label[static_cast<std::size_t>(i)] = static_cast<int>(best);
      sums.col(best) += y.col(i);
      counts(best) += 1;
    }
    for (int c = 0; c < S; ++c)
      if (counts(c) > 0) centres.col(c) = sums.col(c) / counts(c);
  }
  const Matrix global_cov =
      (y.colwise() - data_.mean) * (y.colwise() - data_.mean).transpose() / static_cast<double>(n);
  an_.clear();
  for (int c = 0; c < S; ++c) {
    Vector mean = Vector::Zero(d);
    Matrix cov = Matrix::Zero(d, d);
    double count = 0;
    for (Index i = 0; i < n; ++i)
      if (label[static_cast<std::size_t>(i)] == c) {
        mean += y.col(i);
        count += 1;
      }
    if (count < 2) continue;
    mean /= count;
    for (Index i = 0; i < n; ++i)
      if (label[static_cast<std::size_t>(i)] == c)
        cov.noalias() += (y.col(i) - mean) * (y.col(i) - mean).transpose();
    cov /= count;
    // A cluster with fewer points than dimensions has a singular covariance: lean on the global one.
    const double w = std::min(1.0, count / static_cast<double>(d + 1));
    cov = w * cov + (1 - w) * global_cov;
    VbMfaAnalyser a;
    init_analyser(a, mean, cov, count, k_max);
    an_.push_back(std::move(a));
  }
  if (an_.empty()) {
    VbMfaAnalyser a;
    init_analyser(a, data_.mean, global_cov, static_cast<double>(n), k_max);
    an_.push_back(std::move(a));
  }
  if (set_.noise == VbMfaNoise::shared) {
    Vector psi = Vector::Zero(d);
    for (const auto& a : an_) psi += a.noise / static_cast<double>(an_.size());
    for (auto& a : an_) a.noise = psi;
  }
}

void Vbem::warm_start(const VbMfaModel&, const std::vector<VbMfaAnalyser>& analysers) {
  an_ = analysers;
}

void Vbem::e_step() {
  const Index d = data_.d, n = data_.n;
  const int S = static_cast<int>(an_.size());
  logp_.resize(S, n);
  xbar_.resize(static_cast<std::size_t>(S));
  double omega0 = 0;
  for (const auto& a : an_) omega0 += a.dirichlet;
  const double dig0 = digamma(omega0);
  const double log2pi = std::log(2 * std::numbers::pi);
  for (int s = 0; s < S; ++s) {
    VbMfaAnalyser& a = an_[static_cast<std::size_t>(s)];
    const int k = a.latent_dimension();
    const Vector psi_inv = a.noise.cwiseInverse();
    // G = ⟨Λ̃ᵀΨ⁻¹Λ̃⟩ = Σ_q Ψ_q⁻¹ (m_q m_qᵀ + Σ^q), with m_q = [μ̄_q, Λ̄_q·].
    Matrix mt(d, k + 1);
    mt.col(0) = a.mean;
    mt.rightCols(k) = a.loadings;
    Matrix g = mt.transpose() * psi_inv.asDiagonal() * mt;
    for (Index q = 0; q < d; ++q) g.noalias() += psi_inv(q) * a.row_covariance[static_cast<std::size_t>(q)];
    Matrix prec = Matrix::Identity(k, k) + g.bottomRightCorner(k, k);
    Eigen::LLT<Matrix> llt(prec);
    a.latent_covariance = llt.solve(Matrix::Identity(k, k));
    double logdet_sigma = 0;
    for (int j = 0; j < k; ++j) logdet_sigma -= 2 * std::log(llt.matrixLLT()(j, j));
    const double c = g(0, 0) - a.mean.dot(psi_inv.asDiagonal() * a.mean);
    // Residual quadratic form (y − μ̄)ᵀΨ⁻¹(y − μ̄), per point.
    Eigen::Array<double, 1, Eigen::Dynamic> row =
        -0.5 * ((data_.y.colwise() - a.mean).array().square().colwise() * psi_inv.array()).colwise().sum();
    Matrix& xb = xbar_[static_cast<std::size_t>(s)];
    if (k > 0) {
      const Matrix w = a.loadings.transpose() * psi_inv.asDiagonal();  // k × d
      work_kn_.noalias() = w * data_.y;
      work_kn_.colwise() -= g.block(1, 0, k, 1).col(0);  // b_is
      xb.noalias() = a.latent_covariance * work_kn_;
      row += 0.5 * (work_kn_.array() * xb.array()).colwise().sum();
    } else {
      xb.resize(0, n);
    }
    const double constant = digamma(a.dirichlet) - dig0 - 0.5 * static_cast<double>(d) * log2pi -
                            0.5 * a.noise.array().log().sum() + 0.5 * logdet_sigma - 0.5 * c;
    logp_.row(s) = (row + constant).matrix();
  }
  // Normalise: q(s_i) = softmax over s; the log normaliser is F's per-point term.
  lse_.resize(n);
  for (Index i = 0; i < n; ++i) {
    const double m = logp_.col(i).maxCoeff();
    double sum = 0;
    for (int s = 0; s < S; ++s) {
      const double e = std::exp(logp_(s, i) - m);
      logp_(s, i) = e;
      sum += e;
    }
    logp_.col(i) /= sum;
    lse_(i) = m + std::log(sum);
  }
  data_term_ = lse_.sum();
}

void Vbem::remove_column(VbMfaAnalyser& a, int j) const {
  const int k = a.latent_dimension();
  auto drop = [](Matrix& m, Index r_or_c, bool rows) {
    if (rows) {
      const Index tail = m.rows() - r_or_c - 1;
      m.middleRows(r_or_c, tail) = m.bottomRows(tail).eval();
      m.conservativeResize(m.rows() - 1, Eigen::NoChange);
    } else {
      const Index tail = m.cols() - r_or_c - 1;
      m.middleCols(r_or_c, tail) = m.rightCols(tail).eval();
      m.conservativeResize(Eigen::NoChange, m.cols() - 1);
    }
  };
  drop(a.loadings, j, false);
  for (auto& c : a.row_covariance) {
    drop(c, j + 1, true);
    drop(c, j + 1, false);
  }
  Vector rate(k - 1);
  rate << a.ard_rate.head(j), a.ard_rate.tail(k - 1 - j);
  a.ard_rate = rate;
  a.latent_covariance = Matrix::Identity(k - 1, k - 1);
}

void Vbem::m_step() {
  const Index d = data_.d, n = data_.n;
  // Deaths: analysers whose responsibility has vanished (the largest is always kept).
  {
    Vector counts = logp_.rowwise().sum();
    Index largest;
    counts.maxCoeff(&largest);
    std::vector<Index> keep;
    for (Index s = 0; s < counts.size(); ++s)
      if (s == largest || counts(s) >= set_.death_threshold) keep.push_back(s);
    if (static_cast<Index>(keep.size()) < counts.size()) {
      std::vector<VbMfaAnalyser> an;
      std::vector<Matrix> xb;
      Matrix r(static_cast<Index>(keep.size()), n);
      for (std::size_t t = 0; t < keep.size(); ++t) {
        an.push_back(std::move(an_[static_cast<std::size_t>(keep[t])]));
        xb.push_back(std::move(xbar_[static_cast<std::size_t>(keep[t])]));
        r.row(static_cast<Index>(t)) = logp_.row(keep[t]);
      }
      // q(s_i) renormalised over the survivors.
      r.array().rowwise() /= r.colwise().sum().array();
      an_ = std::move(an);
      xbar_ = std::move(xb);
      logp_ = std::move(r);
    }
  }
  const int S = static_cast<int>(an_.size());
  Vector shared_error = Vector::Zero(d);
  Vector shared_count = Vector::Zero(d);
  for (int s = 0; s < S; ++s) {
    VbMfaAnalyser& a = an_[static_cast<std::size_t>(s)];
    const int k = a.latent_dimension();
    const auto r = logp_.row(s).transpose();
    const double ns = r.sum();
    a.dirichlet = set_.dirichlet_concentration + ns;
    Matrix& xb = xbar_[static_cast<std::size_t>(s)];
    // Re-centre q(x): shift the latent means so that their weighted mean is 0 (the row update
    // below then moves μ̄_s by Λ̄_s m). Without it the offset along Λ_s decays only by a factor
    // g/(1 + g) per iteration (g ~ loading variance over noise): hundreds of iterations.
    if (k > 0 && ns > 0) {
      const Vector m = xb * r / ns;
      xb.colwise() -= m;
    }
    // Sufficient statistics with x̃ = [1; x]: Sxx = Σ r ⟨x̃x̃ᵀ⟩, Syx = Σ r y x̃̄ᵀ, Sy2 = Σ r y∘y.
    Matrix sxx(k + 1, k + 1);
    Matrix syx(d, k + 1);
    sxx(0, 0) = ns;
    syx.col(0).noalias() = data_.y * r;
    if (k > 0) {
      work_kn_.noalias() = xb * r.asDiagonal();
      const Vector sx = work_kn_.rowwise().sum();
      sxx.block(1, 0, k, 1) = sx;
      sxx.block(0, 1, 1, k) = sx.transpose();
      sxx.bottomRightCorner(k, k).noalias() = work_kn_ * xb.transpose();
      sxx.bottomRightCorner(k, k) += ns * a.latent_covariance;
      syx.rightCols(k).noalias() = data_.y * work_kn_.transpose();
    }
    const Vector sy2 = data_.y2 * r;
    Vector prior_prec(k + 1);
    for (int j = 0; j < k; ++j) prior_prec(j + 1) = a.ard_shape / a.ard_rate(j);
    Vector error(d);
    Matrix id = Matrix::Identity(k + 1, k + 1);
    for (Index q = 0; q < d; ++q) {
      const double pinv = 1 / a.noise(q);
      prior_prec(0) = data_.nu_star(q);
      Matrix p = pinv * sxx;
      p.diagonal() += prior_prec;
      Vector rhs = pinv * syx.row(q).transpose();
      rhs(0) += data_.nu_star(q) * data_.mean(q);
      Eigen::LLT<Matrix> llt(p);
      const Vector m = llt.solve(rhs);
      Matrix& cq = a.row_covariance[static_cast<std::size_t>(q)];
      cq = llt.solve(id);
      a.mean(q) = m(0);
      if (k > 0) a.loadings.row(q) = m.tail(k).transpose();  // no row view of a d×0 matrix (UB in Eigen)
      // Σ_i r_i E[(y_iq − Λ̃_q x̃_i)²] for the noise update.
      error(q) = sy2(q) - 2 * m.dot(syx.row(q).transpose()) + m.dot(sxx * m) + (cq.cwiseProduct(sxx)).sum();
    }
    // q(ν_sj) = Gamma(a* + d/2, b* + ½ Σ_q ⟨Λ_qj²⟩).
    for (int j = 0; j < k; ++j) {
      double e = a.loadings.col(j).squaredNorm();
      for (Index q = 0; q < d; ++q) e += a.row_covariance[static_cast<std::size_t>(q)](j + 1, j + 1);
      a.ard_rate(j) = ard_rate_ + 0.5 * e;
    }
    if (set_.noise == VbMfaNoise::per_analyser) {
      a.noise = (error / std::max(ns, 1e-300)).cwiseMax(data_.floor);
    } else {
      shared_error += error;
      shared_count.array() += ns;
    }
  }
  if (set_.noise == VbMfaNoise::shared) {
    const Vector psi = (shared_error / static_cast<double>(n)).cwiseMax(data_.floor);
    for (auto& a : an_) a.noise = psi;
  }
  // ARD pruning: a column whose expected squared norm is negligible against the noise.
  for (auto& a : an_) {
    for (int j = a.latent_dimension() - 1; j >= 0; --j) {
      double spread = 0;
      for (Index q = 0; q < d; ++q) spread += a.row_covariance[static_cast<std::size_t>(q)](j + 1, j + 1);
      if (a.loadings.col(j).squaredNorm() < set_.column_tolerance * spread) remove_column(a, j);
    }
  }
}

double Vbem::kl_terms() const {
  const Index d = data_.d;
  const double S = static_cast<double>(an_.size());
  double omega0 = 0, kl = 0;
  for (const auto& a : an_) omega0 += a.dirichlet;
  const double a0 = set_.dirichlet_concentration;
  // KL(Dir(ω) ‖ Dir(α₀, …)).
  kl += std::lgamma(omega0) - std::lgamma(S * a0) + S * std::lgamma(a0);
  const double dig0 = digamma(omega0);
  for (const auto& a : an_)
    kl += -std::lgamma(a.dirichlet) + (a.dirichlet - a0) * (digamma(a.dirichlet) - dig0);
  for (const auto& a : an_) {
    const int k = a.latent_dimension();
    const double dig_a = digamma(a.ard_shape);
    double sum_ln_prec = 0;
    for (int j = 0; j < k; ++j) {
      kl += gamma_kl(a.ard_shape, a.ard_rate(j), set_.ard_shape, ard_rate_);
      sum_ln_prec += dig_a - std::log(a.ard_rate(j));
    }
    for (Index q = 0; q < d; ++q) {
      const Matrix& cq = a.row_covariance[static_cast<std::size_t>(q)];
      Eigen::LLT<Matrix> llt(cq);
      double logdet = 0;
      for (int j = 0; j <= k; ++j) logdet += 2 * std::log(llt.matrixLLT()(j, j));
      const double dm = a.mean(q) - data_.mean(q);
      double quad = data_.nu_star(q) * (cq(0, 0) + dm * dm);
      for (int j = 0; j < k; ++j)
        quad += a.ard_shape / a.ard_rate(j) * (cq(j + 1, j + 1) + a.loadings(q, j) * a.loadings(q, j));
      kl += 0.5 * (quad - (k + 1) - logdet - std::log(data_.nu_star(q)) - sum_ln_prec);
    }
  }
  return kl;
}

// VBEM iterations until F changes by less than the relative tolerance; appends each F.
bool Vbem::iterate(std::vector<double>& f, int max_iterations) {
  for (int it = 0; it < max_iterations; ++it) {
    // Degenerate data (e.g. many copies of a point) can break a factorisation: keep the last good
    // state and stop rather than return NaN.
    // Copy-assignment into members kept across iterations reuses their storage (no allocation once
    // the shapes have settled).
    saved_an_ = an_;
    saved_r_ = logp_;
    saved_x_ = xbar_;
    m_step();
    e_step();
    const double next = data_term_ - kl_terms();
    if (!std::isfinite(next)) {
      an_ = saved_an_;
      logp_ = saved_r_;
      xbar_ = saved_x_;
      numerical_failure_ = true;
      return false;
    }
    f.push_back(next);
    const double change = std::abs(f.back() - f[f.size() - 2]);
    if (change <= set_.relative_tolerance * std::abs(f.back())) return true;
  }
  return false;
}

VbMfaModel Vbem::run() {
  std::vector<double> f;
  e_step();
  f.push_back(data_term_ - kl_terms());
  bool converged = iterate(f, set_.max_iterations);
  // Death moves guided by F (Beal 2003 §4.3): remove one analyser (smallest first), rerun VBEM,
  // keep the smaller model if its F is higher. Only the accepted run's final F joins the trace,
  // so the trace stays non-decreasing.
  int trials = 0;
  bool accepted = true;
  while (accepted && an_.size() > 1 && trials < set_.death_trials) {
    accepted = false;
    const Vector counts = logp_.rowwise().sum();
    std::vector<Index> order(static_cast<std::size_t>(counts.size()));
    for (Index s = 0; s < counts.size(); ++s) order[static_cast<std::size_t>(s)] = s;
    std::sort(order.begin(), order.end(), [&](Index a, Index b) { return counts(a) < counts(b); });
    for (Index victim : order) {
      if (trials >= set_.death_trials) break;
      ++trials;
      auto saved_an = an_;
      Matrix saved_r = logp_;
      auto saved_x = xbar_;
      const double saved_term = data_term_;
      an_.erase(an_.begin() + victim);
      xbar_.erase(xbar_.begin() + victim);
      Matrix r(logp_.rows() - 1, logp_.cols());
      r << logp_.topRows(victim), logp_.bottomRows(logp_.rows() - victim - 1);
      r.array().rowwise() /= r.colwise().sum().array().max(1e-300);
      logp_ = std::move(r);
      std::vector<double> trial{f.back()};
      const bool trial_converged = iterate(trial, set_.death_iterations);
      if (trial.back() > f.back()) {
        f.push_back(trial.back());
        converged = trial_converged;
        accepted = true;
        break;
      }
      an_ = std::move(saved_an);
      logp_ = std::move(saved_r);
      xbar_ = std::move(saved_x);
      data_term_ = saved_term;
    }
  }
  double omega0 = 0;
  for (const auto& a : an_) omega0 += a.dirichlet;
  for (auto& a : an_) a.weight = a.dirichlet / omega0;
  return VbMfaAccess::make(data_.d, std::move(an_), std::move(f), converged, std::move(logp_),
                           std::move(xbar_));
}

}  // namespace

void validate(const VbMfa& s) {
  require(s.max_analysers >= 1, "max_analysers", "must be at least 1");
  require(!s.max_latent_dimensions || *s.max_latent_dimensions >= 0, "max_latent_dimensions",
          "must be ≥ 0 when set");
  require(std::isfinite(s.relative_tolerance) && s.relative_tolerance >= 0, "relative_tolerance",
          "must be finite and ≥ 0");
  require(s.max_iterations >= 0, "max_iterations", "must be ≥ 0");
  require(s.death_trials >= 0, "death_trials", "must be ≥ 0");
  require(s.death_iterations >= 1, "death_iterations", "must be ≥ 1");
  require(std::isfinite(s.death_threshold) && s.death_threshold >= 0, "death_threshold",
          "must be finite and ≥ 0");
  require(std::isfinite(s.column_tolerance) && s.column_tolerance >= 0, "column_tolerance",
          "must be finite and ≥ 0");
  require(std::isfinite(s.dirichlet_concentration) && s.dirichlet_concentration > 0,
          "dirichlet_concentration", "must be finite and > 0");
  require(std::isfinite(s.ard_shape) && s.ard_shape > 0, "ard_shape", "must be finite and > 0");
  require(std::isfinite(s.ard_rate) && s.ard_rate > 0, "ard_rate", "must be finite and > 0");
  require(std::isfinite(s.mean_prior_scale) && s.mean_prior_scale > 0, "mean_prior_scale",
          "must be finite and > 0");
  require(std::isfinite(s.noise_floor) && s.noise_floor >= 0, "noise_floor", "must be finite and ≥ 0");
}

VbMfaModel fit_vbmfa(const Matrix& points, const VbMfa& settings, const VbMfaModel* warm_start) {
  validate(settings);
  if (points.rows() < 1 || points.cols() < 2)
    throw InvalidArgument("fit_vbmfa: need at least 2 points (columns) of dimension ≥ 1");
  if (!points.allFinite()) throw InvalidArgument("fit_vbmfa: the data contain NaN or Inf");
  const Index d = points.rows();
  Vbem vbem(points, settings);
  if (warm_start != nullptr && warm_start->analysers() > 0) {
    if (warm_start->dimension() != d)
      throw InvalidArgument("fit_vbmfa: the warm start has dimension " +
                            std::to_string(warm_start->dimension()) + ", the data " + std::to_string(d));
    std::vector<VbMfaAnalyser> an;
    for (int s = 0; s < warm_start->analysers(); ++s) an.push_back(warm_start->analyser(s));
    vbem.warm_start(*warm_start, an);
  } else {
    const int k_max =
        std::min(static_cast<int>(d) - 1, settings.max_latent_dimensions.value_or(static_cast<int>(d) - 1));
    vbem.cold_start(std::max(0, k_max));
  }
  return vbem.run();
}

std::vector<int> VbMfaModel::latent_dimensions() const {
  std::vector<int> k;
  for (const auto& a : analysers_) k.push_back(a.latent_dimension());
  return k;
}

int VbMfaModel::draw_analyser(Index i, Rng& rng) const {
  double u = uniform01(rng);
  const int S = analysers();
  for (int s = 0; s < S - 1; ++s) {
    u -= responsibilities_(s, i);
    if (u < 0) return s;
  }
  return S - 1;
}

void VbMfaModel::sample_near(Index i, int s, Rng& rng, Eigen::Ref<Vector> out) const {
  const VbMfaAnalyser& a = analysers_[static_cast<std::size_t>(s)];
  out = a.mean;
  if (a.latent_dimension() > 0)
    out.noalias() += a.loadings * latent_means_[static_cast<std::size_t>(s)].col(i);
  for (Index q = 0; q < out.size(); ++q) out(q) += std::sqrt(a.noise(q)) * standard_normal(rng);
}

Vector VbMfaModel::sample_near(Index i, Rng& rng) const {
  if (i < 0 || i >= points()) throw InvalidArgument("VbMfaModel::sample_near: point index out of range");
  Vector out(dimension_);
  sample_near(i, draw_analyser(i, rng), rng, out);
  return out;
}

Matrix VbMfaModel::sample(Index count, Rng& rng) const {
  Matrix out(dimension_, count);
  for (Index c = 0; c < count; ++c) {
    double u = uniform01(rng);
    int s = 0;
    for (; s < analysers() - 1; ++s) {
      u -= analysers_[static_cast<std::size_t>(s)].weight;
      if (u < 0) break;
    }
    const VbMfaAnalyser& a = analysers_[static_cast<std::size_t>(s)];
    Vector z(a.latent_dimension());
    for (Index j = 0; j < z.size(); ++j) z(j) = standard_normal(rng);
    out.col(c) = a.mean + a.loadings * z;
    for (Index q = 0; q < dimension_; ++q) out(q, c) += std::sqrt(a.noise(q)) * standard_normal(rng);
  }
  return out;
}

double VbMfaModel::mean_log_likelihood(const Matrix& y) const {
  if (y.rows() != dimension_) throw InvalidArgument("VbMfaModel::mean_log_likelihood: dimension mismatch");
  const Index n = y.cols();
  const int S = analysers();
  Matrix lp(S, n);
  const double log2pi = std::log(2 * std::numbers::pi);
  for (int s = 0; s < S; ++s) {
    const VbMfaAnalyser& a = analysers_[static_cast<std::size_t>(s)];
    const int k = a.latent_dimension();
    const Vector psi_inv = a.noise.cwiseInverse();
    // Woodbury: (ΛΛᵀ + Ψ)⁻¹ = Ψ⁻¹ − Ψ⁻¹Λ M⁻¹ ΛᵀΨ⁻¹, M = I + ΛᵀΨ⁻¹Λ; |ΛΛᵀ + Ψ| = |Ψ| |M|.
    const Matrix m = Matrix::Identity(k, k) + a.loadings.transpose() * psi_inv.asDiagonal() * a.loadings;
    Eigen::LLT<Matrix> llt(m);
    double logdet = a.noise.array().log().sum();
    for (int j = 0; j < k; ++j) logdet += 2 * std::log(llt.matrixLLT()(j, j));
    const Matrix r = y.colwise() - a.mean;
    Eigen::Array<double, 1, Eigen::Dynamic> quad =
        (psi_inv.cwiseSqrt().asDiagonal() * r).colwise().squaredNorm().array();
    if (k > 0) {
      const Matrix b = a.loadings.transpose() * psi_inv.asDiagonal() * r;
      const Matrix lb = llt.matrixL().solve(b);
      quad -= lb.colwise().squaredNorm().array();
    }
    lp.row(s) = (std::log(a.weight) - 0.5 * (static_cast<double>(dimension_) * log2pi + logdet) - 0.5 * quad)
                    .matrix();
  }
  double total = 0;
  for (Index i = 0; i < n; ++i) {
    const double mx = lp.col(i).maxCoeff();
    total += mx + std::log((lp.col(i).array() - mx).exp().sum());
  }
  return total / static_cast<double>(n);
}

}  // namespace minima
