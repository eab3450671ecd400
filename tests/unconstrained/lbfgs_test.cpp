#include "minima/unconstrained/lbfgs.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <deque>

#include "minima/core/error.hpp"
#include "quasi_newton_test_functions.hpp"

namespace minima {
namespace {

using qn_test::extended_rosenbrock;
using qn_test::rosenbrock_start;

Result run_lbfgs(const Objective& f, const Vector& x0, const Lbfgs& settings = {}, const Stop& stop = {},
                 const Observer& observer = {}) {
  return run_iterations(f, x0, *make_iterative_method(settings), stop, observer);
}

TEST(Lbfgs, RosenbrockFromStandardStart) {
  const Result r = run_lbfgs(Objective(extended_rosenbrock), rosenbrock_start(2));
  ASSERT_EQ(r.status, Status::converged_gradient) << r.message;
  EXPECT_NEAR(r.x[0], 1.0, 1e-8);
  EXPECT_NEAR(r.x[1], 1.0, 1e-8);
  EXPECT_LE(r.gradient_norm, 1e-8);
  // Liu & Nocedal (1989) and the peers (Ceres, LBFGSpp, scipy) need 30–45 iterations here.
  EXPECT_GE(r.iterations, 25);
  EXPECT_LE(r.iterations, 45);
  EXPECT_LE(r.evaluations.function, r.iterations * 3 / 2);
  EXPECT_EQ(r.method, "lbfgs");
}

TEST(Lbfgs, ExtendedRosenbrock100) {
  const Result r = run_lbfgs(Objective(extended_rosenbrock), rosenbrock_start(100));
  ASSERT_EQ(r.status, Status::converged_gradient) << r.message;
  EXPECT_LT((r.x - Vector::Ones(100)).lpNorm<Eigen::Infinity>(), 1e-7);
  EXPECT_LT(r.f, 1e-14);
  EXPECT_LE(r.iterations, 45);
}

// The blocks of extended Rosenbrock are identical from the standard start, and the first step is
// scaled by ‖g‖∞: the iterates are the 2-D ones repeated, so the counts do not depend on n.
TEST(Lbfgs, IterationsDoNotDependOnDimensionForExtendedRosenbrock) {
  const Result r2 =
      run_lbfgs(Objective(extended_rosenbrock), rosenbrock_start(2), {}, qn_test::stop_with(1e-6));
  const Result r1000 =
      run_lbfgs(Objective(extended_rosenbrock), rosenbrock_start(1000), {}, qn_test::stop_with(1e-6));
  ASSERT_TRUE(r2.converged()) << r2.message;
  ASSERT_TRUE(r1000.converged()) << r1000.message;
  EXPECT_NEAR(double(r1000.iterations), double(r2.iterations), 2.0);
  EXPECT_NEAR(double(r1000.evaluations.function), double(r2.evaluations.function), 3.0);
}

TEST(Lbfgs, MemoryOneWorks) {
  const Result r = run_lbfgs(Objective(extended_rosenbrock), rosenbrock_start(2), Lbfgs{.memory = 1},
                             qn_test::stop_with(1e-8, 2000));
  ASSERT_EQ(r.status, Status::converged_gradient) << r.message;
  EXPECT_NEAR(r.x[0], 1.0, 1e-7);
  EXPECT_NEAR(r.x[1], 1.0, 1e-7);
}

TEST(Lbfgs, ConvexQuadraticReachesTheMinimizer) {
  const qn_test::Quadratic q(50, 1e4);
  for (int memory : {1, 3, 10, 60}) {
    const Result r = run_lbfgs(Objective([&q](const Vector& x, Vector* g) { return q(x, g); }),
                               Vector::Zero(50), Lbfgs{.memory = memory}, qn_test::stop_with(1e-9, 5000));
    ASSERT_EQ(r.status, Status::converged_gradient) << "memory " << memory << ": " << r.message;
    EXPECT_LT((r.x - q.x_min).lpNorm<Eigen::Infinity>(), 1e-6) << "memory " << memory;
  }
}

// The compact representation must reproduce N&W's two-loop recursion (Alg. 7.4). The reference
// below runs the textbook iteration with the same line search and the same first step; the iterates
// must agree to rounding while the memory fills and wraps around (m = 3, 12 iterations).
TEST(Lbfgs, MatchesTheTwoLoopRecursion) {
  const qn_test::Quadratic q(8, 50.0);
  auto quartic = [&q](const Vector& x, Vector* g) {  // strictly convex, not quadratic
    double f = q(x, g);
    const Vector c = x - q.x_min;
    f += 0.25 * c.array().pow(4).sum();
    if (g) *g += c.array().pow(3).matrix();
    return f;
  };
  const Objective objective(quartic);
  const int m = 3, iterations = 12;
  const Vector x0 = Vector::Zero(8);

  Observer keep_x;
  keep_x.trace = Trace::with_x;
  const Result r = run_lbfgs(objective, x0, Lbfgs{.memory = m}, qn_test::stop_with(0, iterations), keep_x);
  ASSERT_EQ(r.status, Status::max_iterations) << r.message;
  ASSERT_EQ(r.trace.size(), std::size_t(iterations + 1));

  CountedObjective counted(objective, 8);
  IterateState state;
  state.x = x0;
  state.f = counted.value_gradient(state.x, state.g);
  std::deque<Vector> s_list, y_list;
  Vector d(8);
  LineFunction phi(counted, state.x, d);
  for (int k = 1; k <= iterations; ++k) {
    Vector qv = state.g;
    std::vector<double> alpha(s_list.size());
    for (int i = int(s_list.size()) - 1; i >= 0; --i) {
      alpha[i] = s_list[i].dot(qv) / y_list[i].dot(s_list[i]);
      qv -= alpha[i] * y_list[i];
    }
    const double gamma =
        s_list.empty() ? 1.0 : s_list.back().dot(y_list.back()) / y_list.back().squaredNorm();
    Vector rv = gamma * qv;
    for (std::size_t i = 0; i < s_list.size(); ++i) {
      const double beta = y_list[i].dot(rv) / y_list[i].dot(s_list[i]);
      rv += (alpha[i] - beta) * s_list[i];
    }
    d = -rv;
    const double slope = state.g.dot(d);
    const double alpha0 = s_list.empty() ? 1.0 / d.lpNorm<Eigen::Infinity>() : 1.0;
    const LineSearchResult ls = strong_wolfe_search(StrongWolfe{}, phi, state.f, slope, alpha0);
    ASSERT_TRUE(ls.ok) << ls.message;
    const Vector x_old = state.x, g_old = state.g;
    phi.accept(ls.alpha, state);
    s_list.push_back(state.x - x_old);
    y_list.push_back(state.g - g_old);
    if (int(s_list.size()) > m) {
      s_list.pop_front();
      y_list.pop_front();
    }
    const Vector& x_lbfgs = *r.trace[k].x;
    EXPECT_LT((x_lbfgs - state.x).lpNorm<Eigen::Infinity>(), 1e-9 * (1.0 + state.x.lpNorm<Eigen::Infinity>()))
        << "iteration " << k;
  }
}

TEST(Lbfgs, UphillGradientGivesLineSearchFailed) {
  const Result r = run_lbfgs(Objective(qn_test::uphill_rosenbrock), rosenbrock_start(2));
  EXPECT_EQ(r.status, Status::line_search_failed) << r.message;
  EXPECT_EQ(r.x, rosenbrock_start(2));
  ASSERT_EQ(r.gradient.size(), 2);  // the gradient at the last good point survives the failed search
  Vector g(2);
  qn_test::uphill_rosenbrock(rosenbrock_start(2), &g);
  EXPECT_EQ(r.gradient, g);
}

TEST(Lbfgs, ValidationNamesTheField) {
  auto message = [](const Lbfgs& l) {
    try {
      make_iterative_method(l);
    } catch (const InvalidArgument& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  EXPECT_EQ(message(Lbfgs{.memory = 0}), "Lbfgs::memory = 0: must be >= 1");
  EXPECT_EQ(message(Lbfgs{.memory = -3}), "Lbfgs::memory = -3: must be >= 1");
  EXPECT_EQ(message(Lbfgs{.skip_tolerance = 2.0}), "Lbfgs::skip_tolerance = 2: must be in [0, 1)");
  EXPECT_EQ(message(Lbfgs{.initial_step = -1.0}), "Lbfgs::initial_step = -1: must be finite and > 0");
  EXPECT_THROW(make_iterative_method(Lbfgs{.line_search = {.c2 = 1.5}}), InvalidArgument);
}

TEST(Lbfgs, NonFiniteValuesAreAvoidedOrReported) {
  // f = +inf outside the unit ball around the minimizer: the search must shrink back inside.
  const Objective f([](const Vector& x, Vector* g) {
    if ((x - Vector::Ones(x.size())).norm() > 3.0) {
      if (g) g->setZero();
      return std::numeric_limits<double>::infinity();
    }
    return extended_rosenbrock(x, g);
  });
  const Result r = run_lbfgs(f, rosenbrock_start(2));
  EXPECT_TRUE(r.status == Status::converged_gradient || r.status == Status::line_search_failed) << r.message;
  EXPECT_TRUE(std::isfinite(r.f));
}

}  // namespace
}  // namespace minima
