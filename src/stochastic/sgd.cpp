#include "minima/stochastic/sgd.hpp"

#include <cmath>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "updates.hpp"

namespace minima {
namespace detail {

void check_learning_rate(const char* what, double learning_rate) {
  if (!(std::isfinite(learning_rate) && learning_rate > 0.0))
    throw InvalidArgument(fmt::format("{}.learning_rate = {}: must be finite and > 0", what, learning_rate));
}

namespace {
class SgdUpdate final : public StochasticUpdate {
 public:
  void apply(Eigen::Ref<Vector> x, const Eigen::Ref<const Vector>& g, double rate) override { x -= rate * g; }
};
}  // namespace

std::unique_ptr<StochasticUpdate> make_update(const Sgd& method, Index /*n*/) {
  method.validate();
  return std::make_unique<SgdUpdate>();
}

}  // namespace detail

void Sgd::validate() const {
  detail::check_learning_rate("Sgd", learning_rate);
}

}  // namespace minima
