// Strong Wolfe (Moré–Thuente): the returned step satisfies both conditions on the paper's six test
// functions from initial steps 1e-3 … 1e3, survives non-finite values, and fails with a message.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "line_test_functions.hpp"
#include "minima/core/error.hpp"

namespace minima {
namespace {

using test::Function1D;
using test::LineProblem;

struct Case {
  Function1D fn;
  double c1, c2;
};

void expect_strong_wolfe(const LineProblem& p, const LineSearchResult& r, double c1, double c2,
                         const Function1D& fn) {
  ASSERT_TRUE(r.ok) << fn.name << ": " << r.message;
  EXPECT_GT(r.alpha, 0.0);
  const double f = fn.phi(r.alpha), g = fn.dphi(r.alpha);
  EXPECT_DOUBLE_EQ(r.value, f);
  EXPECT_LE(f, p.f0 + c1 * r.alpha * p.slope0) << fn.name << " α = " << r.alpha;
  EXPECT_LE(std::abs(g), c2 * std::abs(p.slope0)) << fn.name << " α = " << r.alpha;
}

TEST(StrongWolfe, MoreThuenteTestFunctionsAllInitialSteps) {
  // Parameters (μ = c1, η = c2) as in Moré & Thuente (1994), Tables 1–6.
  const std::vector<Case> cases = {
      {test::more_thuente_1(), 1e-3, 0.1},
      {test::more_thuente_2(), 0.1, 0.1},
      {test::more_thuente_3(), 0.1, 0.1},
      {test::yanai("MT4 yanai(0.001,0.001)", 0.001, 0.001), 1e-3, 1e-3},
      {test::yanai("MT5 yanai(0.01,0.001)", 0.01, 0.001), 1e-3, 1e-3},
      {test::yanai("MT6 yanai(0.001,0.01)", 0.001, 0.01), 1e-3, 1e-3},
  };
  for (const Case& c : cases) {
    for (double alpha0 : {1e-3, 1e-1, 1e1, 1e3}) {
      LineProblem p(test::as_objective(c.fn), Vector::Zero(1), Vector::Ones(1));
      StrongWolfe s{.c1 = c.c1, .c2 = c.c2};
      const LineSearchResult r = strong_wolfe_search(s, p.phi, p.f0, p.slope0, alpha0);
      SCOPED_TRACE(::testing::Message()
                   << c.fn.name << " α0 = " << alpha0 << " evaluations " << r.evaluations);
      expect_strong_wolfe(p, r, c.c1, c.c2, c.fn);
      // The paper reports at most 11 evaluations on these problems (Tables 1–6); allow a little slack.
      EXPECT_LE(r.evaluations, 16);
    }
  }
}

TEST(StrongWolfe, AcceptCostsNoEvaluationAndMovesTheState) {
  // Rosenbrock along the steepest-descent direction from (−1.2, 1).
  Objective rosen([](const Vector& x, Vector* g) {
    const double a = x[1] - x[0] * x[0], b = 1.0 - x[0];
    if (g) {
      (*g)[0] = -400.0 * x[0] * a - 2.0 * b;
      (*g)[1] = 200.0 * a;
    }
    return 100.0 * a * a + b * b;
  });
  IterateState state;
  state.x = Vector(2);
  state.x << -1.2, 1.0;
  CountedObjective counted(rosen, 2);
  state.f = counted.value_gradient(state.x, state.g);
  const Vector x0 = state.x;
  const Vector d = -state.g;
  LineFunction phi(counted, state.x, d);
  const double slope0 = state.g.dot(d);
  const LineSearchResult r = strong_wolfe_search(StrongWolfe{}, phi, state.f, slope0, 1.0 / d.norm());
  ASSERT_TRUE(r.ok) << r.message;
  const long before = counted.counts().function;
  phi.accept(r.alpha, state);
  EXPECT_EQ(counted.counts().function, before);  // the last trial was the accepted one
  const Vector expected = x0 + r.alpha * d;
  EXPECT_DOUBLE_EQ(state.x[0], expected[0]);
  EXPECT_DOUBLE_EQ(state.x[1], expected[1]);
  Vector g(2);
  EXPECT_DOUBLE_EQ(state.f, rosen(expected, &g));
  EXPECT_DOUBLE_EQ(state.g[0], g[0]);
  EXPECT_DOUBLE_EQ(state.g[1], g[1]);
  EXPECT_LE(std::abs(state.g.dot(d)), 0.9 * std::abs(slope0));
}

TEST(StrongWolfe, NonFiniteValuesShrinkTheStep) {
  // φ(α) = (α − 1)² − log(3 − α) is finite only for α < 3; the trial α0 = 100 lands outside.
  Function1D fn{"barrier", [](double a) { return a < 3.0 ? (a - 1.0) * (a - 1.0) - std::log(3.0 - a) : NAN; },
                [](double a) { return a < 3.0 ? 2.0 * (a - 1.0) + 1.0 / (3.0 - a) : NAN; }};
  LineProblem p(test::as_objective(fn), Vector::Zero(1), Vector::Ones(1));
  const LineSearchResult r = strong_wolfe_search(StrongWolfe{}, p.phi, p.f0, p.slope0, 100.0);
  expect_strong_wolfe(p, r, 1e-4, 0.9, fn);
  EXPECT_LT(r.alpha, 3.0);
}

TEST(StrongWolfe, FailuresReturnMessagesAndNeverThrow) {
  const Function1D quad{"quadratic", [](double a) { return (a - 1.0) * (a - 1.0); },
                        [](double a) { return 2.0 * (a - 1.0); }};
  {
    // Ascent direction.
    LineProblem p(test::as_objective(quad), Vector::Zero(1), -Vector::Ones(1));
    const LineSearchResult r = strong_wolfe_search(StrongWolfe{}, p.phi, p.f0, p.slope0, 1.0);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.message.find("not a descent direction"), std::string::npos) << r.message;
  }
  {
    // A wrong derivative: it claims descent while φ rises; no step can satisfy sufficient decrease.
    Function1D wrong{"wrong slope", [](double a) { return 1.0 + a * a; }, [](double) { return -1.0; }};
    LineProblem p(test::as_objective(wrong), Vector::Zero(1), Vector::Ones(1));
    const LineSearchResult r = strong_wolfe_search(StrongWolfe{}, p.phi, p.f0, p.slope0, 1.0);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.message.rfind("strong Wolfe:", 0), 0u) << r.message;
    EXPECT_LE(r.evaluations, 30);
  }
  {
    // Too few evaluations to get from α0 = 1e-6 to the minimizer at 1.
    LineProblem p(test::as_objective(quad), Vector::Zero(1), Vector::Ones(1));
    StrongWolfe s;
    s.max_evaluations = 2;
    const LineSearchResult r = strong_wolfe_search(s, p.phi, p.f0, p.slope0, 1e-6);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.message.find("no acceptable step in 2 evaluations"), std::string::npos) << r.message;
    EXPECT_EQ(r.evaluations, 2);
  }
  {
    // Unbounded below: φ(α) = −α keeps decreasing up to max_step.
    Function1D linear{"linear", [](double a) { return -a; }, [](double) { return -1.0; }};
    LineProblem p(test::as_objective(linear), Vector::Zero(1), Vector::Ones(1));
    StrongWolfe s;
    s.max_step = 1e3;
    const LineSearchResult r = strong_wolfe_search(s, p.phi, p.f0, p.slope0, 1.0);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.message.find("max_step"), std::string::npos) << r.message;
  }
}

TEST(StrongWolfe, Validation) {
  StrongWolfe s;
  s.c2 = 1.5;
  try {
    s.validate();
    FAIL() << "no exception";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "StrongWolfe::c2 = 1.5: must satisfy c1 < c2 < 1");
  }
  EXPECT_THROW((StrongWolfe{.c1 = 0.5, .c2 = 0.4}.validate()), InvalidArgument);
  EXPECT_THROW((StrongWolfe{.c1 = 0.0}.validate()), InvalidArgument);
  EXPECT_THROW((StrongWolfe{.max_evaluations = 0}.validate()), InvalidArgument);
  EXPECT_THROW((StrongWolfe{.max_step = -1.0}.validate()), InvalidArgument);
  EXPECT_NO_THROW(StrongWolfe{}.validate());
  EXPECT_THROW(validate(LineSearch{StrongWolfe{.c1 = 2.0}}), InvalidArgument);
  EXPECT_EQ(name(LineSearch{StrongWolfe{}}), "strong-wolfe");
}

}  // namespace
}  // namespace minima
