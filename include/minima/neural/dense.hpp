// Dense (fully connected) layers and the parametric tanh activation, on batches whose samples are
// the columns of a matrix, so that a layer is one matrix-matrix product (Y = W X + b 1ᵀ) and its
// backward pass two more (∂W = ∂Y Xᵀ, ∂X = Wᵀ ∂Y). The parametric tanh y = a·tanh(b·h) has a
// trainable scale a and slope b per layer (Ko & Ko, the seed of spec vae.md, §3).
// Reference: Goodfellow, Bengio & Courville, "Deep Learning" (2016), §6.5 (back-propagation).
#pragma once

#include <Eigen/Core>

#include "minima/core/types.hpp"

namespace minima::neural {

using ConstMatrixMap = Eigen::Map<const Matrix>;
using ConstVectorMap = Eigen::Map<const Vector>;
using MatrixMap = Eigen::Map<Matrix>;
using VectorMap = Eigen::Map<Vector>;

/// y = W x + b for every column x of `in` (out is resized to W.rows() × in.cols()).
template <class W, class B, class In>
void dense_forward(const W& weights, const B& bias, const In& in, Matrix& out) {
  out.resize(weights.rows(), in.cols());
  out.noalias() = weights * in;
  out.colwise() += bias;
}

/// Given ∂L/∂y (d_out), adds nothing and writes ∂L/∂W = d_out inᵀ, ∂L/∂b = d_out 1.
template <class In, class GW, class GB>
void dense_parameter_gradient(const Matrix& d_out, const In& in, GW&& grad_weights, GB&& grad_bias) {
  grad_weights.noalias() = d_out * in.transpose();
  grad_bias = d_out.rowwise().sum();
}

/// y = a tanh(b h), elementwise. Keeps t = tanh(b h) for the backward pass.
void parametric_tanh_forward(const Matrix& h, double a, double b, Matrix& t, Matrix& y);

/// Given ∂L/∂y and the forward's h and t: ∂L/∂a = Σ ∂y∘t, ∂L/∂b = Σ ∂u∘h and ∂L/∂h = b ∂u, where
/// ∂u = a ∂y∘(1 − t²) is the gradient with respect to u = b h. d_h may alias d_y.
void parametric_tanh_backward(const Matrix& d_y, const Matrix& h, const Matrix& t, double a, double b,
                              double& grad_a, double& grad_b, Matrix& d_h);

}  // namespace minima::neural
