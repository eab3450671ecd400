#include "minima/core/batch_objective.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "minima/core/error.hpp"

namespace minima {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double sphere(const Vector& x) {
  return x.squaredNorm();
}

Matrix grid_points(Index n, Index count) {
  Matrix X(n, count);
  for (Index j = 0; j < count; ++j)
    for (Index i = 0; i < n; ++i) X(i, j) = std::sin(1.0 + static_cast<double>(3 * j + i));
  return X;
}

TEST(BatchEvaluator, EvaluatesEveryColumnAndCounts) {
  const auto f = BatchObjective::from_function(sphere, 3);
  BatchEvaluator evaluator(f);
  const Matrix X = grid_points(3, 7);
  Vector values;
  evaluator.evaluate(X, values);
  ASSERT_EQ(values.size(), 7);
  for (Index j = 0; j < 7; ++j) EXPECT_DOUBLE_EQ(values[j], X.col(j).squaredNorm());
  EXPECT_EQ(evaluator.evaluations(), 7);
  Index best = 0;
  values.minCoeff(&best);
  EXPECT_EQ(evaluator.best_f(), values[best]);
  EXPECT_EQ(evaluator.best_x(), X.col(best));
  // The best trace improves monotonically and ends at the best.
  const auto& trace = evaluator.best_trace();
  ASSERT_FALSE(trace.empty());
  EXPECT_EQ(trace.front().evaluations, 1);
  EXPECT_EQ(trace.back().evaluations, best + 1);
  for (std::size_t k = 1; k < trace.size(); ++k) EXPECT_LT(trace[k].f, trace[k - 1].f);
  // A partial batch evaluates only the first columns.
  evaluator.evaluate(X, values, 2);
  EXPECT_EQ(values.size(), 2);
  EXPECT_EQ(evaluator.evaluations(), 9);
}

TEST(BatchEvaluator, SameValuesWhateverTheThreads) {
  auto slow = [](const Vector& x) {
    double s = 0;
    for (int k = 0; k < 200; ++k) s += std::sin(x.sum() + k);
    return s;
  };
  const auto f = BatchObjective::from_function(slow, 4);
  const Matrix X = grid_points(4, 301);
  Vector serial, parallel, all;
  BatchEvaluator one(f, {}, 1), four(f, {}, 4), hardware(f, {}, 0);
  one.evaluate(X, serial);
  four.evaluate(X, parallel);
  hardware.evaluate(X, all);
  EXPECT_EQ(four.threads(), 4);
  EXPECT_GE(hardware.threads(), 1);
  EXPECT_EQ(serial, parallel);
  EXPECT_EQ(serial, all);
  EXPECT_EQ(one.best_trace().size(), four.best_trace().size());
}

TEST(BatchEvaluator, NanAndThrowingPointsAreRankedWorstAndCounted) {
  auto nasty = [](const Vector& x) {
    if (x[0] < -0.5) throw std::runtime_error("no value below -0.5");
    if (x[0] > 0.5) return std::numeric_limits<double>::quiet_NaN();
    return x.squaredNorm();
  };
  const auto f = BatchObjective::from_function(nasty, 2);
  Matrix X(2, 5);
  X << -1.0, 0.0, 1.0, 0.25, -0.75,  //
      0.0, 1.0, 0.0, 0.0, 0.0;
  for (int threads : {1, 3}) {
    BatchEvaluator evaluator(f, {}, threads);
    Vector values;
    evaluator.evaluate(X, values);
    EXPECT_EQ(values, (Vector{{kInf, 1.0, kInf, 0.0625, kInf}}));
    EXPECT_EQ(evaluator.failed(), 2);
    EXPECT_EQ(evaluator.non_finite(), 1);
    EXPECT_EQ(evaluator.failure_message(), "no value below -0.5");
    EXPECT_EQ(evaluator.evaluations(), 5);
    EXPECT_EQ(evaluator.best_f(), 0.0625);
  }
}

TEST(BatchEvaluator, UserBatchFunctionAndItsFailures) {
  int calls = 0;
  const auto f = BatchObjective::from_batch(
      [&](const Matrix& X, Vector& values) {
        ++calls;
        if (X(0, 0) > 100) throw std::runtime_error("batch failed");
        values = X.colwise().squaredNorm().transpose();
      },
      2);
  BatchEvaluator evaluator(f, {}, 4);
  Matrix X = grid_points(2, 6);
  Vector values;
  evaluator.evaluate(X, values);
  EXPECT_EQ(calls, 1);
  EXPECT_NEAR(values[3], X.col(3).squaredNorm(), 1e-15);
  X(0, 0) = 1000;
  evaluator.evaluate(X, values);
  EXPECT_EQ(values, Vector::Constant(6, kInf));
  EXPECT_EQ(evaluator.failed(), 6);
  EXPECT_EQ(evaluator.failure_message(), "batch failed");
  EXPECT_DOUBLE_EQ(f(Vector{{3.0, 4.0}}), 25.0);
}

TEST(BatchEvaluator, OnlyPointsInsideTheBoxBecomeTheBest) {
  const auto f = BatchObjective::from_function(sphere, 1);
  BatchEvaluator evaluator(f, Bounds{.lower = Vector{{1.0}}, .upper = Vector{{2.0}}});
  Vector values;
  evaluator.evaluate(Matrix{{0.0, 1.5, 3.0}}, values);
  EXPECT_EQ(evaluator.best_f(), 2.25);
  EXPECT_EQ(evaluator.outside_box(), 2);
}

TEST(BatchEvaluator, RejectsBadInput) {
  EXPECT_THROW(BatchObjective::from_function(sphere, 0), InvalidArgument);
  EXPECT_THROW(BatchObjective::from_function({}, 2), InvalidArgument);
  const auto f = BatchObjective::from_function(sphere, 2);
  EXPECT_THROW(BatchEvaluator(f, {}, -1), InvalidArgument);
  EXPECT_THROW(BatchEvaluator(f, Bounds{.lower = Vector{{0.0}}, .upper = Vector{{1.0}}}), InvalidArgument);
  BatchEvaluator evaluator(f);
  Vector values;
  try {
    evaluator.evaluate(Matrix::Zero(3, 4), values);
    FAIL() << "expected InvalidArgument";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "batch evaluation: the candidates have 3 rows, the objective takes 2");
  }
}

}  // namespace
}  // namespace minima
