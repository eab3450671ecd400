// EDA_vbMFA on small problems: it reaches known minima, reports its analysers per generation,
// keeps its points in the box, repeats under a seed, and checks its settings.
#include "minima/evolution/eda_vbmfa.hpp"

#include <gtest/gtest.h>

#include "minima/core/error.hpp"
#include "minima/evolution/black_box.hpp"
#include "minima/problems/global_problems.hpp"

namespace minima {
namespace {

TEST(EdaVbMfa, SolvesTwoDimensionalRosenbrockInsideTheBox) {
  const GlobalProblem p = make_global_problem("rosenbrock", 2);
  const PopulationObserver keep{.keep_generations = true};
  const Result r = eda_vbmfa(p.objective(), p.box, {.population = 100},
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

TEST(EdaVbMfa, SameSeedSameRunAndRegisteredByName) {
  const GlobalProblem p = make_global_problem("ackley", 3);
  const BlackBoxSettings run{.max_evaluations = 3000, .seed = 9};
  const Result a = eda_vbmfa(p.objective(), p.box, {.population = 60}, run);
  const Result b = minimize_black_box(p.objective(), p.box, "eda-vbmfa", run, {}, 60);
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.f, b.f);
  EXPECT_EQ(a.evaluations.function, 3000);
}

TEST(EdaVbMfa, SettingsAreChecked) {
  EXPECT_NO_THROW(EdaVbMfa{}.validate());
  EXPECT_THROW(EdaVbMfa{.population = 4}.validate(), InvalidArgument);
  EXPECT_THROW(EdaVbMfa{.parent_ratio = 0}.validate(), InvalidArgument);
  EXPECT_THROW(EdaVbMfa{.tournament_size = 0}.validate(), InvalidArgument);
  EXPECT_THROW(EdaVbMfa{.window_fraction = 2}.validate(), InvalidArgument);
  EdaVbMfa bad_model;
  bad_model.model.max_analysers = 0;
  EXPECT_THROW(bad_model.validate(), InvalidArgument);
}

}  // namespace
}  // namespace minima
