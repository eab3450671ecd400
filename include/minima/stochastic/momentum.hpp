// SGD with momentum, heavy-ball (Polyak 1964) or Nesterov's (Sutskever et al., ICML 2013, eq. 3–4),
// in PyTorch's form so that runs compare one to one:
//   v ← μ v + ∇f_B(x);   heavy ball: x ← x − η v;   Nesterov: x ← x − η (∇f_B(x) + μ v).
#pragma once

namespace minima {

struct Momentum {
  double learning_rate = 0.01;  ///< η₀ > 0. Default 0.01.
  double momentum = 0.9;        ///< μ in [0, 1). Default 0.9 (the usual choice).
  bool nesterov = false;        ///< Nesterov's look-ahead form instead of the heavy ball.
  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

}  // namespace minima
