// Plain stochastic gradient descent: x ← x − η_e ∇f_B(x) (Robbins & Monro 1951; Bottou, Curtis &
// Nocedal 2018, Algorithm 4.1).
#pragma once

namespace minima {

struct Sgd {
  /// η₀ > 0, the step before the schedule's factor. Default 0.01 (PyTorch requires one; Keras' default).
  double learning_rate = 0.01;
  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

}  // namespace minima
