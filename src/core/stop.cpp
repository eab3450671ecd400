#include "minima/core/stop.hpp"

#include <cmath>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {
namespace {
void require(bool ok, const char* field, double value, const char* rule) {
  if (!ok) throw InvalidArgument(fmt::format("Stop::{} = {}: must be {}", field, value, rule));
}
}  // namespace

void Stop::validate() const {
  require(g_abstol >= 0 && std::isfinite(g_abstol), "g_abstol", g_abstol, "finite and >= 0");
  require(x_abstol >= 0 && std::isfinite(x_abstol), "x_abstol", x_abstol, "finite and >= 0");
  require(x_reltol >= 0 && std::isfinite(x_reltol), "x_reltol", x_reltol, "finite and >= 0");
  require(f_abstol >= 0 && std::isfinite(f_abstol), "f_abstol", f_abstol, "finite and >= 0");
  require(f_reltol >= 0 && std::isfinite(f_reltol), "f_reltol", f_reltol, "finite and >= 0");
  require(max_iterations >= 0, "max_iterations", static_cast<double>(max_iterations), ">= 0");
  if (max_evaluations)
    require(*max_evaluations > 0, "max_evaluations", static_cast<double>(*max_evaluations), "> 0");
  if (time_limit) require(*time_limit > 0, "time_limit", *time_limit, "> 0 seconds");
  if (f_target) require(!std::isnan(*f_target), "f_target", *f_target, "a number");
  require(divergence_limit > 0, "divergence_limit", divergence_limit, "> 0");
}

}  // namespace minima
