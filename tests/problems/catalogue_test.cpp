// The catalogue's API: listing, names, dimension rules and the errors for bad names and dimensions;
// and the extended Rosenbrock function at n = 10⁶, where it is benchmarked.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>

#include "minima/core/error.hpp"
#include "minima/problems/test_problem.hpp"

namespace minima {
namespace {

bool is_kebab_case(const std::string& s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return s.find("--") == std::string::npos;
}

TEST(ProblemCatalogue, ListsAtLeastSixteenUniqueKebabCaseProblems) {
  const auto infos = list_problems();
  EXPECT_GE(infos.size(), 16u);
  std::set<std::string> names;
  for (const ProblemInfo& info : infos) {
    EXPECT_TRUE(is_kebab_case(info.name)) << info.name;
    EXPECT_TRUE(names.insert(info.name).second) << "duplicate " << info.name;
    EXPECT_FALSE(info.description.empty()) << info.name;
    EXPECT_FALSE(info.reference.empty()) << info.name;
    EXPECT_TRUE(info.supports(info.default_dimension)) << info.name;
    EXPECT_TRUE(info.supports(info.min_dimension)) << info.name;
  }
  for (const char* required : {"rosenbrock",
                               "extended-rosenbrock",
                               "powell-singular",
                               "freudenstein-roth",
                               "powell-badly-scaled",
                               "brown-badly-scaled",
                               "beale",
                               "jennrich-sampson",
                               "helical-valley",
                               "bard",
                               "gaussian",
                               "meyer",
                               "gulf-research",
                               "box-3d",
                               "wood",
                               "kowalik-osborne",
                               "brown-dennis",
                               "osborne-1",
                               "biggs-exp6",
                               "osborne-2",
                               "watson",
                               "extended-powell-singular",
                               "penalty-1",
                               "penalty-2",
                               "variably-dimensioned",
                               "trigonometric",
                               "broyden-tridiagonal",
                               "discrete-boundary-value",
                               "quadratic",
                               "sphere",
                               "booth",
                               "himmelblau",
                               "three-hump-camel",
                               "six-hump-camel"})
    EXPECT_EQ(names.count(required), 1u) << required;
}

TEST(ProblemCatalogue, EveryProblemBuildsAtItsDefaultDimension) {
  for (const ProblemInfo& info : list_problems()) {
    const TestProblem p = make_problem(info.name);
    EXPECT_EQ(p.name, info.name);
    EXPECT_EQ(p.description, info.description);
    EXPECT_EQ(p.reference, info.reference);
    EXPECT_EQ(p.dimension(), info.default_dimension) << info.name;
    EXPECT_EQ(p.objective.dimension(), p.dimension()) << info.name;
    EXPECT_TRUE(p.x0.allFinite()) << info.name;
    EXPECT_TRUE(std::isfinite(p.f_min)) << info.name;
    if (p.x_min) {
      EXPECT_EQ(p.x_min->size(), p.dimension()) << info.name;
    }
    Vector g(p.dimension());
    const double f0 = p.objective(p.x0, &g);
    EXPECT_TRUE(std::isfinite(f0) && g.allFinite()) << info.name;
    // The standard start is never already optimal.
    EXPECT_GT(f0, p.f_min) << info.name;
  }
}

TEST(ProblemCatalogue, DimensionRules) {
  EXPECT_EQ(make_problem("extended-rosenbrock", 4).dimension(), 4);
  EXPECT_EQ(make_problem("extended-powell-singular", 8).dimension(), 8);
  EXPECT_EQ(make_problem("penalty-1", 4).dimension(), 4);
  EXPECT_EQ(make_problem("watson", 12).dimension(), 12);
  EXPECT_EQ(make_problem("rosenbrock", 2).dimension(), 2);
  EXPECT_EQ(make_problem("trigonometric", 1).dimension(), 1);

  const auto infos = list_problems();
  auto info = [&](const std::string& name) {
    for (const auto& i : infos)
      if (i.name == name) return i;
    ADD_FAILURE() << name;
    return ProblemInfo{};
  };
  EXPECT_EQ(info("rosenbrock").dimension_rule(), "n = 2");
  EXPECT_EQ(info("extended-rosenbrock").dimension_rule(), "n >= 2, even");
  EXPECT_EQ(info("extended-powell-singular").dimension_rule(), "n >= 4, a multiple of 4");
  EXPECT_EQ(info("penalty-1").dimension_rule(), "n in {4, 10}");
  EXPECT_FALSE(info("penalty-2").any_dimension);
  EXPECT_TRUE(info("variably-dimensioned").any_dimension);
}

TEST(ProblemCatalogue, RejectsUnknownNamesListingTheKnownOnes) {
  try {
    make_problem("rosenbrok");
    FAIL() << "no exception";
  } catch (const InvalidArgument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("unknown problem 'rosenbrok'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("extended-rosenbrock"), std::string::npos) << msg;
    EXPECT_NE(msg.find("six-hump-camel"), std::string::npos) << msg;
  }
  EXPECT_THROW(make_problem(""), InvalidArgument);
  EXPECT_THROW(make_problem("Rosenbrock"), InvalidArgument);
}

TEST(ProblemCatalogue, RejectsUnsupportedDimensions) {
  const std::pair<const char*, Index> bad[] = {
      {"extended-rosenbrock", 3},
      {"extended-rosenbrock", 0},
      {"extended-rosenbrock", -2},
      {"rosenbrock", 4},
      {"wood", 2},
      {"extended-powell-singular", 6},
      {"penalty-1", 5},
      {"penalty-2", 3},
      {"watson", 7},
      {"chebyquad", 11},
      {"chebyquad", 1},
      {"brown-almost-linear", 1},
      {"quadratic", 0},
      {"sphere", -1},
  };
  for (const auto& [name, n] : bad)
    EXPECT_THROW(make_problem(name, n), InvalidArgument) << name << " n=" << n;
  try {
    make_problem("penalty-1", 5);
    FAIL() << "no exception";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("n in {4, 10}"), std::string::npos) << e.what();
  }
}

TEST(ProblemCatalogue, ObjectiveRejectsWrongSizedPoint) {
  for (const char* name : {"rosenbrock", "extended-rosenbrock", "meyer", "wood", "penalty-1", "sphere"}) {
    const TestProblem p = make_problem(name);
    const Vector x = Vector::Ones(p.dimension() + 1);
    Vector g;
    EXPECT_THROW(p.objective(x), InvalidArgument) << name;
    EXPECT_THROW(p.objective(x, &g), InvalidArgument) << name;
    if (p.objective.has_hessian()) {
      Matrix h;
      EXPECT_THROW(p.objective.hessian(x, h), InvalidArgument) << name;
    }
  }
}

TEST(ExtendedRosenbrock, MillionVariables) {
  const Index n = 1'000'000;
  const TestProblem p = make_problem("extended-rosenbrock", n);
  ASSERT_EQ(p.dimension(), n);
  Vector g(n);
  // f(x0) = (n/2)·(100·(1 − 1.44)² + 2.2²) = (n/2)·24.2.
  const auto start = std::chrono::steady_clock::now();
  const double f0 = p.objective(p.x0, &g);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_NEAR(f0, 24.2 * (n / 2), 1e-9 * 24.2 * n);
  EXPECT_TRUE(g.allFinite());
  // ∇f at (−1.2, 1): (−400·(1 − 1.44)·(−1.2) − 2·2.2, 200·(1 − 1.44)) = (−215.6, −88).
  EXPECT_NEAR(g[0], -215.6, 1e-9);
  EXPECT_NEAR(g[n - 1], -88.0, 1e-9);
  std::printf("extended-rosenbrock n=1e6: value+gradient in %.2f ms\n", 1e3 * seconds);

  EXPECT_EQ(p.objective(Vector::Ones(n), &g), 0.0);
  EXPECT_EQ(g.lpNorm<Eigen::Infinity>(), 0.0);
  ASSERT_TRUE(p.x_min.has_value());
  EXPECT_EQ(p.objective(*p.x_min), p.f_min);
}

}  // namespace
}  // namespace minima
