// The run context (core/run_context.hpp): Stop's limits and tests with their messages, and the
// check that a family honours every Stop field it is given.
#include <gtest/gtest.h>

#include <string>

#include "minima/core/error.hpp"
#include "minima/core/run_context.hpp"

namespace minima {
namespace {

TEST(RunContext, LimitsComeInOrderWithOneMessageEach) {
  Stop stop;
  stop.max_iterations = 5;
  stop.max_evaluations = 10;
  const Observer observer;
  RunContext ctx("m", stop, observer);
  EXPECT_FALSE(ctx.limit(5, EvaluationCounts{.function = 9}));
  const auto iterations = ctx.limit(6, EvaluationCounts{.function = 10});
  ASSERT_TRUE(iterations);
  EXPECT_EQ(iterations->status, Status::max_iterations);
  EXPECT_EQ(iterations->message, iteration_limit_message(5));
  const auto evaluations = ctx.limit(5, EvaluationCounts{.function = 10});
  ASSERT_TRUE(evaluations);
  EXPECT_EQ(evaluations->status, Status::max_evaluations);
  EXPECT_EQ(evaluations->message, "reached the evaluation limit (10 function evaluations)");
}

TEST(RunContext, ToleranceTestsAreOffAtZeroAndMeasureAgainstTheirThreshold) {
  Stop stop;
  const Observer observer;
  RunContext off("m", stop, observer);
  EXPECT_FALSE(off.step_test(0.0, 1.0));      // x tolerances 0: off, even for a zero step
  EXPECT_FALSE(off.function_test(0.0, 1.0));  // f tolerances 0: off
  EXPECT_FALSE(off.target_test(-1e300));      // no target
  EXPECT_FALSE(off.divergence(1, 1e149, 1e149));
  EXPECT_TRUE(off.divergence(1, -1e151, 0.0));

  stop.x_abstol = 1e-3;
  stop.x_reltol = 1e-2;
  stop.f_reltol = 0.5;
  stop.f_target = 2.0;
  RunContext on("m", stop, observer);
  EXPECT_FALSE(on.step_test(0.0125, 1.0));  // tolerance 1e-3 + 1e-2 · 1 = 0.011
  const auto step = on.step_test(0.0105, 1.0);
  ASSERT_TRUE(step);
  EXPECT_EQ(step->status, Status::converged_step);
  EXPECT_FALSE(on.function_test(2.1, 4.0));  // 0.5 · |4| = 2
  ASSERT_TRUE(on.function_test(1.9, 4.0));
  EXPECT_FALSE(on.target_test(2.5));
  ASSERT_TRUE(on.target_test(2.0));
  EXPECT_EQ(on.target_test(2.0)->status, Status::target_reached);
}

TEST(RunContext, AFieldTheFamilyDoesNotHonourIsRejectedByName) {
  const Observer observer;
  Stop stop;
  // Defaults are fine whatever the family honours.
  EXPECT_NO_THROW(RunContext("m", stop, observer, 0u, "family"));
  stop.x_reltol = 1e-6;
  try {
    RunContext ctx("m", stop, observer, StopField::max_iterations | StopField::time_limit, "the family");
    FAIL() << "x_reltol is not honoured and must be rejected";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("Stop::x_reltol = 1e-06"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("the family"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(RunContext("m", stop, observer, StopField::x_tolerance | StopField::time_limit, "f"));
  stop = Stop{};
  stop.time_limit = 1.0;
  EXPECT_THROW(RunContext("m", stop, observer, static_cast<StopFields>(StopField::max_iterations), "f"),
               InvalidArgument);
  stop.time_limit = -1.0;  // invalid settings are found first
  EXPECT_THROW(RunContext("m", stop, observer), InvalidArgument);
}

TEST(RunContext, FinishStampsStatusMessageCountsAndTime) {
  const Stop stop;
  Observer observer;
  observer.trace = Trace::values;
  RunContext ctx("m", stop, observer);
  EXPECT_FALSE(ctx.record(0, Vector::Zero(2), [](IterationRecord& rec) { rec.f = 3.0; }));
  ctx.result().iterations = 4;
  const Result r = ctx.finish(Status::converged_kkt, "done", EvaluationCounts{.function = 7, .gradient = 2});
  EXPECT_EQ(r.method, "m");
  EXPECT_EQ(r.status, Status::converged_kkt);
  EXPECT_TRUE(r.converged());
  EXPECT_EQ(r.message, "done");
  EXPECT_EQ(r.iterations, 4);
  EXPECT_EQ(r.evaluations.function, 7);
  EXPECT_EQ(r.evaluations.gradient, 2);
  ASSERT_EQ(r.trace.size(), 1u);
  EXPECT_EQ(r.trace[0].f, 3.0);
  EXPECT_GE(r.seconds, r.trace[0].seconds);
}

}  // namespace
}  // namespace minima
