// The quick version of `minima reproduce vae` (the full one takes minutes): its tables, figures and
// determinism.
#include <gtest/gtest.h>

#include "minima/experiments/experiment.hpp"

namespace minima {
namespace {

TEST(VaeExperiment, QuickRunHasTable1AndFigure1AndRepeats) {
  const ExperimentOutput a = run_vae_experiment({.quick = true, .seed = 3});
  EXPECT_EQ(a.name, "vae");
  ASSERT_EQ(a.tables.size(), 2u);
  EXPECT_EQ(a.tables[0].table.rows(), 4u);  // elbo, eq7 (seed), eq7 (dual-ascent), lagrangian
  ASSERT_GE(a.figures.size(), 1u);
  EXPECT_EQ(a.figures[0].panels.size(), 5u);
  EXPECT_TRUE(a.all_checks_passed());
  const ExperimentOutput b = run_vae_experiment({.quick = true, .seed = 3});
  EXPECT_EQ(a.tables[0].table.to_markdown(), b.tables[0].table.to_markdown());
}

}  // namespace
}  // namespace minima
