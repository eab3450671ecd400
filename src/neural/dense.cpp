#include "minima/neural/dense.hpp"

namespace minima::neural {

void parametric_tanh_forward(const Matrix& h, double a, double b, Matrix& t, Matrix& y) {
  t.resize(h.rows(), h.cols());
  y.resize(h.rows(), h.cols());
  // tanh u = 1 − 2/(e^{2u} + 1) through Eigen's vectorized exp: several times faster than the scalar
  // std::tanh that Eigen falls back to for doubles, with an absolute error of a few ulp(1) (the
  // relative error grows as |u| → 0, harmless here: t enters sums with O(1) terms). e^{2u} = inf
  // gives 1 and e^{2u} = 0 gives −1, as they should.
  t.array() = 1.0 - 2.0 / (((2.0 * b) * h.array()).exp() + 1.0);
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
