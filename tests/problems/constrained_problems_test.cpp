// The constrained test set (problems/constrained_problem.hpp): every problem builds; the stored
// optimum reproduces f* and is feasible to the published precision; the first-order KKT conditions
// hold at x* (multipliers fitted by least squares on the active constraints); exact gradients
// agree with finite differences; the bounded formulas equal the catalogue's C++ objectives and
// their bounds cut off the unconstrained minimizer; malformed files give ParseErrors that name the
// problem and the field.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "minima/core/error.hpp"
#include "minima/core/random.hpp"
#include "minima/numerics/finite_difference.hpp"
#include "minima/problems/constrained_problem.hpp"
#include "minima/problems/test_problem.hpp"

namespace minima {
namespace {

std::vector<ConstrainedProblem> all_problems() {
  std::vector<ConstrainedProblem> all;
  for (const ConstrainedProblemInfo& info : list_constrained_problems())
    all.push_back(make_constrained_problem(info.name));
  return all;
}

const std::vector<ConstrainedProblem>& problems() {
  static const std::vector<ConstrainedProblem> all = all_problems();
  return all;
}

double scale_of(const ConstrainedProblem& p) {
  return std::max(1.0, std::abs(p.f_min));
}

TEST(ConstrainedProblems, CatalogueHasBothKindsAndAMixOfConstraintTypes) {
  int hs = 0, bounded = 0, bounds_only = 0, with_eq = 0, with_ineq = 0, with_both = 0;
  std::set<std::string> names;
  for (const ConstrainedProblemInfo& info : list_constrained_problems()) {
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    if (info.kind == ConstrainedProblemKind::bounded) {
      ++bounded;
      EXPECT_TRUE(info.has_bounds) << info.name;
      EXPECT_EQ(info.equalities + info.inequalities, 0) << info.name;
      continue;
    }
    ++hs;
    bounds_only += info.equalities + info.inequalities == 0;
    with_eq += info.equalities > 0 && info.inequalities == 0;
    with_ineq += info.inequalities > 0 && info.equalities == 0;
    with_both += info.inequalities > 0 && info.equalities > 0;
  }
  EXPECT_GE(hs, 18);
  EXPECT_GE(bounded, 10);
  EXPECT_GE(bounds_only, 3);
  EXPECT_GE(with_eq, 5);
  EXPECT_GE(with_ineq, 5);
  EXPECT_GE(with_both, 3);
}

TEST(ConstrainedProblems, EveryProblemBuildsConsistently) {
  for (const ConstrainedProblem& p : problems()) {
    SCOPED_TRACE(p.name);
    EXPECT_GT(p.dimension(), 0);
    EXPECT_EQ(p.objective.dimension(), p.dimension());
    EXPECT_TRUE(p.objective.has_hessian());
    EXPECT_EQ(p.constraints.equalities.size(), p.constraints.equality_names.size());
    EXPECT_EQ(p.constraints.inequalities.size(), p.constraints.inequality_names.size());
    EXPECT_NO_THROW(p.constraints.bounds.validate(p.dimension()));
    EXPECT_TRUE(std::isfinite(p.objective(p.x0)));
    EXPECT_FALSE(p.reference.empty());
    ASSERT_TRUE(p.x_min.has_value());
    EXPECT_EQ(p.x_min->size(), p.dimension());
    EXPECT_EQ(p.x0_feasible, p.violation(p.x0) <= 1e-12);
  }
}

TEST(ConstrainedProblems, StoredOptimumReproducesFStarAndIsFeasible) {
  for (const ConstrainedProblem& p : problems()) {
    SCOPED_TRACE(p.name);
    const double tol = p.precision * scale_of(p);
    EXPECT_NEAR(p.objective(*p.x_min), p.f_min, tol);
    EXPECT_LE(p.violation(*p.x_min), tol);
  }
}

TEST(ConstrainedProblems, ConstraintsAreNormalisedToEqualityAndLessEqualZero) {
  const ConstrainedProblem hs71 = make_constrained_problem("hs071");
  ASSERT_EQ(hs71.constraints.inequalities.size(), 1u);
  ASSERT_EQ(hs71.constraints.equalities.size(), 1u);
  EXPECT_EQ(hs71.constraints.inequality_names[0], "x1*x2*x3*x4 - 25 >= 0");
  const Vector ones = Vector::Ones(4);
  EXPECT_DOUBLE_EQ(hs71.constraints.inequalities[0](ones), 24.0);  // h = 25 − x1x2x3x4 ≤ 0 violated
  EXPECT_DOUBLE_EQ(hs71.constraints.equalities[0](ones), -36.0);   // g = Σxᵢ² − 40
  EXPECT_DOUBLE_EQ(hs71.violation(ones), 36.0);
  EXPECT_FALSE(hs71.x0_feasible);  // (1, 5, 5, 1): x1x2x3x4 = 25 holds, Σx² = 52 ≠ 40
  EXPECT_DOUBLE_EQ(hs71.violation(hs71.x0), 12.0);
  const ConstrainedProblem hs2 = make_constrained_problem("hs002");
  EXPECT_FALSE(hs2.x0_feasible);  // x2 = 1 < 1.5
  EXPECT_DOUBLE_EQ(hs2.violation(hs2.x0), 0.5);
  EXPECT_EQ(hs2.reference, "Hock & Schittkowski (1981), problem 2");
}

TEST(ConstrainedProblems, UnknownNameListsTheKnownOnes) {
  try {
    make_constrained_problem("hs999");
    FAIL() << "no exception";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("hs071"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("rosenbrock-bounded"), std::string::npos) << e.what();
  }
}

// First-order KKT conditions at x*: with A the gradients of the equalities and the active
// inequalities and bounds, min_λ ‖∇f + Aᵀλ‖ is small and the inequality multipliers are ≥ 0. The
// tolerance follows the published precision of x* (seven digits give residuals near 1e-6).
TEST(ConstrainedProblems, KktConditionsHoldAtTheStoredOptimum) {
  for (const ConstrainedProblem& p : problems()) {
    SCOPED_TRACE(p.name);
    const Vector& x = *p.x_min;
    const Index n = p.dimension();
    Vector grad(n);
    p.objective(x, &grad);
    const double tol = std::sqrt(p.precision) * std::max(1.0, grad.lpNorm<Eigen::Infinity>());
    const double active = 1e2 * p.precision * scale_of(p);
    std::vector<Vector> columns;
    std::vector<bool> signed_multiplier;  // true: must be ≥ 0
    for (const Objective& g : p.constraints.equalities) {
      Vector dg(n);
      g(x, &dg);
      columns.push_back(dg);
      signed_multiplier.push_back(false);
    }
    for (const Objective& h : p.constraints.inequalities) {
      Vector dh(n);
      if (h(x, &dh) < -active) continue;
      columns.push_back(dh);
      signed_multiplier.push_back(true);
    }
    const Bounds b = p.constraints.bounds.expanded(n);
    for (Index i = 0; i < n; ++i) {
      if (x[i] - b.lower[i] <= active) {
        columns.push_back(-Vector::Unit(n, i));
        signed_multiplier.push_back(true);
      }
      if (b.upper[i] - x[i] <= active) {
        columns.push_back(Vector::Unit(n, i));
        signed_multiplier.push_back(true);
      }
    }
    if (columns.empty()) {
      EXPECT_LE(grad.lpNorm<Eigen::Infinity>(), tol);
      continue;
    }
    Matrix a(n, static_cast<Index>(columns.size()));
    for (Index j = 0; j < a.cols(); ++j) a.col(j) = columns[static_cast<std::size_t>(j)];
    const Vector lambda = a.completeOrthogonalDecomposition().solve(-grad);
    EXPECT_LE((grad + a * lambda).lpNorm<Eigen::Infinity>(), tol);
    for (Index j = 0; j < lambda.size(); ++j)
      if (signed_multiplier[static_cast<std::size_t>(j)]) {
        EXPECT_GE(lambda[j], -tol) << "multiplier " << j;
      }
  }
}

// The formulas' exact gradients against central differences, at x0 and at x*.
TEST(ConstrainedProblems, GradientsMatchFiniteDifferences) {
  const auto check = [](const Objective& f, const Vector& x, const std::string& what) {
    Vector exact(x.size());
    f(x, &exact);
    const Vector fd = fd::gradient([&](const Vector& y) { return f(y); }, x);
    const double tol = 1e-6 * std::max(1.0, exact.lpNorm<Eigen::Infinity>());
    EXPECT_LE((exact - fd).lpNorm<Eigen::Infinity>(), tol) << what;
  };
  for (const ConstrainedProblem& p : problems()) {
    SCOPED_TRACE(p.name);
    for (const Vector& x : {p.x0, *p.x_min}) {
      check(p.objective, x, "objective");
      for (std::size_t i = 0; i < p.constraints.equalities.size(); ++i)
        check(p.constraints.equalities[i], x, p.constraints.equality_names[i]);
      for (std::size_t i = 0; i < p.constraints.inequalities.size(); ++i)
        check(p.constraints.inequalities[i], x, p.constraints.inequality_names[i]);
    }
  }
}

// A bounded problem is its base problem restricted to a box: the formula equals the C++ objective
// of make_problem(base) everywhere (checked at x0, x* and random points of the box), and the box
// excludes the base's known unconstrained minimizer.
TEST(ConstrainedProblems, BoundedFormulasEqualTheCatalogueObjectives) {
  Rng rng(7);
  int checked = 0;
  for (const ConstrainedProblem& p : problems()) {
    if (p.kind != ConstrainedProblemKind::bounded) continue;
    SCOPED_TRACE(p.name);
    ASSERT_FALSE(p.base_problem.empty());
    const TestProblem base = make_problem(p.base_problem, p.dimension());
    const Bounds b = p.constraints.bounds.expanded(p.dimension());
    std::vector<Vector> points = {p.x0, *p.x_min};
    for (int k = 0; k < 5; ++k) {
      Vector x(p.dimension());
      for (Index i = 0; i < x.size(); ++i) {
        const double lo = std::isfinite(b.lower[i]) ? b.lower[i] : -5.0;
        const double hi = std::isfinite(b.upper[i]) ? b.upper[i] : 5.0;
        x[i] = uniform(lo, hi, rng);
      }
      points.push_back(x);
    }
    for (const Vector& x : points) {
      const double expected = base.objective(x);
      EXPECT_NEAR(p.objective(x), expected, 1e-12 * std::max(1.0, std::abs(expected)));
    }
    if (base.x_min) {
      EXPECT_FALSE(p.constraints.bounds.contains(*base.x_min));
    }
    EXPECT_GT(p.f_min, base.f_min);
    ++checked;
  }
  EXPECT_GE(checked, 10);
}

std::string parse_error_of(const std::string& entry) {
  const std::string text = R"({"problems": [)" + entry + "]}";
  try {
    parse_constrained_problems(text, "test.json", ConstrainedProblemKind::hock_schittkowski);
  } catch (const ParseError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ConstrainedProblems, MalformedEntriesNameTheProblemAndField) {
  const std::string ok_head = R"("name": "p", "number": 1, "variables": 2, )";
  const std::string ok_tail = R"("x0": [0, 0], "f_min": 0)";
  // A correct entry parses.
  const auto good = parse_constrained_problems(
      R"({"problems": [{)" + ok_head + R"("objective": "x1^2 + x2^2", "constraints": ["x1 + x2 >= 1"], )" +
          ok_tail + "}]}",
      "test.json", ConstrainedProblemKind::hock_schittkowski);
  ASSERT_EQ(good.size(), 1u);
  EXPECT_DOUBLE_EQ(good[0].constraints.inequalities[0](Vector::Zero(2)), 1.0);

  struct Case {
    std::string entry;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"{" + ok_head + ok_tail + "}", "objective"},
      {"{" + ok_head + R"("objective": "x1^2 + y", )" + ok_tail + "}", "objective"},
      {"{" + ok_head + R"("objective": "x1", "constraints": ["x1 + x2"], )" + ok_tail + "}",
       "constraints[0]"},
      {"{" + ok_head + R"("objective": "x1", "constraints": ["x1 >= 1", "x1 < 2"], )" + ok_tail + "}",
       "constraints[1]"},
      {"{" + ok_head + R"("objective": "x1", "constraints": ["x1 >= (2"], )" + ok_tail + "}",
       "constraints[0]"},
      {"{" + ok_head + R"("objective": "x1", "x0": [0], "f_min": 0})", "x0"},
      {"{" + ok_head + R"("objective": "x1", "x0": [0, 0]})", "f_min"},
      {"{" + ok_head + R"("objective": "x1", "x0": [0, "a"], "f_min": 0})", "x0[1]"},
      {"{" + ok_head + R"("objective": "x1", "bounds": {"lower": [1, 0], "upper": [0, 1]}, )" + ok_tail + "}",
       "bounds"},
      {"{" + ok_head + R"("objective": "x1", "x_min": [1, 2, 3], )" + ok_tail + "}", "x_min"},
      {"{" + ok_head + R"("objective": "x1", "x0_feasible": false, )" + ok_tail + "}", "x0_feasible"},
      {"{" + ok_head + R"("objective": "x1", "residuals": ["x1"], )" + ok_tail + "}", "objective"},
      {"{" + ok_head + R"("residuals": ["x1", 3], )" + ok_tail + "}", "residuals[1]"},
      {R"({"name": "p", "number": 1, "variables": 0, "objective": "1", )" + ok_tail + "}", "variables"},
  };
  for (const Case& c : cases) {
    const std::string message = parse_error_of(c.entry);
    EXPECT_NE(message.find("problem 'p'"), std::string::npos) << c.entry << " -> " << message;
    EXPECT_NE(message.find("field '" + c.field + "'"), std::string::npos) << c.entry << " -> " << message;
    EXPECT_NE(message.find("test.json"), std::string::npos) << message;
  }
  EXPECT_NE(parse_error_of(R"({"variables": 1})").find("field 'name'"), std::string::npos);
  EXPECT_NE(parse_error_of("{").find("test.json"), std::string::npos);
  EXPECT_NE(parse_error_of(R"({)" + ok_head + R"("objective": "x1", )" + ok_tail + "}, {" + ok_head +
                           R"("objective": "x1", )" + ok_tail + "}")
                .find("twice"),
            std::string::npos);
}

}  // namespace
}  // namespace minima
