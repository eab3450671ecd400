// eda-vbmfa (the seed's model with truncation selection, AMaLGaM's variance scaling and mean shift,
// and a memetic lbfgsb step): known minima, each part switched on and off, determinism whatever the
// threads, and bad input (populations too small, NaN and throwing points, degenerate boxes).
#include "minima/evolution/eda_vbmfa.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "minima/core/error.hpp"
#include "minima/evolution/black_box.hpp"
#include "minima/problems/global_problems.hpp"

namespace minima {
namespace {

Bounds cube(Index n, double half) {
  return {.lower = Vector::Constant(n, -half), .upper = Vector::Constant(n, half)};
}

double last(const std::vector<double>& series) {
  double v = std::numeric_limits<double>::quiet_NaN();
  for (const double x : series)
    if (x == x) v = x;
  return v;
}

TEST(EdaVbMfa, SolvesRosenbrockAndMultimodalProblemsInsideTheBox) {
  const std::pair<const char*, Index> cases[] = {
      {"rosenbrock", 5}, {"ackley", 5}, {"rastrigin", 2}, {"schwefel", 2}};
  for (const auto& [name, n] : cases) {
    const GlobalProblem p = make_global_problem(name, n);
    const Result r = eda_vbmfa(p.objective(), p.box, {.population = 60},
                               {.max_evaluations = 60000, .f_target = 1e-6, .seed = 3},
                               PopulationObserver{.keep_generations = true});
    EXPECT_EQ(r.status, Status::target_reached) << name << ": " << r.message;
    EXPECT_EQ(r.method, "eda-vbmfa");
    EXPECT_LT((r.x - p.x_min).norm(), 1e-3) << name;
    EXPECT_EQ(r.population->outside_box, 0);
    EXPECT_GE(last(r.population->series("analysers")), 1.0);
    EXPECT_GE(last(r.population->series("local_runs")), 1.0);
  }
}

// Without the memetic step the EDA itself must converge: the variance scaling shrinks the analysers
// onto the minimum of a sphere (the seed's scheme cannot bring a 5-D sphere below 1e-6).
TEST(EdaVbMfa, ConvergesWithoutLocalSearch) {
  const auto sphere =
      BatchObjective::from_function([](const Vector& x) { return (x.array() - 0.7).square().sum(); }, 5);
  const Result r = eda_vbmfa(sphere, cube(5, 5.0), {.population = 100, .local_search = false},
                             {.max_evaluations = 100000, .f_target = 1e-8, .seed = 4},
                             PopulationObserver{.keep_generations = true});
  EXPECT_EQ(r.status, Status::target_reached) << r.message;
  EXPECT_EQ(last(r.population->series("local_runs")), 0.0);
  // Without variance scaling the multiplier stays 1.
  const Result plain =
      eda_vbmfa(sphere, cube(5, 5.0), {.population = 100, .variance_scaling = false, .local_search = false},
                {.max_evaluations = 3000, .seed = 4}, PopulationObserver{.keep_generations = true});
  for (const double c : plain.population->series("multiplier")) {
    if (c == c) {
      EXPECT_EQ(c, 1.0);
    }
  }
}

// The memetic step starts at most one run per analyser, and at most max_local_runs per generation.
TEST(EdaVbMfa, LocalRunsPerGenerationAreLimited) {
  const GlobalProblem p = make_global_problem("rastrigin", 3);
  for (const int limit : {1, 1000}) {
    const Result r =
        eda_vbmfa(p.objective(), p.box, {.population = 60, .max_local_runs = limit},
                  {.max_evaluations = 6000, .seed = 2}, PopulationObserver{.keep_generations = true});
    const auto runs = r.population->series("local_runs");
    const auto analysers = r.population->series("analysers");
    double before = 0, most = 0;
    for (std::size_t g = 0; g < runs.size(); ++g) {
      if (runs[g] != runs[g]) continue;
      EXPECT_LE(runs[g] - before, std::min<double>(limit, analysers[g])) << "generation " << g;
      most = std::max(most, runs[g] - before);
      before = runs[g];
    }
    EXPECT_GE(before, 2.0);
    if (limit == 1) {
      EXPECT_EQ(most, 1.0);
    }
  }
}

TEST(EdaVbMfa, SameSeedSameResultWhateverTheThreadsAndRegisteredByName) {
  const GlobalProblem p = make_global_problem("rastrigin", 4);
  const BlackBoxSettings one{.max_evaluations = 8000, .seed = 8, .threads = 1};
  BlackBoxSettings three = one;
  three.threads = 3;
  const Result a = eda_vbmfa(p.objective(), p.box, {.population = 40}, one);
  const Result b = eda_vbmfa(p.objective(), p.box, {.population = 40}, three);
  const Result c = minimize_black_box(p.objective(), p.box, "eda-vbmfa", one, {}, 40);
  for (const Result* r : {&b, &c}) {
    EXPECT_EQ(a.x, r->x);
    EXPECT_EQ(a.f, r->f);
    EXPECT_EQ(a.iterations, r->iterations);
    EXPECT_EQ(a.evaluations.function, r->evaluations.function);
  }
  const Result d =
      eda_vbmfa(p.objective(), p.box, {.population = 40}, {.max_evaluations = 8000, .seed = 9, .threads = 1});
  EXPECT_NE(a.x, d.x);
}

TEST(EdaVbMfa, RestartsWhenStagnantAndKeepsTheBestPoint) {
  // A flat function never improves: each run stagnates after stagnation_generations generations.
  const auto flat = BatchObjective::from_function([](const Vector&) { return 1.0; }, 2);
  const Result r = eda_vbmfa(flat, cube(2, 1.0),
                             {.population = 20,
                              .local_search = false,
                              .max_restarts = 3,
                              .population_increase = 2.0,
                              .max_population = 60,
                              .stagnation_generations = 4},
                             {.max_evaluations = 100000, .seed = 5});
  EXPECT_EQ(r.status, Status::converged_function) << r.message;
  EXPECT_EQ(r.population->restarts, 3);
  EXPECT_NE(r.message.find("after 3 restarts"), std::string::npos) << r.message;
  // Per run: N initial + 4 generations of N − ⌊0.35 N⌋ offspring; N = 20, 40, 60, 60.
  EXPECT_EQ(r.evaluations.function, (20 + 4 * 13) + (40 + 4 * 26) + 2 * (60 + 4 * 39));
}

TEST(EdaVbMfa, SurvivesNanAndThrowingPoints) {
  const auto f = BatchObjective::from_function(
      [](const Vector& x) {
        if (x[0] < -3.0) return std::nan("");
        if (x[1] < -3.0) throw std::runtime_error("no value here");
        return (x.array() - 1.25).square().sum();
      },
      3);
  const Result r = eda_vbmfa(f, cube(3, 5.0), {.population = 40},
                             {.max_evaluations = 20000, .f_target = 1e-10, .seed = 7});
  EXPECT_EQ(r.status, Status::target_reached) << r.message;
  EXPECT_GT(r.population->non_finite_evaluations + r.population->failed_evaluations, 0);
  const auto never =
      BatchObjective::from_function([](const Vector&) -> double { throw std::runtime_error("no"); }, 2);
  const Result z = eda_vbmfa(never, cube(2, 1.0), {.population = 20}, {.max_evaluations = 500});
  EXPECT_EQ(z.status, Status::function_error) << z.message;
  const auto nan = BatchObjective::from_function([](const Vector&) { return std::nan(""); }, 2);
  const Result w = eda_vbmfa(nan, cube(2, 1.0), {.population = 20}, {.max_evaluations = 500});
  EXPECT_EQ(w.status, Status::non_finite_value) << w.message;
}

TEST(EdaVbMfa, StopsCleanlyInTheMiddleOfLocalRuns) {
  const GlobalProblem p = make_global_problem("rastrigin", 6);
  for (long budget : {30L, 75L, 1234L}) {
    const Result r = eda_vbmfa(p.objective(), p.box, {.population = 40},
                               BlackBoxSettings{.max_evaluations = budget, .seed = 1});
    EXPECT_EQ(r.status, Status::max_evaluations);
    EXPECT_EQ(r.evaluations.function, budget);
  }
}

TEST(EdaVbMfa, RejectsBadSettingsAndBoxes) {
  EXPECT_NO_THROW(EdaVbMfa{}.validate());
  EXPECT_THROW(EdaVbMfa{.population = 4}.validate(), InvalidArgument);
  EXPECT_THROW((EdaVbMfa{.population = 8, .selection_fraction = 0.2}.validate()),
               InvalidArgument);  // 1 parent
  EXPECT_THROW(EdaVbMfa{.selection_fraction = 1.0}.validate(), InvalidArgument);
  EXPECT_THROW(EdaVbMfa{.variance_decrease = 1.0}.validate(), InvalidArgument);
  EXPECT_THROW(EdaVbMfa{.sdr_threshold = 0.0}.validate(), InvalidArgument);
  EXPECT_THROW(EdaVbMfa{.max_multiplier = 0.5}.validate(), InvalidArgument);
  EXPECT_THROW(EdaVbMfa{.no_improvement_limit = 0}.validate(), InvalidArgument);
  EXPECT_THROW(EdaVbMfa{.shift_factor = std::nan("")}.validate(), InvalidArgument);
  EXPECT_THROW(EdaVbMfa{.finite_difference_step = 0.0}.validate(), InvalidArgument);
  EXPECT_THROW(EdaVbMfa{.local_radius = -1.0}.validate(), InvalidArgument);
  EXPECT_THROW(EdaVbMfa{.max_local_runs = 0}.validate(), InvalidArgument);
  EXPECT_THROW(EdaVbMfa{.max_restarts = -1}.validate(), InvalidArgument);
  EXPECT_THROW(EdaVbMfa{.population_increase = 0.5}.validate(), InvalidArgument);
  EXPECT_THROW((EdaVbMfa{.population = 800, .max_population = 400}.validate()), InvalidArgument);
  EXPECT_THROW(EdaVbMfa{.stagnation_generations = 0}.validate(), InvalidArgument);
  try {
    EdaVbMfa{.population = 5}.validate();
    ADD_FAILURE() << "population 5 accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("population = 5"), std::string::npos) << e.what();
  }
  EXPECT_THROW((EdaVbMfa{.stagnation_tolerance = -1.0}.validate()), InvalidArgument);
  EXPECT_THROW((EdaVbMfa{.x_tolerance = std::nan("")}.validate()), InvalidArgument);
  EdaVbMfa bad_model;
  bad_model.model.max_analysers = 0;
  EXPECT_THROW(bad_model.validate(), InvalidArgument);
  EXPECT_THROW(make_black_box_method("eda-vbmfa", Index{4}), InvalidArgument);

  const auto f = BatchObjective::from_function([](const Vector& x) { return x.squaredNorm(); }, 2);
  Bounds flat = cube(2, 1.0);
  flat.lower[0] = flat.upper[0];
  EXPECT_THROW(eda_vbmfa(f, flat), InvalidArgument);
  Bounds inverted = cube(2, 1.0);
  std::swap(inverted.lower[1], inverted.upper[1]);
  EXPECT_THROW(eda_vbmfa(f, inverted), InvalidArgument);
  Bounds nan_box = cube(2, 1.0);
  nan_box.lower[1] = std::nan("");
  EXPECT_THROW(eda_vbmfa(f, nan_box), InvalidArgument);
  Bounds open = cube(2, 1.0);
  open.upper[0] = std::numeric_limits<double>::infinity();
  EXPECT_THROW(eda_vbmfa(f, open), InvalidArgument);
  EXPECT_THROW(eda_vbmfa(f, cube(3, 1.0)), InvalidArgument);  // wrong size
}

}  // namespace
}  // namespace minima
