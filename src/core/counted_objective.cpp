#include "minima/core/counted_objective.hpp"

#include <exception>
#include <limits>

#include <fmt/format.h>

namespace minima {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

void CountedObjective::fail(std::string message) {
  if (!failed_) {
    failed_ = true;
    failure_message_ = std::move(message);
  }
}

double CountedObjective::value(const Vector& x) {
  ++counts_.function;
  try {
    return objective_(x, nullptr);
  } catch (const std::exception& e) {
    fail(fmt::format("the objective threw: {}", e.what()));
  } catch (...) {
    fail("the objective threw an exception that is not a std::exception");
  }
  return kNaN;
}

double CountedObjective::value_gradient(const Vector& x, Vector& grad) {
  ++counts_.function;
  ++counts_.gradient;
  grad.resize(n_);
  try {
    const double f = objective_(x, &grad);
    if (grad.size() != n_) {
      fail(fmt::format("the gradient has {} entries, expected {}", grad.size(), n_));
      grad.resize(n_);
      grad.setConstant(kNaN);
      return kNaN;
    }
    return f;
  } catch (const std::exception& e) {
    fail(fmt::format("the objective threw: {}", e.what()));
  } catch (...) {
    fail("the objective threw an exception that is not a std::exception");
  }
  grad.setConstant(kNaN);
  return kNaN;
}

bool CountedObjective::hessian(const Vector& x, Matrix& hess) {
  ++counts_.hessian;
  hess.resize(n_, n_);
  if (!objective_.has_hessian()) {
    fail("the method needs a Hessian and the objective has none");
    return false;
  }
  try {
    objective_.hessian(x, hess);
    if (hess.rows() != n_ || hess.cols() != n_) {
      fail(fmt::format("the Hessian is {}x{}, expected {}x{}", hess.rows(), hess.cols(), n_, n_));
      return false;
    }
    return hess.allFinite();
  } catch (const std::exception& e) {
    fail(fmt::format("the Hessian threw: {}", e.what()));
  } catch (...) {
    fail("the Hessian threw an exception that is not a std::exception");
  }
  return false;
}

}  // namespace minima
