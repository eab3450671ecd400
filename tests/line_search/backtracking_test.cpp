// Armijo backtracking: the returned step satisfies sufficient decrease and is the first of the
// sequence α0·ρᵏ that does; non-finite values shrink the step; failures carry a message.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "line_test_functions.hpp"
#include "minima/core/error.hpp"

namespace minima {
namespace {

using test::Function1D;
using test::LineProblem;

TEST(Backtracking, ArmijoHoldsAndTheStepIsTheFirstThatPasses) {
  const Function1D functions[] = {
      {"quadratic", [](double a) { return (a - 0.3) * (a - 0.3); }, [](double a) { return 2.0 * (a - 0.3); }},
      test::more_thuente_1(),
      test::more_thuente_3(),
      {"exp", [](double a) { return std::exp(4.0 * (a - 1.0)) - 8.0 * a; },
       [](double a) { return 4.0 * std::exp(4.0 * (a - 1.0)) - 8.0; }},
  };
  for (const Function1D& fn : functions) {
    for (double alpha0 : {0.1, 1.0, 10.0, 1000.0}) {
      for (double c1 : {1e-4, 0.3}) {
        LineProblem p(test::as_objective(fn), Vector::Zero(1), Vector::Ones(1));
        const Backtracking s{.c1 = c1, .shrink = 0.5};
        const LineSearchResult r = backtracking_search(s, p.phi, p.f0, p.slope0, alpha0);
        SCOPED_TRACE(::testing::Message() << fn.name << " α0 = " << alpha0 << " c1 = " << c1);
        ASSERT_TRUE(r.ok) << r.message;
        EXPECT_LE(fn.phi(r.alpha), p.f0 + c1 * r.alpha * p.slope0);
        EXPECT_DOUBLE_EQ(r.value, fn.phi(r.alpha));
        // α = α0·0.5ᵏ with k = evaluations − 1, and the previous trial failed the test.
        EXPECT_DOUBLE_EQ(r.alpha, alpha0 * std::pow(0.5, r.evaluations - 1));
        if (r.evaluations > 1) {
          const double previous = 2.0 * r.alpha;
          EXPECT_GT(fn.phi(previous), p.f0 + c1 * previous * p.slope0);
        }
      }
    }
  }
}

TEST(Backtracking, NonFiniteValuesShrinkTheStep) {
  // −log(1 − α) − 2α: NaN beyond α = 1, minimizer at 0.5.
  Function1D fn{"log barrier", [](double a) { return a < 1.0 ? -std::log(1.0 - a) - 2.0 * a : NAN; },
                [](double a) { return a < 1.0 ? 1.0 / (1.0 - a) - 2.0 : NAN; }};
  LineProblem p(test::as_objective(fn), Vector::Zero(1), Vector::Ones(1));
  const LineSearchResult r = backtracking_search(Backtracking{}, p.phi, p.f0, p.slope0, 8.0);
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_DOUBLE_EQ(r.alpha, 0.5);  // 8, 4, 2, 1 (NaN or inf), then 0.5
  EXPECT_EQ(r.evaluations, 5);
}

TEST(Backtracking, AcceptAfterValueOnlyTrialsEvaluatesTheGradientOnce) {
  Function1D quad{"quadratic", [](double a) { return (a - 0.3) * (a - 0.3); },
                  [](double a) { return 2.0 * (a - 0.3); }};
  LineProblem p(test::as_objective(quad), Vector::Zero(1), Vector::Ones(1));
  const LineSearchResult r = backtracking_search(Backtracking{}, p.phi, p.f0, p.slope0, 4.0);
  ASSERT_TRUE(r.ok);
  EXPECT_DOUBLE_EQ(r.alpha, 0.5);  // 4, 2, 1 fail; 0.5: 0.04 ≤ 0.09 − 1e-4·0.5·0.6
  const long gradients_before = p.counted.counts().gradient;
  IterateState state;
  state.x = p.x;
  p.phi.accept(r.alpha, state);
  EXPECT_EQ(p.counted.counts().gradient, gradients_before + 1);
  EXPECT_DOUBLE_EQ(state.x[0], 0.5);
  EXPECT_DOUBLE_EQ(state.f, 0.04);
  EXPECT_DOUBLE_EQ(state.g[0], 0.4);
}

TEST(Backtracking, Failures) {
  {
    Function1D wrong{"wrong slope", [](double a) { return 1.0 + a * a; }, [](double) { return -1.0; }};
    LineProblem p(test::as_objective(wrong), Vector::Zero(1), Vector::Ones(1));
    const LineSearchResult r = backtracking_search(
        Backtracking{.c1 = 1e-4, .shrink = 0.5, .max_evaluations = 20}, p.phi, p.f0, p.slope0, 1.0);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.evaluations, 20);
    EXPECT_NE(r.message.find("no sufficient decrease in 20 evaluations"), std::string::npos) << r.message;
  }
  {
    Function1D up{"ascent", [](double a) { return a; }, [](double) { return 1.0; }};
    LineProblem p(test::as_objective(up), Vector::Zero(1), Vector::Ones(1));
    const LineSearchResult r = backtracking_search(Backtracking{}, p.phi, p.f0, p.slope0, 1.0);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.evaluations, 0);
    EXPECT_NE(r.message.find("not a descent direction"), std::string::npos);
  }
}

TEST(Backtracking, Validation) {
  try {
    Backtracking{.c1 = 1.0}.validate();
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "Backtracking::c1 = 1: must satisfy 0 < c1 < 1");
  }
  EXPECT_THROW(Backtracking{.shrink = 0.0}.validate(), InvalidArgument);
  EXPECT_THROW(validate(LineSearch{Backtracking{.max_evaluations = 0}}), InvalidArgument);
  EXPECT_NO_THROW(Backtracking{}.validate());
  EXPECT_EQ(name(LineSearch{Backtracking{}}), "backtracking");
}

}  // namespace
}  // namespace minima
