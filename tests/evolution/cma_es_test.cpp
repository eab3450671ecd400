// IPOP- and BIPOP-CMA-ES on problems with known minima; box handling; restarts; determinism.
#include "minima/evolution/cma_es.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "minima/core/error.hpp"
#include "minima/problems/global_problems.hpp"

namespace minima {
namespace {

Bounds cube(Index n, double half) {
  return {.lower = Vector::Constant(n, -half), .upper = Vector::Constant(n, half)};
}

TEST(CmaEs, SolvesRosenbrock10) {
  const GlobalProblem p = make_global_problem("rosenbrock");
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const Result r = cma_es(p.objective(), p.box, {},
                            BlackBoxSettings{.max_evaluations = 100000, .f_target = 1e-8, .seed = seed});
    EXPECT_EQ(r.status, Status::target_reached) << "seed " << seed << ": " << r.message;
    EXPECT_LT((r.x - p.x_min).norm(), 1e-3) << "seed " << seed;
  }
}

TEST(CmaEs, LearnsAnIllConditionedRotatedEllipsoid) {
  // f = Σ 10^{6 (i−1)/(n−1)} y_i², y = R (x − c): condition 10⁶, solved only by learning C.
  const Index n = 8;
  Matrix R = Matrix::Identity(n, n);
  for (Index i = 0; i + 1 < n; ++i) {
    Matrix G = Matrix::Identity(n, n);
    const double a = 0.7 + 0.1 * static_cast<double>(i);
    G(i, i) = G(i + 1, i + 1) = std::cos(a);
    G(i, i + 1) = -std::sin(a);
    G(i + 1, i) = std::sin(a);
    R = G * R;
  }
  const Vector c = Vector::LinSpaced(n, -2.0, 2.0);
  const auto f = BatchObjective::from_function(
      [&](const Vector& x) {
        const Vector y = R * (x - c);
        double s = 0;
        for (Index i = 0; i < n; ++i)
          s += std::pow(10.0, 6.0 * static_cast<double>(i) / (n - 1)) * y[i] * y[i];
        return s;
      },
      n);
  const Result r = cma_es(f, cube(n, 5.0), CmaEs{.max_restarts = 0},
                          BlackBoxSettings{.max_evaluations = 50000, .f_target = 1e-10, .seed = 4});
  EXPECT_EQ(r.status, Status::target_reached) << r.message;
  EXPECT_LT((r.x - c).norm(), 1e-3);
}

TEST(CmaEs, KeepsEveryPointInTheBoxWhenTheOptimumIsOnItsCorner) {
  // Σ (x_i − 2)² on [−1, 1]ⁿ: the constrained minimum is the corner (1, …, 1) with f = n.
  const Index n = 4;
  const auto f =
      BatchObjective::from_function([](const Vector& x) { return (x.array() - 2.0).square().sum(); }, n);
  const Result r = cma_es(f, cube(n, 1.0), CmaEs{.max_restarts = 0},
                          BlackBoxSettings{.max_evaluations = 20000, .seed = 5});
  EXPECT_EQ(r.population->outside_box, 0);
  EXPECT_NEAR(r.f, 4.0, 1e-9);
  EXPECT_TRUE(r.converged()) << r.message;
}

TEST(CmaEs, IpopRestartsDoubleThePopulation) {
  const GlobalProblem p = make_global_problem("rastrigin", 4);
  const Result r = cma_es(p.objective(), p.box, {},
                          BlackBoxSettings{.max_evaluations = 60000, .f_target = 1e-8, .seed = 6},
                          PopulationObserver{.keep_generations = true});
  EXPECT_GE(r.population->restarts, 1);
  std::set<double> lambdas;
  for (double l : r.population->series("lambda")) lambdas.insert(l);
  // λ₀ = 4 + ⌊3 ln 4⌋ = 8, then 16, 32, ...
  double expected = 8.0;
  for (double l : lambdas) {
    EXPECT_EQ(l, expected);
    expected *= 2.0;
  }
  EXPECT_EQ(r.status, Status::target_reached) << r.message;
}

TEST(CmaEs, BipopInterlacesSmallRunsWithIpopsLargeOnes) {
  // Rastrigin-4 without a target, so the run goes through many restarts.
  const GlobalProblem p = make_global_problem("rastrigin", 4);
  const Result r = cma_es(p.objective(), p.box, CmaEs{.max_restarts = 3, .restarts = CmaEsRestarts::bipop},
                          BlackBoxSettings{.max_evaluations = 200000, .seed = 3},
                          PopulationObserver{.keep_generations = true});
  const auto restart = r.population->series("restart"), lambda = r.population->series("lambda"),
             small = r.population->series("small_regime");
  ASSERT_EQ(restart.size(), small.size());
  // Per run: its λ, its regime and the evaluations it used.
  struct Run {
    double lambda = 0, small = 0, evaluations = 0;
  };
  std::map<int, Run> runs;
  for (std::size_t g = 0; g < restart.size(); ++g) {
    if (std::isnan(restart[g])) continue;  // the uniform first batch of the driver, if any
    Run& run = runs[static_cast<int>(restart[g])];
    run.lambda = lambda[g];
    run.small = small[g];
    run.evaluations += lambda[g];
  }
  // Large runs: λ = 8, 16, 32, 64 (λ_def = 4 + ⌊3 ln 4⌋ = 8, three large restarts), then the run
  // stops although budget is left: small runs do not count against max_restarts.
  std::vector<double> large_lambdas;
  double last_large_lambda = 0, last_large_evaluations = 0, small_evaluations = 0, large_evaluations = 0;
  int small_runs = 0;
  for (const auto& [id, run] : runs) {
    if (run.small == 0) {
      large_lambdas.push_back(run.lambda);
      last_large_lambda = run.lambda;
      last_large_evaluations = run.evaluations;
      large_evaluations += run.evaluations;
    } else {
      ++small_runs;
      small_evaluations += run.evaluations;
      EXPECT_GE(run.lambda, 8.0) << "run " << id;
      EXPECT_LE(run.lambda, std::max(8.0, 0.5 * last_large_lambda)) << "run " << id;
      // At most half the last large run's evaluations, to within the generation that crossed it.
      EXPECT_LE(run.evaluations, 0.5 * last_large_evaluations + run.lambda) << "run " << id;
    }
  }
  EXPECT_EQ(large_lambdas, (std::vector<double>{8, 16, 32, 64}));
  EXPECT_GE(small_runs, 2);
  EXPECT_EQ(r.population->restarts, static_cast<long>(runs.size()) - 1);
  EXPECT_LT(r.evaluations.function, 200000);
  // The regimes share the budget: the small one never runs ahead by more than one large run.
  EXPECT_LE(small_evaluations, large_evaluations + last_large_evaluations);
}

TEST(CmaEs, SameSeedSameResultWhateverTheThreads) {
  const GlobalProblem p = make_global_problem("ackley", 5);
  const BlackBoxSettings one{.max_evaluations = 3000, .seed = 8, .threads = 1};
  BlackBoxSettings two = one;
  two.threads = 2;
  const Result a = cma_es(p.objective(), p.box, {}, one), b = cma_es(p.objective(), p.box, {}, two);
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.f, b.f);
  EXPECT_EQ(a.iterations, b.iterations);
}

TEST(CmaEs, ValidatesSettings) {
  EXPECT_NO_THROW(CmaEs{}.validate());
  EXPECT_THROW(CmaEs{.population = 3}.validate(), InvalidArgument);
  EXPECT_THROW(CmaEs{.initial_step = 0.0}.validate(), InvalidArgument);
  EXPECT_THROW(CmaEs{.max_restarts = -1}.validate(), InvalidArgument);
  EXPECT_THROW(CmaEs{.population_increase = 0.5}.validate(), InvalidArgument);
  EXPECT_THROW(CmaEs{.restarts = static_cast<CmaEsRestarts>(7)}.validate(), InvalidArgument);
}

}  // namespace
}  // namespace minima
