// The 24 noiseless BBOB functions: N. Hansen, S. Finck, R. Ros, A. Auger, "Real-Parameter Black-Box
// Optimization Benchmarking 2009: Noiseless Functions Definitions", INRIA RR-6829 (2009; updated
// 2010), with the instances of COCO's legacy bbob code (the 2009–2015 C code, `benchmarks.c` and
// `benchmarkshelper.c`):
//   - the uniform generator: Park–Miller's minimal standard LCG (16807 x mod 2³¹ − 1, Schrage's
//     form) behind a 32-entry Bays–Durham shuffle table, warmed up 40 steps; gauss: Box–Muller on
//     2N uniforms (the first N radii, the next N angles);
//   - the seed of function f, instance i: f + 10000 i (f4 uses 3's, f18 uses 17's); x_opt =
//     8 ⌊10⁴ u⌋/10⁴ − 4 (0 becomes −1e−5); a rotation: Gram–Schmidt on the columns of a D×D matrix
//     of gauss numbers filled column by column; f_opt = clip(round(100 · 100 g₁/g₂)/100, ±1000)
//     with g₁, g₂ the gauss numbers of seeds s and s + 1, s = seed's function part + 10000 i.
// Which rotation (seed or seed + 10⁶) is the inner and which the outer one, and every function's
// constants, follow that code function by function; the formulas are the report's. Instances
// generated as COCO's legacy code describes; not cross-checked against COCO (no COCO build is
// available here): the f_opt of instance 1 of all 24 functions equal the values COCO's output
// lists as the tests' author remembers them, and the rest of each instance (x_opt, rotations,
// Gallagher's peaks) is unverified beyond the properties bbob_test.cpp derives independently.
//
// Every function is defined on all of Rⁿ; the search box is [−5, 5]ⁿ, where the optimum lies
// (f5's on the box's boundary). All functions need n >= 2 (the conditioning exponents divide by
// n − 1). Every function is safe to call from several threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "minima/core/batch_objective.hpp"
#include "minima/core/constraints.hpp"
#include "minima/problems/global_problems.hpp"

namespace minima {

/// One instance of one BBOB function in one dimension.
struct BbobFunction {
  int function = 1;               ///< 1..24
  int instance = 1;               ///< >= 1
  std::string name;               ///< e.g. "f15-rastrigin-rotated"
  std::string description;        ///< one line
  Bounds box;                     ///< [−5, 5]ⁿ
  double f_opt = 0.0;             ///< the optimal value
  Vector x_opt;                   ///< where f = f_opt
  std::vector<Matrix> rotations;  ///< the orthogonal matrices the function uses (R, Q; may be empty)
  /// f(x); throws InvalidArgument when x has the wrong length. Thread-safe.
  std::function<double(const Vector&)> value;

  Index dimension() const { return box.lower.size(); }
  double operator()(const Vector& x) const { return value(x); }
  /// For the population methods (minimize_black_box, run_population).
  BatchObjective objective() const { return BatchObjective::from_function(value, dimension()); }
  /// The same function as a GlobalProblem (its name, box, f_min = f_opt, x_min = x_opt).
  GlobalProblem global_problem() const;
};

/// The short names of f1..f24 ("sphere", "ellipsoid", ..., "lunacek-bi-rastrigin"), in order.
std::vector<std::string> list_bbob_functions();

/// Function `function` (1..24) in dimension n (>= 2), instance `instance` (1..100000). Throws
/// InvalidArgument naming the bad argument.
BbobFunction make_bbob(int function, Index dimension, int instance = 1);

/// The legacy instance generator, for tests and for anyone who wants the raw numbers.
namespace bbob_legacy {
/// One step of the minimal standard generator: 16807 x mod (2³¹ − 1), for 1 <= x < 2³¹ − 1.
std::int64_t lcg_step(std::int64_t x);
/// n uniform numbers in (0, 1) from `seed` (|seed|, at least 1), the legacy `unif`.
std::vector<double> uniform(long n, long seed);
/// n standard normal numbers from `seed`, the legacy `gauss` (Box–Muller on uniform(2n, seed)).
std::vector<double> gauss(long n, long seed);
/// The orthogonal D×D matrix of `seed`: Gram–Schmidt on the columns of gauss(D², seed) read
/// column by column.
Matrix rotation(Index dimension, long seed);
/// x_opt = 8 ⌊10⁴ u⌋/10⁴ − 4 on uniform(D, seed), 0 replaced by −1e−5.
Vector x_opt(Index dimension, long seed);
/// f_opt of `function` and `instance` (f4 shares 3's seed, f18 17's).
double f_opt(int function, int instance);
}  // namespace bbob_legacy

}  // namespace minima
