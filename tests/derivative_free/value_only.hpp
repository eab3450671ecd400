// Test helpers of the derivative-free methods: objectives that refuse to give a gradient, so a
// test fails if a method asks for one.
#pragma once

#include <functional>
#include <stdexcept>

#include "minima/core/objective.hpp"

namespace minima::dfo_test {

/// An Objective from a value function that throws if asked for a gradient.
inline Objective value_only(std::function<double(const Vector&)> f, Index n = 0) {
  return Objective(
      [f = std::move(f)](const Vector& x, Vector* g) {
        if (g) throw std::logic_error("a derivative-free method asked for a gradient");
        return f(x);
      },
      n);
}

/// Σ w_i (x_i − c_i)²: minimum 0 at c.
inline Objective shifted_quadratic(Vector c, Vector w) {
  return value_only([c = std::move(c), w = std::move(w)](const Vector& x) {
    return (w.array() * (x - c).array().square()).sum();
  });
}

}  // namespace minima::dfo_test
