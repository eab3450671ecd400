#include "minima/stochastic/momentum.hpp"

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "updates.hpp"

namespace minima {
namespace detail {
namespace {
class MomentumUpdate final : public StochasticUpdate {
 public:
  MomentumUpdate(const Momentum& m, Index n) : mu_(m.momentum), nesterov_(m.nesterov), v_(Vector::Zero(n)) {}
  void apply(Eigen::Ref<Vector> x, const Eigen::Ref<const Vector>& g, double rate) override {
    v_ = mu_ * v_ + g;
    if (nesterov_)
      x -= rate * (g + mu_ * v_);
    else
      x -= rate * v_;
  }

 private:
  double mu_;
  bool nesterov_;
  Vector v_;
};
}  // namespace

std::unique_ptr<StochasticUpdate> make_update(const Momentum& method, Index n) {
  method.validate();
  return std::make_unique<MomentumUpdate>(method, n);
}

}  // namespace detail

void Momentum::validate() const {
  detail::check_learning_rate("Momentum", learning_rate);
  if (!(momentum >= 0.0 && momentum < 1.0))
    throw InvalidArgument(fmt::format("Momentum.momentum = {}: must be in [0, 1)", momentum));
}

}  // namespace minima
