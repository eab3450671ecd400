// The VAE's hand-written gradients against central finite differences, its terms against their
// closed forms, the objectives' multiplier rules against one step by hand, training, sampling and
// the model file.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "minima/core/error.hpp"
#include "minima/core/random.hpp"
#include "minima/neural/dense.hpp"
#include "minima/neural/train_vae.hpp"
#include "minima/neural/vae_io.hpp"

namespace minima::neural {
namespace {

Matrix random_matrix(Index rows, Index cols, Rng& rng, double scale = 1.0) {
  return scale * standard_normal(rows, cols, rng);
}

TEST(Vae, GradientMatchesCentralFiniteDifferences) {
  Rng rng(3);
  const VaeShape shape{.input = 3, .hidden = 6, .latent = 2};
  Vae vae(shape);
  vae.initialize(7);
  // Move p and s away from 1 so that their derivatives are exercised in general position.
  Vector theta = vae.parameters() + 0.1 * random_matrix(shape.parameter_count(), 1, rng);
  vae.set_parameters(theta);
  const Matrix x = random_matrix(3, 9, rng), noise = random_matrix(2, 9, rng);
  for (auto [cr, ck] : {std::pair{1.0, 1.0}, std::pair{2.5, 0.3}, std::pair{1.0, 0.0}}) {
    Vector g;
    vae.evaluate(x, noise, cr, ck, &g);
    ASSERT_EQ(g.size(), shape.parameter_count());
    for (Index k = 0; k < theta.size(); ++k) {
      const double h = 1e-6;
      Vector tp = theta, tm = theta;
      tp[k] += h;
      tm[k] -= h;
      vae.set_parameters(tp);
      const VaeTerms fp = vae.evaluate(x, noise, cr, ck);
      vae.set_parameters(tm);
      const VaeTerms fm = vae.evaluate(x, noise, cr, ck);
      vae.set_parameters(theta);
      const double fd = (cr * (fp.reconstruction - fm.reconstruction) + ck * (fp.kl - fm.kl)) / (2.0 * h);
      EXPECT_NEAR(g[k], fd, 1e-6 * (1.0 + std::abs(fd)))
          << "parameter " << k << " (cr " << cr << ", ck " << ck << ")";
    }
  }
}

TEST(Vae, TermsFollowTheirClosedFormsForAnIdentityLikeNetwork) {
  // All weights zero: μ = log σ² = 0, so KL = 0, and x̃ = b₄ = 0, so R = mean ‖x‖².
  Vae vae({.input = 2, .hidden = 4, .latent = 3});
  Matrix x(2, 3);
  x << 1, 2, 3, 4, 5, 6;
  const VaeTerms t = vae.evaluate(x, Matrix::Ones(3, 3), 1.0, 1.0);
  EXPECT_DOUBLE_EQ(t.reconstruction, (1 + 4 + 9 + 16 + 25 + 36) / 3.0);
  EXPECT_DOUBLE_EQ(t.kl, 0.0);
  // b₂ = (μ = 0.5 in every latent dimension, log σ² = 0): KL = ½ Σ μ² = 3 · 0.125 per point.
  Vector theta = vae.parameters();
  const Index b2 = 4 * 2 + 4 + 2 + 6 * 4;  // after W₁, b₁, p₁, s₁, W₂
  for (Index j = 0; j < 3; ++j) theta[b2 + j] = 0.5;
  vae.set_parameters(theta);
  EXPECT_DOUBLE_EQ(vae.evaluate(x, Matrix::Zero(3, 3), 1.0, 1.0).kl, 0.375);
}

TEST(Vae, ParametricTanhBackwardMatchesItsDerivative) {
  Matrix h(2, 2), t, y, dh;
  h << 0.3, -1.2, 2.0, 0.0;
  parametric_tanh_forward(h, 1.5, 0.7, t, y);
  EXPECT_DOUBLE_EQ(y(0, 1), 1.5 * std::tanh(0.7 * -1.2));
  double ga = 0, gb = 0;
  parametric_tanh_backward(Matrix::Ones(2, 2), h, t, 1.5, 0.7, ga, gb, dh);
  EXPECT_NEAR(ga, t.sum(), 1e-15);
  const double s = 1.0 - std::pow(std::tanh(0.7 * 0.3), 2);
  EXPECT_NEAR(dh(0, 0), 1.5 * 0.7 * s, 1e-15);
}

TEST(Vae, ShapesAreValidated) {
  EXPECT_THROW(Vae({.input = 3, .hidden = 32, .latent = 0}), InvalidArgument);
  EXPECT_THROW(Vae({.input = 0}), InvalidArgument);
  try {
    Vae({.latent = 0});
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("latent"), std::string::npos);
  }
  Vae vae;
  EXPECT_THROW(vae.set_parameters(Vector::Zero(5)), InvalidArgument);
  EXPECT_THROW(vae.evaluate(Matrix::Zero(2, 4), Matrix::Zero(2, 4), 1, 1), InvalidArgument);
  EXPECT_EQ(VaeShape{}.parameter_count(), 32 * 3 + 32 + 2 + 4 * 32 + 4 + 32 * 2 + 32 + 2 + 3 * 32 + 3);
}

/// One batch, one epoch: the multiplier after the step, by the rule's formula.
VaeFit one_step(const VaeObjective& o, const Matrix& data, double lr = 1e-2) {
  return train_vae(
      data, VaeShape{.hidden = 8}, o,
      VaeTraining{.epochs = 1, .batch_size = data.cols(), .method = Adam{.learning_rate = lr}, .seed = 4});
}

TEST(Vae, MultiplierRulesTakeTheirStepByHand) {
  const Matrix data = cosine_data(50, 2);
  const double lr = 1e-2;
  {
    const VaeFit f = one_step({.kind = VaeObjectiveKind::lagrangian, .delta = 0.1, .alpha0 = 1.0}, data, lr);
    const VaeEpoch& e = f.history.at(0);
    EXPECT_NEAR(e.alpha, std::max(0.0, 1.0 + lr * (e.kl - 0.1)), 1e-15);
    EXPECT_NEAR(e.weighted_kl, 1.0 * e.kl, 1e-15);  // the weight in force during the step: α₀
    EXPECT_NEAR(e.objective, e.reconstruction + 1.0 * (e.kl - 0.1), 1e-12);
  }
  {
    const VaeFit f =
        one_step({.kind = VaeObjectiveKind::eq7, .alpha_rule = AlphaRule::dual_ascent}, data, lr);
    const VaeEpoch& e = f.history.at(0);
    EXPECT_NEAR(e.alpha, 1.0 + lr * (e.reconstruction + e.kl - 0.1), 1e-15);
    EXPECT_NEAR(e.weighted_reconstruction, 2.0 * e.reconstruction, 1e-12);  // (1 + α₀) R
  }
  {
    // Adam's first step is η against the sign of ∂/∂α = R + K − δ > 0.
    const VaeFit f = one_step({.kind = VaeObjectiveKind::eq7, .alpha_rule = AlphaRule::seed}, data, lr);
    EXPECT_NEAR(f.history.at(0).alpha, 1.0 - lr, 1e-9);
  }
  {
    const VaeFit f = one_step({.kind = VaeObjectiveKind::geco, .delta = 0.5}, data, lr);
    const VaeEpoch& e = f.history.at(0);
    EXPECT_NEAR(e.alpha, std::exp(lr * (e.reconstruction - 0.5)), 1e-12);
  }
  EXPECT_TRUE(std::isnan(one_step({.kind = VaeObjectiveKind::elbo}, data).history.at(0).alpha));
  EXPECT_EQ(one_step({.kind = VaeObjectiveKind::beta, .beta = 3.0}, data).history.at(0).alpha, 3.0);
}

TEST(Vae, TrainingTheElboLowersItAndIsReproducible) {
  const Matrix data = cosine_data(500, 1);
  const VaeTraining training{
      .epochs = 15, .batch_size = 50, .method = Adam{.learning_rate = 1e-2}, .seed = 2};
  const VaeFit a = train_vae(data, VaeShape{}, VaeObjective{}, training);
  const VaeFit b = train_vae(data, VaeShape{}, VaeObjective{}, training);
  ASSERT_EQ(a.history.size(), 15u);
  EXPECT_EQ(a.result.status, Status::max_iterations);
  EXPECT_EQ(a.model.parameters(), b.model.parameters());
  EXPECT_LT(a.history.back().objective, 0.7 * a.history.front().objective);
  // The data's total variance is (π²/3)·2 + var(cos x) + 3·0.05² ≈ 7.1; a trained ELBO is far below.
  EXPECT_LT(a.history.back().reconstruction, 3.0);
  const Matrix s = sample_vae(a.model, 200, 5);
  EXPECT_EQ(s.rows(), 3);
  EXPECT_EQ(s.cols(), 200);
  EXPECT_TRUE(s.allFinite());
}

TEST(Vae, TheLagrangianHoldsTheKlNearDelta) {
  const Matrix data = cosine_data(1000, 3);
  const VaeFit f = train_vae(
      data, VaeShape{}, {.kind = VaeObjectiveKind::lagrangian, .delta = 0.5, .dual_step = 0.05},
      VaeTraining{.epochs = 60, .batch_size = 50, .method = Adam{.learning_rate = 3e-3}, .seed = 1});
  EXPECT_NEAR(f.history.back().kl, 0.5, 0.25) << "alpha " << f.history.back().alpha;
}

TEST(Vae, ALearningRateThatBlowsUpStopsWithTheEpoch) {
  const Matrix data = cosine_data(200, 1) * 1e3;
  const VaeFit f =
      train_vae(data, VaeShape{}, VaeObjective{},
                VaeTraining{.epochs = 20, .batch_size = 20, .method = Sgd{.learning_rate = 10.0}});
  EXPECT_EQ(f.result.status, Status::non_finite_value);
  EXPECT_NE(f.result.message.find("epoch "), std::string::npos) << f.result.message;
  EXPECT_TRUE(f.model.parameters().allFinite());
  EXPECT_LT(f.history.size(), 20u);
}

TEST(Vae, BadTrainingInputIsRefused) {
  const Matrix data = cosine_data(20, 1);
  EXPECT_THROW(train_vae(data, VaeShape{.input = 2}, {}, {}), InvalidArgument);
  EXPECT_THROW(train_vae(Matrix(3, 0), VaeShape{}, {}, {}), InvalidArgument);
  EXPECT_THROW(train_vae(data, VaeShape{}, {.delta = -1.0}, {}), InvalidArgument);
  EXPECT_THROW(train_vae(data, VaeShape{}, {}, {.epochs = 0}), InvalidArgument);
  EXPECT_THROW(train_vae(data, VaeShape{}, {}, {.method = Adam{.learning_rate = 0.0}}), InvalidArgument);
  Matrix bad = data;
  bad(1, 3) = NAN;
  EXPECT_THROW(train_vae(bad, VaeShape{}, {}, {}), InvalidArgument);
  EXPECT_NO_THROW(VaeObjective{}.validate());
  EXPECT_NO_THROW(VaeTraining{}.validate());
}

TEST(Vae, ModelFileRoundTripsAndRefusesMismatches) {
  Vae vae({.input = 4, .hidden = 5, .latent = 2});
  vae.initialize(9);
  const auto path = std::filesystem::temp_directory_path() / "minima_vae_test_model.json";
  save_vae(vae, path);
  const Vae back = load_vae(path);
  EXPECT_EQ(back.shape().input, 4);
  EXPECT_EQ(back.parameters(), vae.parameters());
  std::filesystem::remove(path);
  EXPECT_THROW(vae_from_json("{", "m.json"), ParseError);
  EXPECT_THROW(
      vae_from_json(
          R"({"format":"minima-vae","version":1,"input":3,"hidden":2,"latent":1,"parameters":[1,2]})"),
      ParseError);
  EXPECT_THROW(vae_from_json(R"({"format":"other"})"), ParseError);
  EXPECT_THROW(load_vae("/nonexistent/model.json"), ParseError);
  // Found by the fuzz target: a number beyond double's range escaped as nlohmann's out_of_range.
  EXPECT_THROW(vae_from_json(R"({"format":"minima-vae","version":1,"input":1,"hidden":1,"latent":1,)"
                             R"("parameters":[1e400]})"),
               ParseError);
  // Found by the fuzz target too: a field of the wrong type escaped as nlohmann's type_error.
  EXPECT_THROW(vae_from_json(R"({"format":3})"), ParseError);
  EXPECT_THROW(vae_from_json(R"({"format":"minima-vae","version":"1"})"), ParseError);
  EXPECT_THROW(vae_from_json(R"({"format":"minima-vae","version":1e31})"),
               ParseError);  // was a cast to int (UB)
  // Layer widths whose parameter count would overflow are refused before any arithmetic.
  EXPECT_THROW(vae_from_json(R"({"format":"minima-vae","version":1,"input":4294967296,"hidden":4294967296,)"
                             R"("latent":4294967296,"parameters":[]})"),
               ParseError);
}

TEST(Vae, CosineDataFollowTheSpec) {
  const Matrix d = cosine_data(4000, 8, 0.0);
  EXPECT_LE(d.row(0).maxCoeff(), 3.1416);
  EXPECT_GE(d.row(1).minCoeff(), -3.1416);
  for (Index j = 0; j < d.cols(); ++j) EXPECT_NEAR(d(2, j), std::cos(d(0, j)), 1e-15);
  const Matrix noisy = cosine_data(4000, 8, 0.05);
  const double sd = std::sqrt((noisy.row(2) - d.row(2)).squaredNorm() / 4000.0);
  EXPECT_NEAR(sd, 0.05, 0.005);
}

}  // namespace
}  // namespace minima::neural
