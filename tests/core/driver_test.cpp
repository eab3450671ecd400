// The driver on tiny hand-written objectives and methods: every generic stop reason it owns.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <stdexcept>
#include <thread>
#include <vector>

#include "minima/core/driver.hpp"
#include "minima/core/error.hpp"

namespace minima {
namespace {

// f(x) = ½‖x‖², ∇f = x.
Objective quadratic() {
  return Objective([](const Vector& x, Vector* g) {
    if (g) *g = x;
    return 0.5 * x.squaredNorm();
  });
}

// x ← x − t ∇f with a fixed t: enough to exercise the driver.
class FixedStep final : public IterativeMethod {
 public:
  explicit FixedStep(double t) : t_(t) {}
  std::string name() const override { return "fixed-step"; }
  StepOutcome step(IterateState& s, CountedObjective& f) override {
    const Vector step = -t_ * s.g;
    s.x += step;
    s.f = f.value_gradient(s.x, s.g);
    return StepOutcome::accepted(step.lpNorm<Eigen::Infinity>(), t_);
  }

 private:
  double t_;
};

TEST(Driver, ConvergesByGradient) {
  FixedStep m(0.5);
  Result r = run_iterations(quadratic(), Vector::Constant(3, 1.0), m);
  EXPECT_EQ(r.status, Status::converged_gradient);
  EXPECT_LE(r.gradient_norm, 1e-8);
  EXPECT_EQ(r.evaluations.function, r.iterations + 1);
  EXPECT_TRUE(r.converged());
}

TEST(Driver, IterationLimit) {
  FixedStep m(0.01);
  Stop stop;
  stop.max_iterations = 5;
  Result r = run_iterations(quadratic(), Vector::Constant(2, 1.0), m, stop);
  EXPECT_EQ(r.status, Status::max_iterations);
  EXPECT_EQ(r.iterations, 5);
  EXPECT_TRUE(r.usable());
  EXPECT_FALSE(r.converged());
}

TEST(Driver, EvaluationLimitStepAndFunctionTolerances) {
  FixedStep m(0.01);
  Stop a;
  a.max_evaluations = 4;
  EXPECT_EQ(run_iterations(quadratic(), Vector::Constant(2, 1.0), m, a).status, Status::max_evaluations);
  Stop b;
  b.x_abstol = 1e-3;
  EXPECT_EQ(run_iterations(quadratic(), Vector::Constant(2, 1.0), m, b).status, Status::converged_step);
  Stop c;
  c.f_abstol = 1e-4;
  EXPECT_EQ(run_iterations(quadratic(), Vector::Constant(2, 1.0), m, c).status, Status::converged_function);
  Stop d;
  d.f_target = 0.1;
  Result r = run_iterations(quadratic(), Vector::Constant(2, 1.0), m, d);
  EXPECT_EQ(r.status, Status::target_reached);
  EXPECT_LE(r.f, 0.1);
}

TEST(Driver, TimeLimit) {
  FixedStep m(1e-6);  // far too small to converge: only the clock stops it
  Objective slow([](const Vector& x, Vector* g) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (g) *g = x;
    return 0.5 * x.squaredNorm();
  });
  Stop stop;
  stop.time_limit = 0.05;
  const Result r = run_iterations(slow, Vector::Ones(2), m, stop);
  EXPECT_EQ(r.status, Status::time_limit);
  EXPECT_GE(r.seconds, 0.05);
  EXPECT_LT(r.seconds, 5.0);
  EXPECT_TRUE(r.usable());
}

TEST(Driver, ObserverStopsAndTraceRecords) {
  FixedStep m(0.1);
  Observer obs;
  obs.trace = Trace::with_x;
  obs.callback = [](const IterationRecord& rec) {
    return rec.iteration == 3 ? ObserverAction::stop : ObserverAction::proceed;
  };
  Result r = run_iterations(quadratic(), Vector::Constant(2, 1.0), m, {}, obs);
  EXPECT_EQ(r.status, Status::observer_stop);
  ASSERT_EQ(r.trace.size(), 4u);
  EXPECT_DOUBLE_EQ(r.trace[0].f, 1.0);
  ASSERT_TRUE(r.trace[3].x.has_value());
  EXPECT_NEAR((*r.trace[3].x)[0], std::pow(0.9, 3), 1e-15);
}

TEST(Driver, CallbackGetsXWithoutATrace) {
  // Observer::callback_with_x: x reaches the callback (every `every` iterations), no trace is kept.
  FixedStep m(0.1);
  Observer obs;
  obs.callback_with_x = true;
  obs.every = 2;
  std::vector<long> seen;
  obs.callback = [&](const IterationRecord& rec) {
    EXPECT_TRUE(rec.x.has_value());
    if (rec.x) {
      EXPECT_NEAR((*rec.x)[0], std::pow(0.9, static_cast<double>(rec.iteration)), 1e-15);
    }
    seen.push_back(rec.iteration);
    return rec.iteration == 4 ? ObserverAction::stop : ObserverAction::proceed;
  };
  Result r = run_iterations(quadratic(), Vector::Constant(2, 1.0), m, {}, obs);
  EXPECT_EQ(r.status, Status::observer_stop);
  EXPECT_TRUE(r.trace.empty());
  EXPECT_EQ(seen, (std::vector<long>{0, 2, 4}));
}

TEST(Driver, BadStartPointIsInvalidInput) {
  FixedStep m(0.1);
  Vector x0(2);
  x0 << 1.0, std::nan("");
  Result r = run_iterations(quadratic(), x0, m);
  EXPECT_EQ(r.status, Status::invalid_input);
  EXPECT_NE(r.message.find("x0[1]"), std::string::npos);
  Objective fixed_dim(
      [](const Vector& x, Vector* g) {
        if (g) *g = x;
        return x.squaredNorm();
      },
      3);
  EXPECT_EQ(run_iterations(fixed_dim, Vector::Ones(2), m).status, Status::invalid_input);
  EXPECT_EQ(run_iterations(quadratic(), Vector(), m).status, Status::invalid_input);
}

TEST(Driver, UserExceptionsAndNonFiniteValuesBecomeStatuses) {
  FixedStep m(0.1);
  int calls = 0;
  Objective throws_later([&](const Vector& x, Vector* g) -> double {
    if (++calls == 3) throw std::runtime_error("boom");
    if (g) *g = x;
    return 0.5 * x.squaredNorm();
  });
  Result r = run_iterations(throws_later, Vector::Ones(2), m);
  EXPECT_EQ(r.status, Status::function_error);
  EXPECT_NE(r.message.find("boom"), std::string::npos);
  EXPECT_TRUE(r.x.allFinite());

  Objective nan_at_start([](const Vector&, Vector* g) {
    if (g) g->setZero();
    return std::nan("");
  });
  EXPECT_EQ(run_iterations(nan_at_start, Vector::Ones(2), m).status, Status::non_finite_value);

  Objective wrong_gradient([](const Vector& x, Vector* g) {
    if (g) *g = Vector::Ones(x.size() + 1);
    return 0.0;
  });
  Result w = run_iterations(wrong_gradient, Vector::Ones(2), m);
  EXPECT_EQ(w.status, Status::function_error);
  EXPECT_NE(w.message.find("expected 2"), std::string::npos);
}

TEST(Driver, DivergenceIsDetected) {
  FixedStep m(3.0);  // x ← x − 3x = −2x: |x| doubles each step
  Result r = run_iterations(quadratic(), Vector::Ones(1), m);
  EXPECT_EQ(r.status, Status::diverged);
  EXPECT_FALSE(r.usable());
}

TEST(Driver, InvalidStopSettingsThrow) {
  FixedStep m(0.1);
  Stop stop;
  stop.g_abstol = -1;
  EXPECT_THROW(run_iterations(quadratic(), Vector::Ones(1), m, stop), InvalidArgument);
}

TEST(Status, NamesRoundTrip) {
  for (Status s : kAllStatuses) {
    auto parsed = parse_status(to_string(s));
    ASSERT_TRUE(parsed.has_value()) << to_string(s);
    EXPECT_EQ(*parsed, s);
  }
  EXPECT_FALSE(parse_status("nope").has_value());
}

}  // namespace
}  // namespace minima
