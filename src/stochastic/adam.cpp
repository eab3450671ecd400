#include "minima/stochastic/adam.hpp"

#include <cmath>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "updates.hpp"

namespace minima {
namespace detail {
namespace {

void check_adam(const char* what, double beta1, double beta2, double epsilon) {
  if (!(beta1 >= 0.0 && beta1 < 1.0))
    throw InvalidArgument(fmt::format("{}.beta1 = {}: must be in [0, 1)", what, beta1));
  if (!(beta2 >= 0.0 && beta2 < 1.0))
    throw InvalidArgument(fmt::format("{}.beta2 = {}: must be in [0, 1)", what, beta2));
  if (!(std::isfinite(epsilon) && epsilon > 0.0))
    throw InvalidArgument(fmt::format("{}.epsilon = {}: must be finite and > 0", what, epsilon));
}

class AdamUpdate final : public StochasticUpdate {
 public:
  AdamUpdate(double beta1, double beta2, double epsilon, double weight_decay, Index n)
      : beta1_(beta1),
        beta2_(beta2),
        epsilon_(epsilon),
        weight_decay_(weight_decay),
        m_(Vector::Zero(n)),
        v_(Vector::Zero(n)) {}

  void apply(Eigen::Ref<Vector> x, const Eigen::Ref<const Vector>& g, double rate) override {
    ++t_;
    power1_ *= beta1_;
    power2_ *= beta2_;
    m_ = beta1_ * m_ + (1.0 - beta1_) * g;
    v_.array() = beta2_ * v_.array() + (1.0 - beta2_) * g.array().square();
    // PyTorch's arrangement: step = η/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε).
    const double step = rate / (1.0 - power1_);
    const double root_correction = 1.0 / std::sqrt(1.0 - power2_);
    if (weight_decay_ > 0.0) x *= 1.0 - rate * weight_decay_;
    x.array() -= step * m_.array() / (v_.array().sqrt() * root_correction + epsilon_);
  }

 private:
  double beta1_, beta2_, epsilon_, weight_decay_;
  double power1_ = 1.0, power2_ = 1.0;
  long t_ = 0;
  Vector m_, v_;
};

}  // namespace

std::unique_ptr<StochasticUpdate> make_update(const Adam& method, Index n) {
  method.validate();
  return std::make_unique<AdamUpdate>(method.beta1, method.beta2, method.epsilon, 0.0, n);
}

std::unique_ptr<StochasticUpdate> make_update(const AdamW& method, Index n) {
  method.validate();
  return std::make_unique<AdamUpdate>(method.beta1, method.beta2, method.epsilon, method.weight_decay, n);
}

}  // namespace detail

void Adam::validate() const {
  detail::check_learning_rate("Adam", learning_rate);
  detail::check_adam("Adam", beta1, beta2, epsilon);
}

void AdamW::validate() const {
  detail::check_learning_rate("AdamW", learning_rate);
  detail::check_adam("AdamW", beta1, beta2, epsilon);
  if (!(std::isfinite(weight_decay) && weight_decay >= 0.0))
    throw InvalidArgument(fmt::format("AdamW.weight_decay = {}: must be finite and >= 0", weight_decay));
}

}  // namespace minima
