// The shared population driver on a tiny hand-written method, and the single Gaussian EDA.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "minima/core/error.hpp"
#include "minima/evolution/black_box.hpp"
#include "minima/evolution/gaussian_eda.hpp"
#include "minima/evolution/initial_population.hpp"
#include "minima/evolution/population_method.hpp"

namespace minima {
namespace {

/// Pure random search: every generation a fresh uniform batch of `size` points.
class RandomSearch final : public PopulationMethod {
 public:
  explicit RandomSearch(Index size) : size_(size) {}
  std::string name() const override { return "random-search"; }
  void init(const Bounds& box, Rng&) override { box_ = box; }
  void ask(Matrix& candidates, Rng& rng) override { candidates = uniform_population(box_, size_, rng); }
  void tell(const Matrix&, const Vector& values, Rng&, GenerationRecord& record) override {
    ++told_;
    record.extra.emplace_back("told", static_cast<double>(told_));
    record.extra.emplace_back("batch_min", values.minCoeff());
  }
  long told_ = 0;

 private:
  Index size_;
  Bounds box_;
};

Bounds cube(Index n, double half) {
  return {.lower = Vector::Constant(n, -half), .upper = Vector::Constant(n, half)};
}

const BatchObjective kSphere =
    BatchObjective::from_function([](const Vector& x) { return x.squaredNorm(); }, 3);

TEST(PopulationDriver, TheBudgetIsExactAndTheLastBatchIsCut) {
  RandomSearch method(7);
  const Result r = run_population(kSphere, cube(3, 1.0), method, BlackBoxSettings{.max_evaluations = 30});
  EXPECT_EQ(r.status, Status::max_evaluations);
  EXPECT_EQ(r.evaluations.function, 30);
  // 4 full batches of 7 (generations 0..3) and a batch cut to 2 that is never told.
  EXPECT_EQ(r.iterations, 4);
  EXPECT_EQ(method.told_, 4);
  ASSERT_TRUE(r.population);
  EXPECT_EQ(r.population->population_size, 2);
  EXPECT_EQ(r.f, r.population->best_trace.back().f);
  EXPECT_DOUBLE_EQ(r.f, r.x.squaredNorm());
  EXPECT_TRUE(cube(3, 1.0).contains(r.x));
}

TEST(PopulationDriver, StopsAtTheTargetAndReportsTheExactEvaluation) {
  RandomSearch method(50);
  const Result r = run_population(kSphere, cube(3, 1.0), method,
                                  BlackBoxSettings{.max_evaluations = 100000, .f_target = 0.05, .seed = 9});
  EXPECT_EQ(r.status, Status::target_reached);
  EXPECT_LE(r.f, 0.05);
  // The hit is recorded at its own evaluation index, within the last batch.
  const BestRecord hit = r.population->best_trace.back();
  EXPECT_GT(hit.evaluations, r.evaluations.function - 50);
  EXPECT_LE(hit.evaluations, r.evaluations.function);
}

TEST(PopulationDriver, SameSeedSameRunWhateverTheThreads) {
  auto run = [](std::uint64_t seed, int threads) {
    RandomSearch method(25);
    return run_population(kSphere, cube(3, 2.0), method,
                          BlackBoxSettings{.max_evaluations = 500, .seed = seed, .threads = threads});
  };
  const Result a = run(4, 1), b = run(4, 2), c = run(5, 1);
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.f, b.f);
  EXPECT_EQ(a.population->best_trace.size(), b.population->best_trace.size());
  EXPECT_NE(a.x, c.x);
  EXPECT_EQ(b.population->threads, 2);
  EXPECT_EQ(a.population->seed, 4u);
}

TEST(PopulationDriver, ObserverSeesExtrasAndCanStop) {
  RandomSearch method(10);
  long seen = 0;
  PopulationObserver observer{.callback =
                                  [&](const GenerationRecord& g) {
                                    ++seen;
                                    EXPECT_EQ(g.value("told"), static_cast<double>(g.generation + 1));
                                    return g.generation == 5 ? ObserverAction::stop : ObserverAction::proceed;
                                  },
                              .every = 1,
                              .keep_generations = true};
  const Result r = run_population(kSphere, cube(3, 1.0), method, {}, observer);
  EXPECT_EQ(r.status, Status::observer_stop);
  EXPECT_EQ(seen, 6);
  const auto told = r.population->series("told");
  ASSERT_EQ(told.size(), 6u);
  EXPECT_EQ(told[3], 4.0);
  EXPECT_TRUE(std::isnan(r.population->series("absent")[0]));
  EXPECT_EQ(r.population->series_names(), (std::vector<std::string>{"told", "batch_min"}));
  ASSERT_EQ(r.trace.size(), 6u);
  EXPECT_EQ(r.trace[5].evaluations.function, 60);
}

TEST(PopulationDriver, GenerationLimit) {
  RandomSearch method(10);
  const Result r = run_population(kSphere, cube(3, 1.0), method, BlackBoxSettings{.max_generations = 3});
  EXPECT_EQ(r.status, Status::max_iterations);
  EXPECT_EQ(r.evaluations.function, 40);
}

TEST(PopulationDriver, FailingPointsAreCountedAndTheRunGoesOn) {
  const auto f = BatchObjective::from_function(
      [](const Vector& x) {
        if (x[0] > 0.5) throw std::runtime_error("boom");
        if (x[1] > 0.5) return std::nan("");
        return x.squaredNorm();
      },
      2);
  RandomSearch method(20);
  const Result r = run_population(f, cube(2, 1.0), method, BlackBoxSettings{.max_evaluations = 2000});
  EXPECT_EQ(r.status, Status::max_evaluations);
  EXPECT_LT(r.f, 0.01);
  // A quarter of the box throws, and a quarter of what remains gives NaN: about 500 and 375.
  EXPECT_NEAR(r.population->failed_evaluations, 500, 80);
  EXPECT_NEAR(r.population->non_finite_evaluations, 375, 80);
  EXPECT_EQ(r.population->first_failure, "boom");
  // A function that never gives a value: the status says so.
  const auto never =
      BatchObjective::from_function([](const Vector&) -> double { throw std::runtime_error("x"); }, 2);
  RandomSearch again(5);
  const Result bad = run_population(never, cube(2, 1.0), again, BlackBoxSettings{.max_evaluations = 20});
  EXPECT_EQ(bad.status, Status::function_error);
  EXPECT_EQ(bad.population->failed_evaluations, 20);
}

TEST(PopulationDriver, RejectsBadBoxesAndSettings) {
  RandomSearch method(5);
  auto message = [&](const Bounds& box, const BlackBoxSettings& s = {}) -> std::string {
    try {
      run_population(kSphere, box, method, s);
    } catch (const InvalidArgument& e) {
      return e.what();
    }
    return "";
  };
  Bounds equal = cube(3, 1.0);
  equal.upper[1] = -1.0;
  EXPECT_EQ(message(equal), "variable 2: lower bound -1 is not below upper bound -1");
  Bounds with_nan = cube(3, 1.0);
  with_nan.lower[0] = std::nan("");
  EXPECT_EQ(message(with_nan), "lower bound of variable 1 is nan: a search box must be finite");
  EXPECT_EQ(message(Bounds{}),
            "a population method needs a finite search box: give both lower and upper bounds");
  EXPECT_EQ(message(cube(2, 1.0)),
            "the bounds have sizes 2 (lower) and 2 (upper); the problem has 3 variables");
  EXPECT_EQ(message(cube(3, 1.0), BlackBoxSettings{.max_evaluations = 0}),
            "max_evaluations = 0 must be >= 1");
  EXPECT_EQ(message(cube(3, 1.0), BlackBoxSettings{.threads = -2}),
            "threads = -2 must be >= 0 (0: all hardware threads)");
}

// ---- the single Gaussian EDA ----

TEST(GaussianEda, SolvesARotatedEllipsoid) {
  // f(x) = (x - c)ᵀ R D Rᵀ (x - c), minimum 0 at c: a Gaussian model fits its level sets exactly.
  const Index n = 5;
  Matrix R = Matrix::Identity(n, n);
  for (Index i = 0; i + 1 < n; ++i) {
    Matrix G = Matrix::Identity(n, n);
    const double a = 0.3 + 0.2 * static_cast<double>(i);
    G(i, i) = G(i + 1, i + 1) = std::cos(a);
    G(i, i + 1) = -std::sin(a);
    G(i + 1, i) = std::sin(a);
    R = R * G;
  }
  Vector d(n);
  for (Index i = 0; i < n; ++i) d[i] = std::pow(10.0, static_cast<double>(i) / 2.0);
  const Matrix H = R * d.asDiagonal() * R.transpose();
  const Vector c = Vector::LinSpaced(n, -1.0, 2.0);
  const auto f = BatchObjective::from_function([&](const Vector& x) { return (x - c).dot(H * (x - c)); }, n);
  const Result r = gaussian_eda(f, cube(n, 5.0), GaussianEda{.population = 100},
                                BlackBoxSettings{.max_evaluations = 200000, .f_target = 1e-10, .seed = 3});
  EXPECT_EQ(r.status, Status::target_reached) << r.message;
  EXPECT_LT((r.x - c).norm(), 1e-4);
  EXPECT_LT(r.evaluations.function, 60000);
  ASSERT_TRUE(r.population);
  EXPECT_GT(r.population->generations, 10);
}

TEST(GaussianEda, SameSeedSameResultAndByName) {
  const Bounds box = cube(3, 1.0);
  const BlackBoxSettings s{.max_evaluations = 3000, .seed = 42};
  const Result a = gaussian_eda(kSphere, box, GaussianEda{.population = 30}, s);
  const Result b =
      minimize_black_box(kSphere, box, "gaussian-eda",
                         BlackBoxSettings{.max_evaluations = 3000, .seed = 42, .threads = 2}, {}, 30);
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.f, b.f);
  EXPECT_EQ(a.method, "gaussian-eda");
  EXPECT_THROW(make_black_box_method("no-such-method"), InvalidArgument);
}

TEST(GaussianEda, RejectsAPopulationTooSmallForTheDimension) {
  try {
    gaussian_eda(kSphere, cube(3, 1.0), GaussianEda{.population = 6});
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(
        e.what(),
        "gaussian-eda: population = 6 selects 3 points; a full covariance in 3 dimensions needs at least 4 "
        "(population >= 8)");
  }
  EXPECT_THROW(GaussianEda{.population = 1}.validate(), InvalidArgument);
  EXPECT_THROW(GaussianEda{.selection_ratio = 0.0}.validate(), InvalidArgument);
}

}  // namespace
}  // namespace minima
