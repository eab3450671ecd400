// The variational autoencoder of the seed (Ko & Ko; spec vae.md §3), after Kingma & Welling,
// "Auto-encoding variational Bayes", ICLR 2014, §2.4 and appendix B:
//   encoder   h₁ = W₁ x + b₁,  a₁ = p₁ tanh(s₁ h₁),  [μ; log σ²] = W₂ a₁ + b₂
//   sample    z = μ + σ ∘ ε,  ε ~ N(0, I)   (the reparameterisation trick)
//   decoder   h₃ = W₃ z + b₃,  a₃ = p₃ tanh(s₃ h₃),  x̃ = W₄ a₃ + b₄
// with one hidden layer of `hidden` units on each side and the parametric tanh p·tanh(s·h) whose p
// and s are learned per layer. Batches are matrices whose columns are the samples; the gradients
// are written by hand (one matrix product per weight) and checked against finite differences and
// PyTorch in tests/neural.
//
// The terms, for a batch of B points:
//   reconstruction R = (1/B) Σ ‖x − x̃‖²   (the seed's eq. 5: (1/n)‖Z − Z̃‖_F²)
//   KL             K = (1/B) Σ Σⱼ −½ (1 + log σⱼ² − μⱼ² − σⱼ²)   (mean over the points, sum over
//                      the latent dimensions)
// and evaluate() returns both with the gradient of c_R·R + c_K·K, the shape that every objective of
// neural/vae_objective.hpp takes.
//
// The parameters are one vector, in this order (matrices column-major), matching PyTorch's
// nn.Linear weight layout (out × in):
//   W₁ (hidden × input), b₁, p₁, s₁, W₂ (2·latent × hidden), b₂ (μ first, then log σ²),
//   W₃ (hidden × latent), b₃, p₃, s₃, W₄ (input × hidden), b₄.
#pragma once

#include <cstdint>

#include "minima/core/types.hpp"

namespace minima::neural {

struct VaeShape {
  Index input = 3;    ///< data dimension d ≥ 1
  Index hidden = 32;  ///< units in the encoder's and the decoder's hidden layer, ≥ 1
  Index latent = 2;   ///< latent dimension ≥ 1
  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
  Index parameter_count() const;
};

struct VaeTerms {
  double reconstruction = 0.0;  ///< R, mean over the batch of ‖x − x̃‖²
  double kl = 0.0;              ///< K, mean over the batch of KL(N(μ, σ²) ‖ N(0, I))
};

class Vae {
 public:
  /// All weights zero and p = s = 1 (call initialize()). Validates the shape.
  explicit Vae(VaeShape shape = {});

  /// PyTorch's default for nn.Linear, weights and biases ~ U(−1/√fan_in, 1/√fan_in), and p = s = 1,
  /// from `seed`.
  void initialize(std::uint64_t seed);

  const VaeShape& shape() const { return shape_; }
  const Vector& parameters() const { return theta_; }
  /// Throws InvalidArgument unless the size is shape().parameter_count().
  void set_parameters(const Vector& theta);
  Vector& mutable_parameters() { return theta_; }

  /// The terms on the batch x (input × B) with noise ε (latent × B); when grad is not null, also
  /// ∇(c_R·R + c_K·K) into *grad (resized to parameter_count()). Not thread-safe (it reuses its
  /// workspace).
  VaeTerms evaluate(const Matrix& x, const Matrix& noise, double reconstruction_weight, double kl_weight,
                    Vector* grad = nullptr);

  /// μ and log σ² (latent × B each) for the columns of x.
  void encode(const Matrix& x, Matrix& mean, Matrix& log_variance) const;
  /// x̃ (input × B) for the columns of z (latent × B).
  Matrix decode(const Matrix& z) const;

 private:
  struct Workspace {
    Matrix h1, t1, a1, out, mean_sigma, z, h3, t3, a3, xr, d_xr, d_a3, d_z, d_out, d_a1;
  };
  VaeShape shape_;
  Vector theta_;
  Workspace w_;
};

}  // namespace minima::neural
