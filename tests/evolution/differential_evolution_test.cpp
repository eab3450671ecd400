// L-SHADE and DE/rand/1/bin: convergence on problems with known minima, the population reduction,
// determinism whatever the threads, and bad input.
#include "minima/evolution/differential_evolution.hpp"

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

BatchObjective shifted_sphere(Index n) {
  return BatchObjective::from_function([](const Vector& x) { return (x.array() - 1.25).square().sum(); }, n);
}

TEST(DifferentialEvolution, LshadeSolvesTheSphereAndRosenbrock) {
  const Result s =
      differential_evolution(shifted_sphere(5), cube(5, 5.0), {},
                             BlackBoxSettings{.max_evaluations = 40000, .f_target = 1e-8, .seed = 1});
  EXPECT_EQ(s.status, Status::target_reached) << s.message;
  EXPECT_LT((s.x.array() - 1.25).abs().maxCoeff(), 1e-3);
  EXPECT_EQ(s.method, "de");

  const GlobalProblem p = make_global_problem("rosenbrock", 4);
  const Result r = differential_evolution(
      p.objective(), p.box, {}, BlackBoxSettings{.max_evaluations = 100000, .f_target = 1e-8, .seed = 2});
  EXPECT_EQ(r.status, Status::target_reached) << r.message;
  EXPECT_LT((r.x - p.x_min).norm(), 1e-3);
}

TEST(DifferentialEvolution, Rand1binSolvesTheSphere) {
  const Result s = differential_evolution(
      shifted_sphere(4), cube(4, 5.0), DifferentialEvolution{.strategy = DeStrategy::rand1bin},
      BlackBoxSettings{.max_evaluations = 40000, .f_target = 1e-8, .seed = 3});
  EXPECT_EQ(s.status, Status::target_reached) << s.message;
  EXPECT_EQ(s.method, "de-rand1bin");
}

TEST(DifferentialEvolution, LshadeSolvesRastrigin5) {
  const GlobalProblem p = make_global_problem("rastrigin", 5);
  const Result r = differential_evolution(
      p.objective(), p.box, {}, BlackBoxSettings{.max_evaluations = 100000, .f_target = 1e-6, .seed = 4});
  EXPECT_EQ(r.status, Status::target_reached) << r.message;
}

TEST(DifferentialEvolution, PopulationShrinksLinearlyFrom18nTo4) {
  const Index n = 3;
  const long budget = 6000;
  const Result r = differential_evolution(
      shifted_sphere(n), cube(n, 5.0), DifferentialEvolution{.tol_fun = 0},
      BlackBoxSettings{.max_evaluations = budget, .seed = 5}, PopulationObserver{.keep_generations = true});
  const auto sizes = r.population->series("population");
  const auto& gens = r.population->generation_trace;
  ASSERT_GE(sizes.size(), 3u);
  EXPECT_EQ(sizes.front(), 18.0 * n);  // after the initial population
  for (std::size_t g = 1; g < sizes.size(); ++g) {
    EXPECT_LE(sizes[g], sizes[g - 1]);
    // N = round((4 − 54) · evaluations / budget + 54), evaluations counted after the generation.
    const double expected = std::max(
        4.0, std::round((4.0 - 18.0 * n) * (static_cast<double>(gens[g].evaluations) / budget) + 18.0 * n));
    EXPECT_EQ(sizes[g], expected) << "generation " << g;
  }
}

TEST(DifferentialEvolution, SameSeedSameResultWhateverTheThreads) {
  const GlobalProblem p = make_global_problem("ackley", 5);
  for (const auto strategy : {DeStrategy::lshade, DeStrategy::rand1bin}) {
    const BlackBoxSettings one{.max_evaluations = 4000, .seed = 8, .threads = 1};
    BlackBoxSettings two = one;
    two.threads = 2;
    const DifferentialEvolution settings{.strategy = strategy};
    const Result a = differential_evolution(p.objective(), p.box, settings, one),
                 b = differential_evolution(p.objective(), p.box, settings, two);
    EXPECT_EQ(a.x, b.x);
    EXPECT_EQ(a.f, b.f);
    EXPECT_EQ(a.iterations, b.iterations);
    const Result c = differential_evolution(p.objective(), p.box, settings,
                                            BlackBoxSettings{.max_evaluations = 4000, .seed = 9});
    EXPECT_NE(a.x, c.x);  // another seed, another run
  }
}

TEST(DifferentialEvolution, EveryPointStaysInTheBox) {
  // The minimum (2, 2, 2) lies outside [−1, 1]³: the best in the box is the corner, f = 3.
  const auto f =
      BatchObjective::from_function([](const Vector& x) { return (x.array() - 2.0).square().sum(); }, 3);
  const Result r =
      differential_evolution(f, cube(3, 1.0), {}, BlackBoxSettings{.max_evaluations = 5000, .seed = 6});
  EXPECT_EQ(r.population->outside_box, 0);
  EXPECT_NEAR(r.f, 3.0, 1e-8);
}

TEST(DifferentialEvolution, SurvivesNanAndThrowingPoints) {
  // NaN on a half-space, throws on another slab: the run goes on and finds the minimum at 1.25.
  const auto f = BatchObjective::from_function(
      [](const Vector& x) {
        if (x[0] < -3.0) return std::nan("");
        if (x[1] < -3.0) throw std::runtime_error("no value here");
        return (x.array() - 1.25).square().sum();
      },
      3);
  const Result r = differential_evolution(
      f, cube(3, 5.0), {}, BlackBoxSettings{.max_evaluations = 20000, .f_target = 1e-8, .seed = 7});
  EXPECT_EQ(r.status, Status::target_reached) << r.message;
  EXPECT_GT(r.population->non_finite_evaluations, 0);
  EXPECT_GT(r.population->failed_evaluations, 0);

  // Every point fails: a clear status, no crash.
  const auto never =
      BatchObjective::from_function([](const Vector&) -> double { throw std::runtime_error("no"); }, 2);
  const Result z = differential_evolution(never, cube(2, 1.0), {}, BlackBoxSettings{.max_evaluations = 500});
  EXPECT_EQ(z.status, Status::function_error) << z.message;
}

TEST(DifferentialEvolution, RejectsBadSettingsAndBoxes) {
  EXPECT_NO_THROW(DifferentialEvolution{}.validate());
  EXPECT_THROW(DifferentialEvolution{.population = 3}.validate(), InvalidArgument);
  EXPECT_THROW(DifferentialEvolution{.min_population = 2}.validate(), InvalidArgument);
  EXPECT_THROW(DifferentialEvolution{.p_best = 0.0}.validate(), InvalidArgument);
  EXPECT_THROW(DifferentialEvolution{.memory_size = 0}.validate(), InvalidArgument);
  EXPECT_THROW(DifferentialEvolution{.f = 0.0}.validate(), InvalidArgument);
  EXPECT_THROW(DifferentialEvolution{.cr = 1.5}.validate(), InvalidArgument);
  EXPECT_THROW(DifferentialEvolution{.max_restarts = -1}.validate(), InvalidArgument);
  const auto f = shifted_sphere(2);
  // Population 5 with the default N_min = 4 works; N_min above the population does not.
  EXPECT_NO_THROW(differential_evolution(f, cube(2, 1.0), DifferentialEvolution{.population = 5},
                                         BlackBoxSettings{.max_evaluations = 100}));
  EXPECT_THROW(
      differential_evolution(f, cube(2, 1.0), DifferentialEvolution{.population = 5, .min_population = 6}),
      InvalidArgument);
  EXPECT_THROW(make_black_box_method("de", Index{3}), InvalidArgument);
  EXPECT_THROW(make_black_box_method("de-rand1bin", Index{2}), InvalidArgument);
  // Degenerate boxes: lower == upper, lower > upper, infinite, wrong size.
  Bounds flat = cube(2, 1.0);
  flat.upper[1] = flat.lower[1];
  EXPECT_THROW(differential_evolution(f, flat), InvalidArgument);
  Bounds inverted = cube(2, 1.0);
  std::swap(inverted.lower, inverted.upper);
  EXPECT_THROW(differential_evolution(f, inverted), InvalidArgument);
  Bounds open = cube(2, 1.0);
  open.upper[0] = INFINITY;
  EXPECT_THROW(differential_evolution(f, open), InvalidArgument);
  EXPECT_THROW(differential_evolution(f, cube(3, 1.0)), InvalidArgument);
}

TEST(DifferentialEvolution, RestartsAfterACollapse) {
  // Rastrigin-2 from a tiny population collapses onto local minima; restarts go on until the budget.
  const GlobalProblem p = make_global_problem("rastrigin", 2);
  const Result r = differential_evolution(
      p.objective(), p.box, DifferentialEvolution{.population = 6, .tol_fun = 1e-8, .max_restarts = 50},
      BlackBoxSettings{.max_evaluations = 20000, .seed = 3});
  EXPECT_GE(r.population->restarts, 1);
  const Result once =
      differential_evolution(p.objective(), p.box, DifferentialEvolution{.population = 6, .tol_fun = 1e-8},
                             BlackBoxSettings{.max_evaluations = 20000, .seed = 3});
  EXPECT_EQ(once.status, Status::converged_function) << once.message;
  EXPECT_LE(r.f, once.f);
}

}  // namespace
}  // namespace minima
