// EDA_vbMFA on small problems: it reaches known minima, reports its analysers per generation,
// keeps its points in the box, repeats under a seed, and checks its settings.
#include "minima/evolution/eda_vbmfa_seed.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "minima/core/error.hpp"
#include "minima/evolution/black_box.hpp"
#include "minima/problems/global_problems.hpp"

namespace minima {
namespace {

TEST(EdaVbMfaSeed, SolvesTwoDimensionalRosenbrockInsideTheBox) {
  const GlobalProblem p = make_global_problem("rosenbrock", 2);
  const PopulationObserver keep{.keep_generations = true};
  const Result r = eda_vbmfa_seed(p.objective(), p.box, {.population = 100},
                                  {.max_evaluations = 40000, .f_target = 1e-6, .seed = 3}, keep);
  EXPECT_EQ(r.status, Status::target_reached) << r.message << " after " << r.evaluations.function;
  EXPECT_LE(r.f, 1e-6);
  EXPECT_LT((r.x - p.x_min).norm(), 1e-2);
  ASSERT_TRUE(r.population.has_value());
  EXPECT_EQ(r.population->outside_box, 0);
  const auto analysers = r.population->series("analysers");
  ASSERT_FALSE(analysers.empty());
  for (double a : analysers) {
    EXPECT_GE(a, 1.0);
    EXPECT_LE(a, 8.0);
  }
}

TEST(EdaVbMfaSeed, SameSeedSameRunAndRegisteredByName) {
  const GlobalProblem p = make_global_problem("ackley", 3);
  const BlackBoxSettings run{.max_evaluations = 3000, .seed = 9};
  const Result a = eda_vbmfa_seed(p.objective(), p.box, {.population = 60}, run);
  const Result b = minimize_black_box(p.objective(), p.box, "eda-vbmfa-seed", run, {}, 60);
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.f, b.f);
  EXPECT_EQ(a.evaluations.function, 3000);
}

// A flat function never improves: every run stagnates after stagnation_generations generations, so
// the method restarts exactly max_restarts times, growing N by population_increase each time (capped
// by max_population), then stops with converged_function.
TEST(EdaVbMfaSeed, RestartsOnStagnationGrowThePopulationAndAreReported) {
  const Bounds box{Vector::Constant(2, -1.0), Vector::Constant(2, 1.0)};
  const auto flat = BatchObjective::from_function([](const Vector&) { return 1.0; }, 2);
  const EdaVbMfaSeed settings{.population = 20,
                              .max_restarts = 3,
                              .population_increase = 2.0,
                              .max_population = 60,
                              .stagnation_generations = 4};
  const PopulationObserver keep{.keep_generations = true};
  const Result r = eda_vbmfa_seed(flat, box, settings, {.max_evaluations = 100000, .seed = 5}, keep);
  EXPECT_EQ(r.status, Status::converged_function) << r.message;
  EXPECT_NE(r.message.find("after 3 restarts"), std::string::npos) << r.message;
  ASSERT_TRUE(r.population.has_value());
  EXPECT_EQ(r.population->restarts, 3);
  // Each run: 1 initial generation + 4 stagnant ones; populations 20, 40, 60 (capped), 60.
  const auto restart = r.population->series("restart");
  const auto size = r.population->series("population");
  ASSERT_EQ(restart.size(), 20u);
  const std::vector<double> sizes{20, 40, 60, 60};
  for (std::size_t g = 0; g < restart.size(); ++g) {
    EXPECT_EQ(restart[g], static_cast<double>(g / 5)) << g;
    EXPECT_EQ(size[g], sizes[g / 5]) << g;
  }
  // Evaluations: per run N (initial) + 4 generations of N/2 offspring.
  EXPECT_EQ(r.evaluations.function, 3 * 20 + 3 * 40 + 2 * (3 * 60));
}

// The best point survives restarts: with restarts forced every few generations on a sphere, the
// reported best equals the best of every generation, and is inside the box.
TEST(EdaVbMfaSeed, RestartsKeepTheBestPointSoFar) {
  const GlobalProblem p = make_global_problem("rastrigin", 3);
  const PopulationObserver keep{.keep_generations = true};
  const Result r = eda_vbmfa_seed(
      p.objective(), p.box,
      {.population = 40, .max_restarts = 50, .stagnation_generations = 3, .stagnation_tolerance = 1.0},
      {.max_evaluations = 4000, .seed = 2}, keep);
  ASSERT_TRUE(r.population.has_value());
  EXPECT_GE(r.population->restarts, 2);
  double best = std::numeric_limits<double>::infinity();
  for (const auto& g : r.population->generation_trace) best = std::min(best, g.generation_best_f);
  EXPECT_EQ(r.f, best);
  EXPECT_TRUE(p.box.contains(r.x));
  EXPECT_EQ(r.f, p.function(r.x));
}

TEST(EdaVbMfaSeed, SettingsAreChecked) {
  EXPECT_NO_THROW(EdaVbMfaSeed{}.validate());
  EXPECT_THROW(EdaVbMfaSeed{.population = 4}.validate(), InvalidArgument);
  EXPECT_THROW(EdaVbMfaSeed{.parent_ratio = 0}.validate(), InvalidArgument);
  EXPECT_THROW(EdaVbMfaSeed{.tournament_size = 0}.validate(), InvalidArgument);
  EXPECT_THROW(EdaVbMfaSeed{.window_fraction = 2}.validate(), InvalidArgument);
  EXPECT_THROW(EdaVbMfaSeed{.max_restarts = -1}.validate(), InvalidArgument);
  EXPECT_THROW(EdaVbMfaSeed{.population_increase = 0.5}.validate(), InvalidArgument);
  {
    const EdaVbMfaSeed small_cap{.population = 800, .max_population = 400};
    EXPECT_THROW(small_cap.validate(), InvalidArgument);
  }
  EXPECT_THROW(EdaVbMfaSeed{.stagnation_generations = -2}.validate(), InvalidArgument);
  EXPECT_THROW(EdaVbMfaSeed{.stagnation_tolerance = std::nan("")}.validate(), InvalidArgument);
  try {
    EdaVbMfaSeed{.stagnation_generations = -2}.validate();
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("stagnation_generations"), std::string::npos) << e.what();
  }
  EdaVbMfaSeed bad_model;
  bad_model.model.max_analysers = 0;
  EXPECT_THROW(bad_model.validate(), InvalidArgument);
}

}  // namespace
}  // namespace minima
