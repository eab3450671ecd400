// Internal to the problems module: how each family (rosenbrock.cpp, more_garbow_hillstrom.cpp,
// classics.cpp) hands its problems to the catalogue (catalogue.cpp), and the sum-of-squares helper
// shared by the MGH problems.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "minima/problems/test_problem.hpp"

namespace minima::problems_detail {

/// The part of a TestProblem that depends on n; the catalogue fills name, description, reference.
struct ProblemData {
  Vector x0;
  double f_min = 0.0;
  std::optional<Vector> x_min;
  Objective objective;
};

struct ProblemEntry {
  ProblemInfo info;
  std::function<ProblemData(Index n)> build;  ///< called only with an n that info.supports()
};

ProblemEntry fixed_dimension(std::string name, std::string description, std::string reference, Index n,
                             std::function<ProblemData(Index)> build);
ProblemEntry any_dimension(std::string name, std::string description, std::string reference, Index default_n,
                           Index min_n, Index multiple, std::function<ProblemData(Index)> build);
ProblemEntry listed_dimensions(std::string name, std::string description, std::string reference,
                               Index default_n, std::vector<Index> dimensions,
                               std::function<ProblemData(Index)> build);

std::vector<ProblemEntry> rosenbrock_problems();
std::vector<ProblemEntry> more_garbow_hillstrom_problems();
std::vector<ProblemEntry> classic_problems();

/// Throws InvalidArgument when x does not have the problem's n entries: the Objective itself is
/// unchecked, and reading past the end of x would be undefined behaviour.
void check_size(std::string_view problem, Index n, const Vector& x);

/// f(x) = Σᵢ rᵢ(x)² given the residuals r ∈ Rᵐ and their Jacobian J (m×n).
struct SumOfSquares {
  Index n = 0;
  Index m = 0;
  /// Writes r (arrives sized m) and, when J is not null, the Jacobian (arrives m×n, zeroed).
  std::function<void(const Vector& x, Vector& r, Matrix* J)> residuals;
  /// Optional: adds Σᵢ rᵢ ∇²rᵢ into S (arrives n×n, zeroed). With it the Objective has the exact
  /// Hessian 2 (JᵀJ + S).
  std::function<void(const Vector& x, const Vector& r, Matrix& S)> second_order;
};

/// The Objective of a sum of squares: gradient 2Jᵀr, Hessian 2(JᵀJ + Σ rᵢ∇²rᵢ) when given.
Objective sum_of_squares(std::string name, SumOfSquares problem);

}  // namespace minima::problems_detail
