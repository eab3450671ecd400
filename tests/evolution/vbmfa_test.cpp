// VB-MFA: the lower bound never decreases, generated mixtures are recovered (number of analysers,
// their latent dimensionality and subspaces), and one analyser with weak priors on many points
// agrees with scikit-learn's FactorAnalysis (references from make_factor_analysis_reference.py).
#include "minima/evolution/vbmfa.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numbers>

#include "minima/core/error.hpp"
#include "minima/core/random.hpp"

namespace minima {
namespace {

struct TrueAnalyser {
  Vector mean;
  Matrix loadings;
  Vector noise_sd;
  Index count;
};

Matrix draw_mixture(const std::vector<TrueAnalyser>& comps, unsigned long seed) {
  Rng rng(seed);
  Index n = 0;
  for (const auto& c : comps) n += c.count;
  const Index d = comps[0].mean.size();
  Matrix y(d, n);
  Index col = 0;
  for (const auto& c : comps)
    for (Index i = 0; i < c.count; ++i, ++col) {
      Vector z(c.loadings.cols());
      for (Index j = 0; j < z.size(); ++j) z(j) = standard_normal(rng);
      y.col(col) = c.mean + c.loadings * z;
      for (Index q = 0; q < d; ++q) y(q, col) += c.noise_sd(q) * standard_normal(rng);
    }
  // Shuffle the columns so that the order carries no information.
  std::vector<Index> perm(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) perm[static_cast<std::size_t>(i)] = i;
  shuffle(perm, rng);
  Matrix out(d, n);
  for (Index i = 0; i < n; ++i) out.col(i) = y.col(perm[static_cast<std::size_t>(i)]);
  return out;
}

// Cosines of the principal angles between span(a) and span(b): all near 1 = same subspace.
Vector principal_cosines(const Matrix& a, const Matrix& b) {
  const Matrix qa = Eigen::HouseholderQR<Matrix>(a).householderQ() * Matrix::Identity(a.rows(), a.cols());
  const Matrix qb = Eigen::HouseholderQR<Matrix>(b).householderQ() * Matrix::Identity(b.rows(), b.cols());
  return Eigen::JacobiSVD<Matrix>(qa.transpose() * qb).singularValues();
}

std::vector<TrueAnalyser> three_analysers() {
  Rng rng(7);
  auto random = [&](Index r, Index c) {
    Matrix m(r, c);
    for (Index i = 0; i < r; ++i)
      for (Index j = 0; j < c; ++j) m(i, j) = standard_normal(rng);
    return m;
  };
  const Index d = 8;
  std::vector<TrueAnalyser> comps;
  comps.push_back({Vector::Constant(d, 20.0), 3.0 * random(d, 1), Vector::Constant(d, 0.3), 500});
  comps.push_back({Vector::Constant(d, -20.0), 2.0 * random(d, 2), Vector::Constant(d, 0.2), 600});
  Vector m3 = Vector::Zero(d);
  m3(0) = 25;
  m3(1) = -25;
  comps.push_back({m3, 2.5 * random(d, 3), Vector::LinSpaced(d, 0.1, 0.4), 700});
  return comps;
}

TEST(VbMfa, LowerBoundNeverDecreases) {
  const Matrix y = draw_mixture(three_analysers(), 11);
  for (VbMfaNoise noise : {VbMfaNoise::per_analyser, VbMfaNoise::shared}) {
    const VbMfaModel m = fit_vbmfa(y, {.relative_tolerance = 1e-10,
                                       .max_iterations = 60,
                                       .death_iterations = 60,
                                       .noise = noise,
                                       .seed = 3});
    ASSERT_GE(m.lower_bound().size(), 10u);
    for (std::size_t t = 1; t < m.lower_bound().size(); ++t)
      EXPECT_GE(m.lower_bound()[t], m.lower_bound()[t - 1] - 1e-9 * std::abs(m.lower_bound()[t]))
          << "iteration " << t;
  }
}

TEST(VbMfa, RecoversTheNumberDimensionsAndSubspacesOfAGeneratedMixture) {
  const auto comps = three_analysers();
  const Matrix y = draw_mixture(comps, 12);
  for (unsigned long seed : {1ul, 2ul}) {
    const VbMfaModel m = fit_vbmfa(y, {.relative_tolerance = 1e-7, .max_iterations = 200, .seed = seed});
    ASSERT_EQ(m.analysers(), 3) << "seed " << seed;
    for (const auto& c : comps) {
      int best = 0;
      for (int s = 1; s < m.analysers(); ++s)
        if ((m.analyser(s).mean - c.mean).norm() < (m.analyser(best).mean - c.mean).norm()) best = s;
      const VbMfaAnalyser& a = m.analyser(best);
      // The fit can only find the sample's mean: its distance from the true mean has RMS
      // √(tr(ΛΛᵀ + Ψ) / count), 0.23 to 0.54 here, so the former fixed 0.5 was nearly a coin toss.
      const double mean_rms =
          std::sqrt((c.loadings.squaredNorm() + c.noise_sd.squaredNorm()) / static_cast<double>(c.count));
      EXPECT_LT((a.mean - c.mean).norm(), 3 * mean_rms) << "rms " << mean_rms;
      ASSERT_EQ(a.latent_dimension(), c.loadings.cols()) << "seed " << seed;
      EXPECT_GT(principal_cosines(a.loadings, c.loadings).minCoeff(), 0.995);
      EXPECT_NEAR(a.weight, static_cast<double>(c.count) / static_cast<double>(y.cols()), 0.01);
      for (Index q = 0; q < c.noise_sd.size(); ++q)
        EXPECT_NEAR(std::sqrt(a.noise(q)), c.noise_sd(q), 0.2 * c.noise_sd(q));
    }
    // Responsibilities are a distribution over analysers for every point, and nearly hard here.
    EXPECT_LT((m.responsibilities().colwise().sum().array() - 1).abs().maxCoeff(), 1e-12);
    EXPECT_GT(m.responsibilities().colwise().maxCoeff().minCoeff(), 0.999);
  }
}

// splitmix64 and Box-Muller's cosine branch, exactly as make_factor_analysis_reference.py.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ull;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1p-53; }
  double normal() {
    const double u1 = uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

 private:
  std::uint64_t state_;
};

Vector to_vector(const nlohmann::json& j) {
  Vector v(static_cast<Index>(j.size()));
  for (std::size_t i = 0; i < j.size(); ++i) v(static_cast<Index>(i)) = j[i].get<double>();
  return v;
}

TEST(VbMfa, OneAnalyserWithWeakPriorsAgreesWithScikitLearnsFactorAnalysis) {
  std::ifstream in(std::filesystem::path(__FILE__).parent_path() / "factor_analysis_reference.json");
  ASSERT_TRUE(in) << "factor_analysis_reference.json missing";
  const nlohmann::json ref = nlohmann::json::parse(in);
  const auto& gen = ref["generator"];
  const Index n = gen["n"], d = gen["d"], k = gen["k"];
  const Vector mean = to_vector(gen["mean"]), sd = to_vector(gen["noise_sd"]);
  Matrix loadings(d, k);
  for (Index q = 0; q < d; ++q)
    loadings.row(q) = to_vector(gen["loadings"][static_cast<std::size_t>(q)]).transpose();
  SplitMix64 g(gen["seed"].get<std::uint64_t>());
  // The generator's first draws made the true parameters (stored above); replay them.
  for (Index i = 0; i < d + d * k; ++i) g.normal();
  for (Index i = 0; i < d; ++i) g.uniform();
  Matrix y(d, n);
  for (Index i = 0; i < n; ++i) {
    Vector z(k), e(d);
    for (Index j = 0; j < k; ++j) z(j) = g.normal();
    for (Index q = 0; q < d; ++q) e(q) = g.normal();
    y.col(i) = mean + loadings * z + sd.cwiseProduct(e);
  }
  ASSERT_LT((y.col(0) - to_vector(ref["check_first_point"])).norm(), 1e-12) << "generator out of step";

  const VbMfaModel m =
      fit_vbmfa(y, {.max_analysers = 1, .relative_tolerance = 1e-13, .max_iterations = 5000});
  ASSERT_EQ(m.analysers(), 1);
  const VbMfaAnalyser& a = m.analyser(0);
  ASSERT_EQ(a.latent_dimension(), k);  // ARD switched off the other d − 1 − k columns
  Matrix sk(d, k);
  for (Index j = 0; j < k; ++j) sk.col(j) = to_vector(ref["components"][static_cast<std::size_t>(j)]);
  EXPECT_GT(principal_cosines(a.loadings, sk).minCoeff(), 1 - 1e-6);
  // The same model: the covariances ΛΛᵀ + Ψ agree (the loadings only up to a rotation).
  const Matrix cov_vb = a.loadings * a.loadings.transpose() + Matrix(a.noise.asDiagonal());
  const Matrix cov_sk = sk * sk.transpose() + Matrix(to_vector(ref["noise_variance"]).asDiagonal());
  EXPECT_LT((cov_vb - cov_sk).norm() / cov_sk.norm(), 1e-3);
  EXPECT_LT((a.mean - to_vector(ref["mean"])).norm() / to_vector(ref["mean"]).norm(), 1e-4);
  const double ll_sk = ref["mean_log_likelihood"];
  EXPECT_NEAR(m.mean_log_likelihood(y), ll_sk, 1e-3 * std::abs(ll_sk));
}

TEST(VbMfa, SettingsAndDataAreChecked) {
  Rng rng(4);
  const Matrix y = standard_normal(3, 20, rng);
  EXPECT_NO_THROW(validate(VbMfa{}));
  EXPECT_THROW(fit_vbmfa(y, {.max_analysers = 0}), InvalidArgument);
  EXPECT_THROW(fit_vbmfa(y, {.relative_tolerance = -1}), InvalidArgument);
  EXPECT_THROW(fit_vbmfa(y, {.ard_rate = 0}), InvalidArgument);
  EXPECT_THROW(fit_vbmfa(y, {.max_latent_dimensions = -2}), InvalidArgument);
  try {
    fit_vbmfa(y, {.dirichlet_concentration = std::nan("")});
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("dirichlet_concentration"), std::string::npos);
  }
  Matrix bad = y;
  bad(1, 3) = std::nan("");
  EXPECT_THROW(fit_vbmfa(bad), InvalidArgument);
  EXPECT_THROW(fit_vbmfa(Matrix(3, 1)), InvalidArgument);
  const VbMfaModel m = fit_vbmfa(y);
  EXPECT_THROW(fit_vbmfa(standard_normal(4, 20, rng), {}, &m), InvalidArgument);
}

TEST(VbMfa, DegenerateDataGiveAFiniteModel) {
  // All points equal (a converged population) and points on a line: no NaN, nothing thrown.
  const Matrix same = Vector::Constant(5, 0.25).replicate(1, 40);
  const VbMfaModel m = fit_vbmfa(same);
  EXPECT_TRUE(std::isfinite(m.lower_bound().back()));
  Rng rng(1);
  EXPECT_LT((m.sample_near(3, rng) - same.col(0)).norm(), 1e-6);
  Matrix line(3, 50);
  for (Index i = 0; i < 50; ++i) line.col(i) = Vector::Constant(3, static_cast<double>(i));
  const VbMfaModel l = fit_vbmfa(line);
  EXPECT_TRUE(std::isfinite(l.lower_bound().back()));
  EXPECT_TRUE(l.sample(10, rng).allFinite());
}

TEST(VbMfa, WarmStartContinuesTheBoundAndSeedsRepeat) {
  const Matrix y = draw_mixture(three_analysers(), 13);
  const VbMfa settings{.relative_tolerance = 1e-4, .max_iterations = 100, .death_trials = 2, .seed = 5};
  const VbMfaModel a = fit_vbmfa(y, settings);
  const VbMfaModel b = fit_vbmfa(y, settings);
  EXPECT_EQ(a.lower_bound(), b.lower_bound());
  const VbMfaModel warm = fit_vbmfa(y, settings, &a);
  // Same data: the warm start begins where the last fit ended (up to the E-step it repeats).
  EXPECT_GE(warm.lower_bound().front(), a.lower_bound().back() - 1e-9 * std::abs(a.lower_bound().back()));
  EXPECT_GE(warm.lower_bound().back(), a.lower_bound().back());
  EXPECT_LE(warm.analysers(), a.analysers());  // death moves may go on; there are no births
}

TEST(VbMfa, SamplesFollowTheFittedDensity) {
  // One analyser: the model's samples have the fitted covariance ΛΛᵀ + Ψ; samples near a point lie
  // within the noise of its projection Λ x̄ + μ.
  const auto comps = three_analysers();
  const Matrix y = draw_mixture({comps[2]}, 14);
  const VbMfaModel m = fit_vbmfa(y, {.max_analysers = 1, .relative_tolerance = 1e-8, .max_iterations = 500});
  const VbMfaAnalyser& a = m.analyser(0);
  Rng rng(3);
  const Matrix x = m.sample(40000, rng);
  const Vector mean = x.rowwise().mean();
  const Matrix cov = (x.colwise() - mean) * (x.colwise() - mean).transpose() / 40000.0;
  const Matrix model_cov = a.loadings * a.loadings.transpose() + Matrix(a.noise.asDiagonal());
  EXPECT_LT((mean - a.mean).norm(), 0.1);
  EXPECT_LT((cov - model_cov).norm() / model_cov.norm(), 0.03);
  const Vector centre = a.mean + a.loadings * m.latent_means(0).col(5);
  Vector dev = Vector::Zero(y.rows());
  for (int t = 0; t < 4000; ++t) dev += (m.sample_near(5, rng) - centre).array().square().matrix();
  dev /= 4000.0;
  for (Index q = 0; q < y.rows(); ++q) EXPECT_NEAR(dev(q), a.noise(q), 0.1 * a.noise(q));
}

}  // namespace
}  // namespace minima
