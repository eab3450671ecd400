// Variational Bayesian mixture of factor analysers (VB-MFA): Ghahramani & Beal, "Variational
// inference for Bayesian mixtures of factor analysers", NIPS 12 (2000); Beal, "Variational
// Algorithms for Approximate Bayesian Inference", PhD thesis, UCL 2003, chapter 4.
//
// Model, for points y_i ∈ R^d (the COLUMNS of the data matrix, as for populations):
//   s_i ~ Discrete(π),  π ~ Dirichlet(α₀, …, α₀)
//   x_i | s_i ~ N(0, I_k)                       (the latent factors, k = k_s per analyser)
//   y_i | x_i, s_i ~ N(Λ_s x_i + μ_s, Ψ_s)      (Ψ_s diagonal: the noise)
//   Λ_s column j ~ N(0, I/ν_sj),  ν_sj ~ Gamma(a*, b*)   (ARD: unused columns switch off)
//   μ_s ~ N(μ*, diag(ν*)⁻¹)                     (μ* = data mean, ν*_q = 1/(c² var_q))
// Ψ is a point estimate (maximum of F, as in Beal). VBEM maximises the lower bound
//   F = Σ_i log Σ_s exp(⟨log π_s⟩ + F_is) − KL(q(π)) − Σ_s [KL(q(ν_s)) + ⟨KL(q(Λ̃_s))⟩]
// over q(π) q(ν) q(Λ̃) Π_i q(s_i) q(x_i | s_i), one exact coordinate update at a time, so F never
// decreases. Symbols: Λ̃_s = [μ_s Λ_s] (Beal's augmented loading matrix) is Gaussian per row with
// covariance Σ^{q,s}; the posterior of x_i under analyser s is N(x̄_is, Σ^s).
//
// The number of analysers: VBEM starts from `max_analysers` (k-means++ seeding and a per-cluster
// PCA), removes an analyser when its responsibility Σ_i q(s_i = s) falls below
// `death_threshold`, and after convergence tries death moves guided by F: remove the smallest
// analyser, rerun VBEM, keep the change if F rose — the "death" half of Beal's birth/death
// moves; there are no births, so `max_analysers` is the most the model can have. The
// latent dimensionality of each analyser: ARD drives the unused loading columns to zero, and a
// column is removed once its posterior mean is smaller than its posterior spread,
// ‖Λ̄_·j‖² < `column_tolerance`·Σ_q Var(Λ_qj). The Gamma prior's rate b* is set in units of the
// data's mean variance, so the fit does not depend on the scale of the data.
//
// Cost per VBEM iteration, S analysers of k factors on n points in d dimensions: O(S n d k)
// in matrix products (no per-point work outside them).
#pragma once

#include <optional>
#include <vector>

#include "minima/core/random.hpp"
#include "minima/core/types.hpp"

namespace minima {

/// How the diagonal noise Ψ is shared.
enum class VbMfaNoise {
  per_analyser,  ///< Ψ_s for each analyser (the default: clusters of a population differ in scale)
  shared,        ///< one Ψ for all analysers (Beal's model)
};

/// Settings of a VB-MFA fit. All have defaults; `validate` names the bad field.
struct VbMfa {
  int max_analysers = 8;  ///< S at the start (≥ 1); analysers only die, so this is the maximum
  /// k per analyser at the start; unset: d − 1 (the most a factor analyser identifies is < d)
  std::optional<int> max_latent_dimensions{};
  double relative_tolerance = 0.05;  ///< stop when |F_t − F_{t−1}| ≤ tol·|F_t| (the seed's 5%)
  int max_iterations = 100;          ///< VBEM iterations (each an M-step then an E-step)
  double death_threshold = 2.0;      ///< remove analyser s when Σ_i q(s_i = s) < this (points)
  /// After VBEM converges: at most this many death moves (remove the smallest analyser, rerun
  /// VBEM for up to `death_iterations`, keep the result if F rose); 0 turns them off.
  int death_trials = 20;
  int death_iterations = 200;
  /// remove column j when ‖Λ̄_·j‖² < tol · Σ_q Var(Λ_qj): its mean lies inside its posterior spread
  double column_tolerance = 1.0;
  double dirichlet_concentration = 1.0;  ///< α₀ per analyser (Dirichlet prior on π)
  double ard_shape = 1e-3;               ///< a* of the Gamma prior on each ARD precision ν_sj
  double ard_rate = 1e-6;                ///< b* (rate) of that prior, in units of the data's mean variance
  double mean_prior_scale = 10.0;        ///< c: prior std of μ_s is c·std of the data per coordinate
  double noise_floor = 1e-9;             ///< Ψ_q ≥ floor·var_q + (1e-15·max(1, |mean_q|))²
  VbMfaNoise noise = VbMfaNoise::per_analyser;
  unsigned long seed = 1;  ///< k-means++ seeding of a cold start
};

/// Throws InvalidArgument naming the field when a setting is out of range.
void validate(const VbMfa& settings);

/// One factor analyser of a fitted model: posterior means of its parameters, and the posterior
/// pieces needed to warm-start the next fit.
struct VbMfaAnalyser {
  Vector mean{};                       ///< μ̄_s (d)
  Matrix loadings{};                   ///< Λ̄_s (d × k_s)
  Vector noise{};                      ///< Ψ_s diagonal (d); equal across analysers when shared
  double weight = 0;                   ///< E[π_s] = ω_s / Σ ω
  double dirichlet = 0;                ///< ω_s, the posterior Dirichlet parameter
  Vector ard_rate{};                   ///< b_sj, posterior Gamma rates of the ν_sj (k_s)
  double ard_shape = 0;                ///< a* + d/2, their common posterior shape
  std::vector<Matrix> row_covariance;  ///< Σ^{q,s}: (k_s+1)² per row q of Λ̃_s = [μ_s Λ_s]
  Matrix latent_covariance{};          ///< Σ^s = (I + ⟨Λ_sᵀΨ_s⁻¹Λ_s⟩)⁻¹ (k_s × k_s)

  int latent_dimension() const { return static_cast<int>(loadings.cols()); }
};

/// A fitted VB-MFA. Points are the columns of the matrix it was fitted to.
class VbMfaModel {
 public:
  int analysers() const { return static_cast<int>(analysers_.size()); }
  int dimension() const { return static_cast<int>(dimension_); }
  Index points() const { return responsibilities_.cols(); }
  const VbMfaAnalyser& analyser(int s) const { return analysers_[static_cast<std::size_t>(s)]; }
  /// k_s of every analyser (the columns ARD kept).
  std::vector<int> latent_dimensions() const;
  /// The lower bound F after every VBEM iteration (entry 0: after the first E-step).
  const std::vector<double>& lower_bound() const { return lower_bound_; }
  int iterations() const { return static_cast<int>(lower_bound_.size()) - 1; }
  bool converged() const { return converged_; }
  /// q(s_i = s): S × n, columns sum to 1.
  const Matrix& responsibilities() const { return responsibilities_; }
  /// x̄_is, the posterior latent means of every point under analyser s: k_s × n.
  const Matrix& latent_means(int s) const { return latent_means_[static_cast<std::size_t>(s)]; }

  /// The seed's offspring: choose analyser s by point i's responsibilities, then
  /// x ~ N(Λ̄_s x̄_is + μ̄_s, Ψ_s).
  Vector sample_near(Index i, Rng& rng) const;
  /// The same for point i with analyser s already chosen, written into `out` (size d).
  void sample_near(Index i, int s, Rng& rng, Eigen::Ref<Vector> out) const;
  /// Draws from the fitted mixture itself: s ~ E[π], x ~ N(0, I), y ~ N(Λ̄_s x + μ̄_s, Ψ_s).
  /// Returns d × count.
  Matrix sample(Index count, Rng& rng) const;
  /// Chooses s by point i's responsibilities (a draw from q(s_i)).
  int draw_analyser(Index i, Rng& rng) const;

  /// Mean over the columns of `points` of log Σ_s E[π_s] N(y; μ̄_s, Λ̄_sΛ̄_sᵀ + Ψ_s): the plug-in
  /// log-likelihood at the posterior means.
  double mean_log_likelihood(const Matrix& points) const;

 private:
  friend struct VbMfaAccess;  // the fitter in vbmfa.cpp fills the fields
  Index dimension_ = 0;
  std::vector<VbMfaAnalyser> analysers_;
  std::vector<double> lower_bound_;
  bool converged_ = false;
  Matrix responsibilities_;
  std::vector<Matrix> latent_means_;
};

/// Fits a VB-MFA to the columns of `points` (d × n, n ≥ 2, finite). With `warm_start`, VBEM starts
/// from that model's posteriors (same d; its analysers and their latent dimensions are kept, the
/// data may differ) instead of a k-means++/PCA initialisation. Throws InvalidArgument for bad
/// settings, non-finite data, or a warm start of another dimension.
VbMfaModel fit_vbmfa(const Matrix& points, const VbMfa& settings = {},
                     const VbMfaModel* warm_start = nullptr);

}  // namespace minima
