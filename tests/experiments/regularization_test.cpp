#include <gtest/gtest.h>

#include "minima/experiments/experiment.hpp"

namespace minima {
namespace {

TEST(RegularizationExperiment, QuickRunConfirmsTheSeedsClaimsAndRepeats) {
  const ExperimentOutput a = run_regularization_experiment({.quick = true, .seed = 4});
  for (const auto& c : a.checks) EXPECT_TRUE(c.passed) << c.claim << ": " << c.detail;
  EXPECT_EQ(a.checks.size(), 4u);
  const ExperimentOutput b = run_regularization_experiment({.quick = true, .seed = 4});
  EXPECT_EQ(a.tables[0].table.to_csv(), b.tables[0].table.to_csv());
}

}  // namespace
}  // namespace minima
