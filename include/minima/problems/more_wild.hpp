// The benchmark set of J. J. Moré & S. M. Wild, "Benchmarking derivative-free optimization
// algorithms", SIAM J. Optim. 20(1):172–191, 2009: 53 smooth problems f(x) = Σᵢ rᵢ(x)² built from 22
// residual functions (the Moré–Garbow–Hillstrom problems 1–18 of their numbering, plus the CUTEr
// problems BDQRTIC, CUBE, MANCINO and HEART8), each with its dimension n, number of residuals m and
// start x0 = 10^s · x_s (s ∈ {0, 1}, x_s the standard start of their dfoxs).
//
// Problem k of this list is row k of their table (dfo.dat). The residuals follow their dfovec; a
// test checks f(x0) against the values their distribution lists for the 53 starts. The objective
// gives values; asked for a gradient it takes central differences (2n more values), so that
// gradient-based methods can run on it too.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "minima/core/objective.hpp"
#include "minima/core/types.hpp"

namespace minima {

struct MoreWildProblem {
  int number = 0;    ///< 1..53, the row of Moré & Wild's table
  int function = 0;  ///< 1..22, their residual function (nprob)
  std::string name;  ///< e.g. "watson"
  Index n = 0;       ///< variables
  Index m = 0;       ///< residuals
  int s = 0;         ///< start scaling exponent: x0 = 10^s x_s
  Vector x0;
  Objective objective{nullptr};  ///< Σ rᵢ², values; gradients by central differences
  /// The residual vector r(x) (size m).
  std::function<Vector(const Vector&)> residuals;
};

/// The 53 problems in table order.
std::vector<MoreWildProblem> more_wild_problems();

}  // namespace minima
