// minima's VAE against PyTorch's autograd on the same weights and noise: the reference file is
// written by torch_reference.py (in this folder) with python3-torch, in float64.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "minima/neural/vae.hpp"

namespace minima::neural {
namespace {

Matrix as_matrix(const nlohmann::json& values, Index rows, Index cols) {
  const auto v = values.get<std::vector<double>>();
  EXPECT_EQ(static_cast<Index>(v.size()), rows * cols);
  return Eigen::Map<const Matrix>(v.data(), rows, cols);
}

TEST(VaeTorch, ForwardAndGradientMatchPyTorch) {
  const auto path = std::filesystem::path(__FILE__).parent_path() / "vae_torch_reference.json";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  const nlohmann::json ref = nlohmann::json::parse(in);
  const Index d = ref["input"], h = ref["hidden"], l = ref["latent"], b = ref["batch"];
  Vae vae({.input = d, .hidden = h, .latent = l});
  const Vector theta = as_matrix(ref["parameters"], vae.shape().parameter_count(), 1);
  vae.set_parameters(theta);
  const Matrix x = as_matrix(ref["x"], d, b), noise = as_matrix(ref["noise"], l, b);

  Matrix mean, log_variance;
  vae.encode(x, mean, log_variance);
  EXPECT_LT((mean - as_matrix(ref["mean"], l, b)).cwiseAbs().maxCoeff(), 1e-13);
  EXPECT_LT((log_variance - as_matrix(ref["log_variance"], l, b)).cwiseAbs().maxCoeff(), 1e-13);

  Vector g;
  const VaeTerms t = vae.evaluate(x, noise, ref["reconstruction_weight"], ref["kl_weight"], &g);
  EXPECT_NEAR(t.reconstruction, ref["reconstruction"].get<double>(), 1e-12);
  EXPECT_NEAR(t.kl, ref["kl"].get<double>(), 1e-12);
  const Vector expected = as_matrix(ref["gradient"], theta.size(), 1);
  for (Index k = 0; k < theta.size(); ++k)
    EXPECT_NEAR(g[k], expected[k], 1e-11 * (1 + std::abs(expected[k]))) << k;

  const Matrix decoded = vae.decode(as_matrix(ref["z_decode"], l, 4));
  EXPECT_LT((decoded - as_matrix(ref["decoded"], d, 4)).cwiseAbs().maxCoeff(), 1e-13);
}

}  // namespace
}  // namespace minima::neural
