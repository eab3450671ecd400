#include "minima/core/result.hpp"

#include <fmt/format.h>

#include "minima/core/objective.hpp"

namespace minima {

std::string Result::brief() const {
  return fmt::format("{}: {} after {} iterations, f = {:.10g}, |grad|inf = {:.3g} ({})", method,
                     to_string(status), iterations, f, gradient_norm, message);
}

std::string_view to_string(DerivativeSource source) {
  switch (source) {
    case DerivativeSource::analytic:
      return "analytic";
    case DerivativeSource::autodiff:
      return "autodiff";
    case DerivativeSource::finite_difference:
      return "finite_difference";
  }
  return "unknown";
}

}  // namespace minima
