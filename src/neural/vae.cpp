#include "minima/neural/vae.hpp"

#include <cmath>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "minima/core/random.hpp"
#include "minima/neural/dense.hpp"

namespace minima::neural {
namespace {

/// Where each block of the parameter vector starts.
struct Layout {
  Index w1, b1, p1, s1, w2, b2, w3, b3, p3, s3, w4, b4, size;
  explicit Layout(const VaeShape& s) {
    const Index d = s.input, h = s.hidden, l = s.latent;
    Index at = 0;
    auto take = [&](Index n) {
      const Index start = at;
      at += n;
      return start;
    };
    w1 = take(h * d);
    b1 = take(h);
    p1 = take(1);
    s1 = take(1);
    w2 = take(2 * l * h);
    b2 = take(2 * l);
    w3 = take(h * l);
    b3 = take(h);
    p3 = take(1);
    s3 = take(1);
    w4 = take(d * h);
    b4 = take(d);
    size = at;
  }
};

}  // namespace

void VaeShape::validate() const {
  if (input < 1)
    throw InvalidArgument(fmt::format("VaeShape.input = {}: the data dimension must be >= 1", input));
  if (hidden < 1) throw InvalidArgument(fmt::format("VaeShape.hidden = {}: must be >= 1", hidden));
  if (latent < 1)
    throw InvalidArgument(fmt::format("VaeShape.latent = {}: the latent dimension must be >= 1", latent));
}

Index VaeShape::parameter_count() const {
  return Layout(*this).size;
}

Vae::Vae(VaeShape shape) : shape_(shape) {
  shape_.validate();
  const Layout at(shape_);
  theta_ = Vector::Zero(at.size);
  theta_[at.p1] = theta_[at.s1] = theta_[at.p3] = theta_[at.s3] = 1.0;
}

void Vae::initialize(std::uint64_t seed) {
  const Layout at(shape_);
  Rng rng(seed);
  auto fill = [&](Index start, Index count, Index fan_in) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
    for (Index k = 0; k < count; ++k) theta_[start + k] = uniform(-bound, bound, rng);
  };
  const Index d = shape_.input, h = shape_.hidden, l = shape_.latent;
  fill(at.w1, h * d, d);
  fill(at.b1, h, d);
  fill(at.w2, 2 * l * h, h);
  fill(at.b2, 2 * l, h);
  fill(at.w3, h * l, l);
  fill(at.b3, h, l);
  fill(at.w4, d * h, h);
  fill(at.b4, d, h);
  theta_[at.p1] = theta_[at.s1] = theta_[at.p3] = theta_[at.s3] = 1.0;
}

void Vae::set_parameters(const Vector& theta) {
  if (theta.size() != shape_.parameter_count())
    throw InvalidArgument(
        fmt::format("Vae::set_parameters: {} values for a network of {} parameters "
                    "(input {}, hidden {}, latent {})",
                    theta.size(), shape_.parameter_count(), shape_.input, shape_.hidden, shape_.latent));
  theta_ = theta;
}

VaeTerms Vae::evaluate(const Matrix& x, const Matrix& noise, double cr, double ck, Vector* grad) {
  const Index d = shape_.input, h = shape_.hidden, l = shape_.latent, batch = x.cols();
  if (x.rows() != d || noise.rows() != l || noise.cols() != batch)
    throw InvalidArgument(fmt::format("Vae::evaluate: x is {}×{} and the noise {}×{}; expected {}×B and {}×B",
                                      x.rows(), x.cols(), noise.rows(), noise.cols(), d, l));
  const Layout at(shape_);
  const double* t = theta_.data();
  const ConstMatrixMap w1(t + at.w1, h, d), w2(t + at.w2, 2 * l, h), w3(t + at.w3, h, l), w4(t + at.w4, d, h);
  const ConstVectorMap b1(t + at.b1, h), b2(t + at.b2, 2 * l), b3(t + at.b3, h), b4(t + at.b4, d);
  const double p1 = t[at.p1], s1 = t[at.s1], p3 = t[at.p3], s3 = t[at.s3];
  Workspace& w = w_;

  // Forward.
  dense_forward(w1, b1, x, w.h1);
  parametric_tanh_forward(w.h1, p1, s1, w.t1, w.a1);
  dense_forward(w2, b2, w.a1, w.out);  // rows 0..l−1: μ, rows l..2l−1: log σ²
  w.mean_sigma.resize(l, batch);
  w.mean_sigma.array() = (0.5 * w.out.bottomRows(l).array()).exp();  // σ
  w.z.resize(l, batch);
  w.z.array() = w.out.topRows(l).array() + w.mean_sigma.array() * noise.array();
  dense_forward(w3, b3, w.z, w.h3);
  parametric_tanh_forward(w.h3, p3, s3, w.t3, w.a3);
  dense_forward(w4, b4, w.a3, w.xr);

  const double inv_b = 1.0 / static_cast<double>(batch);
  VaeTerms terms;
  w.d_xr.resize(d, batch);
  w.d_xr = w.xr - x;
  terms.reconstruction = w.d_xr.squaredNorm() * inv_b;
  // KL = −½ Σ (1 + log σ² − μ² − σ²) / B
  terms.kl =
      -0.5 * inv_b *
      (1.0 + w.out.bottomRows(l).array() - w.out.topRows(l).array().square() - w.mean_sigma.array().square())
          .sum();
  if (!grad) return terms;

  // Backward.
  grad->resize(at.size);
  double* g = grad->data();
  MatrixMap gw1(g + at.w1, h, d), gw2(g + at.w2, 2 * l, h), gw3(g + at.w3, h, l), gw4(g + at.w4, d, h);
  VectorMap gb1(g + at.b1, h), gb2(g + at.b2, 2 * l), gb3(g + at.b3, h), gb4(g + at.b4, d);

  w.d_xr *= 2.0 * cr * inv_b;
  dense_parameter_gradient(w.d_xr, w.a3, gw4, gb4);
  w.d_a3.resize(h, batch);
  w.d_a3.noalias() = w4.transpose() * w.d_xr;
  parametric_tanh_backward(w.d_a3, w.h3, w.t3, p3, s3, g[at.p3], g[at.s3], w.d_a3);  // now ∂L/∂h₃
  dense_parameter_gradient(w.d_a3, w.z, gw3, gb3);
  w.d_z.resize(l, batch);
  w.d_z.noalias() = w3.transpose() * w.d_a3;

  // ∂/∂μ = ∂z + c_K μ / B;  ∂/∂log σ² = ∂z ∘ ε ∘ σ/2 + c_K (σ² − 1) / (2B).
  w.d_out.resize(2 * l, batch);
  w.d_out.topRows(l).array() = w.d_z.array() + (ck * inv_b) * w.out.topRows(l).array();
  w.d_out.bottomRows(l).array() = 0.5 * w.d_z.array() * noise.array() * w.mean_sigma.array() +
                                  (0.5 * ck * inv_b) * (w.mean_sigma.array().square() - 1.0);
  dense_parameter_gradient(w.d_out, w.a1, gw2, gb2);
  w.d_a1.resize(h, batch);
  w.d_a1.noalias() = w2.transpose() * w.d_out;
  parametric_tanh_backward(w.d_a1, w.h1, w.t1, p1, s1, g[at.p1], g[at.s1], w.d_a1);
  dense_parameter_gradient(w.d_a1, x, gw1, gb1);
  return terms;
}

void Vae::encode(const Matrix& x, Matrix& mean, Matrix& log_variance) const {
  if (x.rows() != shape_.input)
    throw InvalidArgument(
        fmt::format("Vae::encode: x has {} rows; the network takes {}", x.rows(), shape_.input));
  const Layout at(shape_);
  const Index d = shape_.input, h = shape_.hidden, l = shape_.latent;
  const double* t = theta_.data();
  Matrix h1, t1, a1, out;
  dense_forward(ConstMatrixMap(t + at.w1, h, d), ConstVectorMap(t + at.b1, h), x, h1);
  parametric_tanh_forward(h1, t[at.p1], t[at.s1], t1, a1);
  dense_forward(ConstMatrixMap(t + at.w2, 2 * l, h), ConstVectorMap(t + at.b2, 2 * l), a1, out);
  mean = out.topRows(l);
  log_variance = out.bottomRows(l);
}

Matrix Vae::decode(const Matrix& z) const {
  if (z.rows() != shape_.latent)
    throw InvalidArgument(
        fmt::format("Vae::decode: z has {} rows; the latent dimension is {}", z.rows(), shape_.latent));
  const Layout at(shape_);
  const Index d = shape_.input, h = shape_.hidden, l = shape_.latent;
  const double* t = theta_.data();
  Matrix h3, t3, a3, xr;
  dense_forward(ConstMatrixMap(t + at.w3, h, l), ConstVectorMap(t + at.b3, h), z, h3);
  parametric_tanh_forward(h3, t[at.p3], t[at.s3], t3, a3);
  dense_forward(ConstMatrixMap(t + at.w4, d, h), ConstVectorMap(t + at.b4, d), a3, xr);
  return xr;
}

}  // namespace minima::neural
