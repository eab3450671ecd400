// The MPI batch evaluator (distributed/mpi_evaluator.hpp), run by ctest as
// `mpirun --oversubscribe -n K minima_mpi_tests` for K = 1, 2, 3. Every rank runs every test: rank 0
// runs the method over the ranks and compares with the same run on one process (its own, without
// MPI); the others serve. Only rank 0 prints gtest's report; a failure on any rank fails the job.
#include <gtest/gtest.h>
#include <mpi.h>

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "../common/expect_same_run.hpp"
#include "minima/core/error.hpp"
#include "minima/distributed/mpi_evaluator.hpp"
#include "minima/evolution/cma_es.hpp"
#include "minima/evolution/differential_evolution.hpp"
#include "minima/evolution/multistart.hpp"

namespace minima {
namespace {

int world_rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}
int world_size() {
  int k = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &k);
  return k;
}

double rastrigin(const Vector& x) {
  double f = 10.0 * static_cast<double>(x.size());
  for (Index i = 0; i < x.size(); ++i) f += x[i] * x[i] - 10.0 * std::cos(2.0 * std::numbers::pi * x[i]);
  return f;
}

Bounds box(Index n, double a) {
  return {Vector::Constant(n, -a), Vector::Constant(n, a)};
}

using testing_support::expect_same_run;

TEST(MpiEvaluator, CmaEsGivesTheOneProcessResult) {
  const BatchObjective f = BatchObjective::from_function(rastrigin, 5);
  BlackBoxSettings run{.max_evaluations = 3000, .seed = 7};
  auto distributed =
      run_distributed(f, 1, [&](const BatchObjective& g) { return cma_es(g, box(5, 5.12), CmaEs{}, run); });
  if (world_rank() != 0) {
    EXPECT_FALSE(distributed.has_value());
    return;
  }
  ASSERT_TRUE(distributed.has_value());
  const Result alone = cma_es(f, box(5, 5.12), CmaEs{}, run);
  expect_same_run(alone, *distributed);
  EXPECT_EQ(distributed->evaluations.function, 3000);  // the budget, exactly, over K ranks
}

TEST(MpiEvaluator, MultistartGivesTheOneProcessResult) {
  // Multistart's batches mix Sobol points and the finite-difference points of its local runs.
  const BatchObjective f = BatchObjective::from_function(
      [](const Vector& x) { return (x[0] - 0.5) * (x[0] - 0.5) + 3.0 * (x[1] + 0.25) * (x[1] + 0.25); }, 2);
  BlackBoxSettings run{.max_evaluations = 800, .seed = 3};
  auto distributed = run_distributed(
      f, 2, [&](const BatchObjective& g) { return multistart(g, box(2, 2.0), Multistart{}, run); });
  if (world_rank() != 0) return;
  const Result alone = multistart(f, box(2, 2.0), Multistart{}, run);
  expect_same_run(alone, *distributed);
  EXPECT_NEAR(distributed->x[0], 0.5, 1e-6);
  EXPECT_NEAR(distributed->x[1], -0.25, 1e-6);
}

TEST(MpiEvaluator, FailuresAndNaNComeBackAsInOneProcess) {
  // A call that throws (with the point in its message) and a NaN value, on whichever rank.
  const BatchObjective f = BatchObjective::from_function(
      [](const Vector& x) {
        if (x[0] > 1.0) throw std::runtime_error(fmt::format("simulator diverged at x0 = {}", x[0]));
        if (x[1] > 1.5) return std::numeric_limits<double>::quiet_NaN();
        if (x[1] < -1.5) throw 42;  // not a std::exception
        return rastrigin(x);
      },
      3);
  BlackBoxSettings run{.max_evaluations = 600, .seed = 11};
  const DifferentialEvolution de{.population = 20};
  auto distributed = run_distributed(
      f, 1, [&](const BatchObjective& g) { return differential_evolution(g, box(3, 2.0), de, run); });
  if (world_rank() != 0) return;
  const Result alone = differential_evolution(f, box(3, 2.0), de, run);
  expect_same_run(alone, *distributed);
  EXPECT_GT(distributed->population->failed_evaluations, 0);
  EXPECT_GT(distributed->population->non_finite_evaluations, 0);
  const std::string& first = distributed->population->first_failure;
  EXPECT_TRUE(first.rfind("simulator diverged at x0 = ", 0) == 0 || first == "unknown exception") << first;
}

TEST(MpiEvaluator, BlocksFollowTheStaticSplitAndKeepBatchOrder) {
  // Each point's call throws the rank that evaluated it: the messages show the split.
  const int me = world_rank();
  const BatchObjective f = BatchObjective::from_function(
      [me](const Vector& x) -> double { throw std::runtime_error(fmt::format("rank {} x {}", me, x[0])); },
      1);
  MpiBatchEvaluator mpi(f, 1);
  if (!mpi.is_root()) {
    EXPECT_EQ(mpi.serve(), 5);
    return;
  }
  const int k = world_size();
  for (const Index m : {Index{1}, Index{2}, Index{7}}) {  // fewer points than ranks, and more
    Matrix X(1, m);
    for (Index j = 0; j < m; ++j) X(0, j) = static_cast<double>(j);
    BatchEvaluator evaluator(mpi.objective());
    const BatchOutcome outcome = evaluator.compute(X, m);
    ASSERT_EQ(outcome.values.size(), m);
    for (Index j = 0; j < m; ++j) {
      int owner = 0;  // rank r holds columns [ceil(r m / k), ceil((r + 1) m / k))
      while ((m * (owner + 1) + k - 1) / k <= j) ++owner;
      EXPECT_TRUE(outcome.failed[static_cast<std::size_t>(j)]);
      EXPECT_EQ(outcome.messages[static_cast<std::size_t>(j)], fmt::format("rank {} x {}", owner, j))
          << "m " << m;
    }
  }
  EXPECT_EQ(mpi.batches(), 3);
  EXPECT_EQ(mpi.largest_batch(), 7);
  mpi.shutdown(5);
}

TEST(MpiEvaluator, AMethodThatThrowsStillReleasesTheWorkers) {
  // CMA-ES rejects λ = 2 in init, on rank 0 only: the workers must not wait forever.
  const BatchObjective f = BatchObjective::from_function(rastrigin, 2);
  const CmaEs bad{.population = 2};
  bool threw = false;
  try {
    run_distributed(f, 1, [&](const BatchObjective& g) { return cma_es(g, box(2, 1.0), bad, {}); });
  } catch (const InvalidArgument&) {
    threw = true;
  }
  EXPECT_EQ(threw, world_rank() == 0);
}

TEST(MpiEvaluator, WorkersOnlyServeAndRankZeroOnlyRuns) {
  const BatchObjective f = BatchObjective::from_function(rastrigin, 2);
  MpiBatchEvaluator mpi(f, 1);
  EXPECT_EQ(mpi.size(), world_size());
  if (mpi.is_root()) {
    EXPECT_THROW(mpi.serve(), InvalidArgument);
    EXPECT_EQ(mpi.objective().dimension(), 2);
  } else {
    EXPECT_THROW(mpi.objective(), InvalidArgument);
    EXPECT_EQ(mpi.serve(), 0);  // released by rank 0's destructor
  }
  EXPECT_THROW(MpiBatchEvaluator(f, -1), InvalidArgument);
}

TEST(MpiEvaluator, AgreeNamesTheFirstRankWhoseSetupFailed) {
  MpiSession session;  // MPI is up already: this one neither initialises nor finalizes
  EXPECT_EQ(session.agree(""), "");
  const int k = world_size();
  const std::string failure = session.agree(world_rank() == k - 1 ? "no such program" : "");
  EXPECT_EQ(failure, fmt::format("rank {}: no such program", k - 1));
}

}  // namespace
}  // namespace minima

int main(int argc, char** argv) {
  minima::MpiSession session;
  testing::InitGoogleTest(&argc, argv);
  if (session.rank() != 0) {  // one report for the job
    auto& listeners = testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  const int failed = RUN_ALL_TESTS();
  // Every rank learns whether any failed, so mpirun's exit status says it.
  int any = failed;
  MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return any;
}
