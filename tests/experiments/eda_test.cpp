#include <gtest/gtest.h>

#include <atomic>
#include <sstream>
#include <string>
#include <vector>

#include "minima/core/error.hpp"
#include "minima/experiments/experiment.hpp"

namespace minima {
namespace {

// The CSV of a table without its last column (the runs table's seconds).
std::vector<std::string> without_last_column(const std::string& csv) {
  std::vector<std::string> lines;
  std::istringstream in(csv);
  for (std::string line; std::getline(in, line);) lines.push_back(line.substr(0, line.rfind(',')));
  return lines;
}

// A much smaller setting than --quick (the suite also runs under ASan): the tables, figure, checks
// and seeds are all produced, and the same seed repeats every run, on one thread or two.
TEST(EdaExperiment, TinyRunProducesTheSeedsTablesAndRepeats) {
  const EdaExperimentSize tiny{.populations = {60, 120},
                               .runs = 1,
                               .budget = 1500,
                               .methods = {"eda-vbmfa-seed", "midea", "mboa", "cma-es", "eda-vbmfa"}};
  const ExperimentOutput a = run_eda_experiment({.seed = 2}, tiny);
  ASSERT_EQ(a.tables.size(), 4u);  // two Figure 2 tables, Table 1, every run
  EXPECT_EQ(a.tables[2].table.rows(), 10u);
  // The seed's four claims, each for the seed's scheme and for eda-vbmfa.
  ASSERT_EQ(a.checks.size(), 8u);
  EXPECT_EQ(a.checks[0].claim.rfind("eda-vbmfa-seed: ", 0), 0u) << a.checks[0].claim;
  EXPECT_EQ(a.checks[4].claim.rfind("eda-vbmfa: ", 0), 0u) << a.checks[4].claim;
  ASSERT_EQ(a.figures.size(), 1u);
  EXPECT_EQ(a.figures[0].panels.size(), 2u);
  std::atomic<long> calls{0}, last_total{0};
  const ExperimentOutput b = run_eda_experiment({.seed = 2,
                                                 .threads = 2,
                                                 .progress =
                                                     [&](long, long total, const std::string&) {
                                                       ++calls;
                                                       last_total = total;
                                                     }},
                                                tiny);
  EXPECT_EQ(calls.load(), 20);  // 2 problems × 5 methods × 2 populations × 1 run
  EXPECT_EQ(last_total.load(), 20);
  // Every column but the seconds repeats.
  const auto& ra = a.tables[3].table;
  EXPECT_EQ(ra.rows(), b.tables[3].table.rows());
  EXPECT_EQ(without_last_column(ra.to_csv()), without_last_column(b.tables[3].table.to_csv()));
  EXPECT_EQ(a.tables[0].table.to_csv(), b.tables[0].table.to_csv());
  EXPECT_EQ(a.tables[1].table.to_csv(), b.tables[1].table.to_csv());
  EXPECT_THROW(run_eda_experiment({.threads = -1}, tiny), InvalidArgument);
  EXPECT_EQ(eda_experiment_size(false).runs, 20);
  EXPECT_EQ(eda_experiment_size(false).budget, 1'000'000);
  EXPECT_EQ(eda_experiment_size(false).populations.size(), 6u);
}

}  // namespace
}  // namespace minima
