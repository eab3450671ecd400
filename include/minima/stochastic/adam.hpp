// Adam (Kingma & Ba, "Adam: a method for stochastic optimization", ICLR 2015, Algorithm 1) and AdamW
// (Loshchilov & Hutter, "Decoupled weight decay regularization", ICLR 2019, Algorithm 2):
//   m ← β₁ m + (1 − β₁) g,  v ← β₂ v + (1 − β₂) g²,  m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ),
//   x ← x − η m̂ / (√v̂ + ε)                       (Adam)
//   x ← x − η (m̂ / (√v̂ + ε) + λ x)              (AdamW: the decay is not scaled by v̂)
// with t the number of steps taken, as PyTorch's torch.optim.Adam / AdamW compute it.
#pragma once

namespace minima {

struct Adam {
  double learning_rate = 1e-3;  ///< η₀ > 0. Default 1e-3 (the paper's).
  double beta1 = 0.9;           ///< β₁ in [0, 1). Default 0.9.
  double beta2 = 0.999;         ///< β₂ in [0, 1). Default 0.999.
  double epsilon = 1e-8;        ///< ε > 0 added to √v̂. Default 1e-8.
  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

struct AdamW {
  double learning_rate = 1e-3;  ///< η₀ > 0. Default 1e-3.
  double beta1 = 0.9;           ///< β₁ in [0, 1). Default 0.9.
  double beta2 = 0.999;         ///< β₂ in [0, 1). Default 0.999.
  double epsilon = 1e-8;        ///< ε > 0. Default 1e-8.
  double weight_decay = 1e-2;   ///< λ ≥ 0, decoupled. Default 1e-2 (PyTorch's).
  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

}  // namespace minima
