// MinibatchObjective: a finite-sum objective f(x) = (1/N) Σᵢ fᵢ(x) over N samples, evaluated on a
// minibatch B of sample indices as f_B(x) = (1/|B|) Σ_{i∈B} fᵢ(x) with its gradient. This is the
// shape every stochastic method (SGD, momentum, Adam) takes; the full objective is the batch of all
// indices. Reference: Bottou, Curtis & Nocedal, "Optimization methods for large-scale machine
// learning", SIAM Review 60 (2018), §3 (the expected/empirical risk and its stochastic gradients).
#pragma once

#include <functional>
#include <span>
#include <utility>

#include "minima/core/types.hpp"

namespace minima {

/// f_B(x) for the sample indices `batch` (each in [0, samples)); ∇f_B(x) into *grad when grad is not
/// null (it arrives sized to x). The value should be the mean over the batch, so that learning
/// rates do not depend on the batch size.
using MinibatchFunction = std::function<double(const Vector& x, std::span<const Index> batch, Vector* grad)>;

class MinibatchObjective {
 public:
  /// `samples` = N ≥ 1; `dimension` = 0 accepts any n (the size of x0 decides).
  MinibatchObjective(MinibatchFunction function, Index samples, Index dimension = 0)
      : function_(std::move(function)), samples_(samples), dimension_(dimension) {}

  /// Unchecked, uncounted evaluation (minimize_stochastic checks and counts).
  double operator()(const Vector& x, std::span<const Index> batch, Vector* grad = nullptr) const {
    return function_(x, batch, grad);
  }
  Index samples() const { return samples_; }
  Index dimension() const { return dimension_; }

 private:
  MinibatchFunction function_;
  Index samples_ = 0;
  Index dimension_ = 0;
};

}  // namespace minima
