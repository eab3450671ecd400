#include "minima/neural/dense.hpp"

namespace minima::neural {

void parametric_tanh_forward(const Matrix& h, double a, double b, Matrix& t, Matrix& y) {
  t.resize(h.rows(), h.cols());
  y.resize(h.rows(), h.cols());
  t.array() = (b * h.array()).tanh();
  y.array() = a * t.array();
}

void parametric_tanh_backward(const Matrix& d_y, const Matrix& h, const Matrix& t, double a, double b,
                              double& grad_a, double& grad_b, Matrix& d_h) {
  grad_a = (d_y.array() * t.array()).sum();
  d_h.resize(h.rows(), h.cols());
  d_h.array() = a * d_y.array() * (1.0 - t.array().square());  // ∂L/∂u, u = b h
  grad_b = (d_h.array() * h.array()).sum();
  d_h *= b;
}

}  // namespace minima::neural
