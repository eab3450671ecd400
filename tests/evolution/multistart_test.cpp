// MLSL multistart: finds the global minimum of multimodal problems, descends a basin once,
// determinism whatever the threads, and bad input.
#include "minima/evolution/multistart.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "minima/core/error.hpp"
#include "minima/evolution/black_box.hpp"
#include "minima/problems/global_problems.hpp"

namespace minima {
namespace {

/// The last value of a series that is not NaN (a batch cut by the budget records no extras).
double last(const std::vector<double>& series) {
  double value = std::nan("");
  for (const double v : series)
    if (!std::isnan(v)) value = v;
  return value;
}

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
  // starts a few (all at once: they are counted from the first generation after the sample), and
  // the target is reached within them.
  const auto runs = r.population->series("local_runs");
  ASSERT_GE(runs.size(), 2u);
  EXPECT_EQ(runs[0], 0.0);
  EXPECT_GE(runs[1], 1.0);
  EXPECT_LE(runs[1], 5.0);
  EXPECT_EQ(last(runs), runs[1]);
}

TEST(Multistart, BothLocalMethodsSolveRosenbrock) {
  // The local method is selectable; lbfgsb's gradients cost 1 + n values in one batch, so its batches
  // after the sample come in multiples of n + 1 = 6 (plus single line-search values), while
  // BOBYQA's one value per step gives batches of at most the number of runs going.
  const GlobalProblem p = make_global_problem("rosenbrock", 5);
  for (const MultistartLocal local : {MultistartLocal::bobyqa, MultistartLocal::lbfgsb}) {
    const Result r = multistart(p.objective(), p.box, Multistart{.local_method = local},
                                BlackBoxSettings{.max_evaluations = 20000, .f_target = 1e-10, .seed = 1},
                                PopulationObserver{.keep_generations = true});
    EXPECT_EQ(r.status, Status::target_reached) << r.message;
    long largest = 0;
    const auto& trace = r.population->generation_trace;
    for (std::size_t g = 1; g < trace.size(); ++g)  // the batches of local runs (a sample is 20)
      if (trace[g].population_size != trace[0].population_size)
        largest = std::max(largest, trace[g].population_size);
    const double runs = last(r.population->series("local_runs"));
    if (local == MultistartLocal::bobyqa)
      EXPECT_LE(largest, static_cast<long>(runs)) << "BOBYQA asks one value per run and step";
    else
      EXPECT_GE(largest, 6) << "a finite-difference gradient is 1 + n values in one batch";
  }
}

TEST(Multistart, OneRunAtATimeGoesBestFirst) {
  // concurrent_runs = 1: each batch after a sample is one BOBYQA value, and the first run starts
  // from the best sample point (its first value is that point's).
  const GlobalProblem p = make_global_problem("ackley", 4);
  const Result r = multistart(p.objective(), p.box, Multistart{.concurrent_runs = 1},
                              BlackBoxSettings{.max_evaluations = 3000, .seed = 4},
                              PopulationObserver{.keep_generations = true});
  const auto& trace = r.population->generation_trace;
  ASSERT_GT(trace.size(), 3u);
  const long sample = trace[0].population_size;
  EXPECT_EQ(sample, 20);  // max(20, 4n)
  long sample_batches = 0;
  for (std::size_t g = 1; g < trace.size(); ++g) {
    if (trace[g].population_size == sample)
      ++sample_batches;
    else
      EXPECT_EQ(trace[g].population_size, 1) << "generation " << g;
  }
  EXPECT_LT(sample_batches, static_cast<long>(trace.size()) / 4);
  EXPECT_EQ(trace[1].generation_best_f, trace[0].generation_best_f);
}

TEST(Multistart, ExplorationsAreRefinedToTheFullTolerance) {
  // 3 + Rosenbrock: f* = 3, away from 0 (a relative test on f could not end a run early here). With
  // explore_tolerance = 0.1 an exploration stops at ρ = 0.1 of the box width (0.4), far from the
  // minimum in this curved valley; only the refinement of the best exploration brings f − f* below
  // 1e-10.
  const auto f = BatchObjective::from_function(
      [](const Vector& x) {
        double s = 3.0;
        for (Index i = 0; i + 1 < x.size(); ++i)
          s += 100.0 * std::pow(x[i + 1] - x[i] * x[i], 2) + std::pow(1.0 - x[i], 2);
        return s;
      },
      3);
  const Result r = multistart(f, cube(3, 2.0), Multistart{.explore_tolerance = 0.1},
                              BlackBoxSettings{.max_evaluations = 4000, .seed = 5},
                              PopulationObserver{.keep_generations = true});
  EXPECT_LT(r.f - 3.0, 1e-10);
  EXPECT_LT((r.x - Vector::Ones(3)).norm(), 1e-4);
  const double refinements = last(r.population->series("refinements"));
  const double runs = last(r.population->series("local_runs"));
  EXPECT_GE(refinements, 1.0);
  EXPECT_LT(refinements, runs) << "only an exploration below every earlier one is refined";
  // Before the first refinement (the generations that record none), the explorations' best value
  // stays above 3 + 1e-10: the full tolerance is the refinement's doing.
  double explored_best = std::numeric_limits<double>::infinity();
  for (const auto& g : r.population->generation_trace)
    if (g.value("refinements") == 0.0) explored_best = std::min(explored_best, g.best_f);
  EXPECT_GT(explored_best - 3.0, 1e-10) << "the explorations alone would already be refined";
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
  for (const Multistart& m : {Multistart{}, Multistart{.concurrent_runs = 3},
                              Multistart{.local_method = MultistartLocal::lbfgsb}}) {
    const Result x = multistart(p.objective(), p.box, m, one), y = multistart(p.objective(), p.box, m, two);
    EXPECT_EQ(x.x, y.x);
    EXPECT_EQ(x.f, y.f);
    EXPECT_EQ(x.iterations, y.iterations);
  }
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
  EXPECT_THROW(Multistart{.concurrent_runs = 0}.validate(), InvalidArgument);
  EXPECT_THROW(Multistart{.bobyqa_radius = 0.0}.validate(), InvalidArgument);
  EXPECT_THROW(Multistart{.bobyqa_radius = 0.6}.validate(), InvalidArgument);
  EXPECT_THROW(Multistart{.explore_tolerance = -1e-3}.validate(), InvalidArgument);
  EXPECT_THROW(Multistart{.bobyqa = Bobyqa{.rho_end = -1.0}}.validate(), InvalidArgument);
  EXPECT_THROW(Multistart{.bobyqa_stop = Stop{.g_abstol = 1e-6}}.validate(), InvalidArgument);
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
