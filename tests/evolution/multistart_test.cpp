// MLSL multistart: finds the global minimum of multimodal problems, descends a basin once,
// determinism whatever the threads, and bad input.
#include "minima/evolution/multistart.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "minima/core/error.hpp"
#include "minima/evolution/black_box.hpp"
#include "minima/problems/global_problems.hpp"

namespace minima {
namespace {

Bounds cube(Index n, double half) {
  return {.lower = Vector::Constant(n, -half), .upper = Vector::Constant(n, half)};
}

TEST(Multistart, SolvesRosenbrockWithFewLocalRuns) {
  const GlobalProblem p = make_global_problem("rosenbrock", 5);
  const Result r = multistart(p.objective(), p.box, {},
                              BlackBoxSettings{.max_evaluations = 20000, .f_target = 1e-10, .seed = 1},
                              PopulationObserver{.keep_generations = true});
  EXPECT_EQ(r.status, Status::target_reached) << r.message;
  EXPECT_LT((r.x - p.x_min).norm(), 1e-4);
  EXPECT_EQ(r.method, "multistart");
  // A unimodal problem: of the 6 points of the first reduced sample (0.3 · 20), the clustering
  // starts a few, and the target is reached within them.
  const auto runs = r.population->series("local_runs");
  EXPECT_GE(runs.front(), 1.0);
  EXPECT_LE(runs.front(), 5.0);
}

TEST(Multistart, FindsTheGlobalMinimumOfMultimodalProblems) {
  for (const char* name : {"rastrigin", "ackley", "schwefel"}) {
    const GlobalProblem p = make_global_problem(name, 2);
    const Result r = multistart(p.objective(), p.box, {},
                                BlackBoxSettings{.max_evaluations = 50000, .f_target = 1e-6, .seed = 2});
    EXPECT_EQ(r.status, Status::target_reached) << name << ": " << r.message;
  }
}

TEST(Multistart, ClusteringStartsFewerRunsThanSamplePoints) {
  // Six-hump camel back has 6 local minima: over many iterations the number of runs stays small.
  const auto camel = BatchObjective::from_function(
      [](const Vector& v) {
        const double x = v[0], y = v[1];
        return (4 - 2.1 * x * x + x * x * x * x / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y;
      },
      2);
  const Bounds box{.lower = Vector::Constant(2, -2.0), .upper = Vector::Constant(2, 2.0)};
  const Result r = multistart(camel, box, {}, BlackBoxSettings{.max_evaluations = 4000, .seed = 3},
                              PopulationObserver{.keep_generations = true});
  EXPECT_NEAR(r.f, -1.0316284534898774, 1e-9);
  double samples = 0, runs = 0;  // the last generation's values (a batch cut by the budget has none)
  for (const double v : r.population->series("sample"))
    if (v == v) samples = v;
  for (const double v : r.population->series("local_runs"))
    if (v == v) runs = v;
  EXPECT_GT(samples, 300);
  EXPECT_LE(runs, 12) << "from " << samples << " sample points";
}

TEST(Multistart, SameSeedSameResultWhateverTheThreads) {
  const GlobalProblem p = make_global_problem("rastrigin", 4);
  const BlackBoxSettings one{.max_evaluations = 6000, .seed = 8, .threads = 1};
  BlackBoxSettings two = one;
  two.threads = 2;
  const Result a = multistart(p.objective(), p.box, {}, one), b = multistart(p.objective(), p.box, {}, two);
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.f, b.f);
  EXPECT_EQ(a.iterations, b.iterations);
  EXPECT_EQ(a.evaluations.function, b.evaluations.function);
  // Another seed shifts the Sobol sample: another run.
  const Result c = multistart(p.objective(), p.box, {}, BlackBoxSettings{.max_evaluations = 6000, .seed = 9});
  EXPECT_NE(a.x, c.x);
}

TEST(Multistart, EveryPointStaysInTheBox) {
  const auto f =
      BatchObjective::from_function([](const Vector& x) { return (x.array() - 2.0).square().sum(); }, 3);
  const Result r = multistart(f, cube(3, 1.0), {}, BlackBoxSettings{.max_evaluations = 3000, .seed = 6});
  EXPECT_EQ(r.population->outside_box, 0);
  EXPECT_NEAR(r.f, 3.0, 1e-10);
}

TEST(Multistart, SurvivesNanAndThrowingPoints) {
  const auto f = BatchObjective::from_function(
      [](const Vector& x) {
        if (x[0] < -3.0) return std::nan("");
        if (x[1] < -3.0) throw std::runtime_error("no value here");
        return (x.array() - 1.25).square().sum();
      },
      3);
  const Result r = multistart(f, cube(3, 5.0), {},
                              BlackBoxSettings{.max_evaluations = 20000, .f_target = 1e-10, .seed = 7});
  EXPECT_EQ(r.status, Status::target_reached) << r.message;
  EXPECT_GT(r.population->non_finite_evaluations + r.population->failed_evaluations, 0);
  const auto never =
      BatchObjective::from_function([](const Vector&) -> double { throw std::runtime_error("no"); }, 2);
  const Result z = multistart(never, cube(2, 1.0), {}, BlackBoxSettings{.max_evaluations = 500});
  EXPECT_EQ(z.status, Status::function_error) << z.message;
}

TEST(Multistart, StopsCleanlyInTheMiddleOfLocalRuns) {
  // A budget that ends while local runs wait for values: the runs are cancelled, nothing hangs.
  const GlobalProblem p = make_global_problem("rastrigin", 6);
  for (long budget : {30L, 200L, 1234L}) {
    const Result r =
        multistart(p.objective(), p.box, {}, BlackBoxSettings{.max_evaluations = budget, .seed = 1});
    EXPECT_EQ(r.status, Status::max_evaluations);
    EXPECT_EQ(r.evaluations.function, budget);
  }
}

TEST(Multistart, RejectsBadSettingsAndBoxes) {
  EXPECT_NO_THROW(Multistart{}.validate());
  EXPECT_THROW(Multistart{.population = 1}.validate(), InvalidArgument);
  EXPECT_THROW(Multistart{.reduced_fraction = 0.0}.validate(), InvalidArgument);
  EXPECT_THROW(Multistart{.sigma = -1.0}.validate(), InvalidArgument);
  EXPECT_THROW(Multistart{.finite_difference_step = 0.0}.validate(), InvalidArgument);
  EXPECT_THROW(make_black_box_method("multistart", Index{1}), InvalidArgument);
  const auto f = BatchObjective::from_function([](const Vector& x) { return x.squaredNorm(); }, 2);
  Bounds flat = cube(2, 1.0);
  flat.lower[0] = flat.upper[0];
  EXPECT_THROW(multistart(f, flat), InvalidArgument);
  Bounds nan_box = cube(2, 1.0);
  nan_box.lower[1] = std::nan("");
  EXPECT_THROW(multistart(f, nan_box), InvalidArgument);
  const auto wide = BatchObjective::from_function([](const Vector& x) { return x.squaredNorm(); }, 65);
  EXPECT_THROW(multistart(wide, cube(65, 1.0)), InvalidArgument);
}

}  // namespace
}  // namespace minima
