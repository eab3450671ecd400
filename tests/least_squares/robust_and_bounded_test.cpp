// Robust losses (their derivatives and the corrected residuals), trust-region reflective on bounds
// (feasible iterates, KKT multipliers, a start outside the box), weights in curve fitting, and bad
// input: each a clear InvalidArgument. The agreement with scipy is in scipy_agreement_test.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "minima/core/error.hpp"
#include "minima/least_squares/curve_fit.hpp"
#include "minima/least_squares/least_squares.hpp"
#include "minima/problems/nist.hpp"

namespace minima {
namespace {

constexpr LossKind kAllLosses[] = {LossKind::linear, LossKind::soft_l1, LossKind::huber, LossKind::cauchy,
                                   LossKind::arctan};

TEST(RobustLoss, DerivativesMatchFiniteDifferences) {
  for (LossKind kind : kAllLosses) {
    const RobustLoss loss{kind, 1.0};
    for (double z : {0.01, 0.3, 0.9, 1.7, 5.0, 40.0}) {
      double rho, d1, d2, rp, rm, d1p, d1m, unused;
      loss.evaluate(z, rho, d1, d2);
      const double h = 1e-6 * std::max(1.0, z);
      loss.evaluate(z + h, rp, d1p, unused);
      loss.evaluate(z - h, rm, d1m, unused);
      EXPECT_NEAR(d1, (rp - rm) / (2 * h), 1e-7) << loss_name(kind) << " z = " << z;
      EXPECT_NEAR(d2, (d1p - d1m) / (2 * h), 1e-6) << loss_name(kind) << " z = " << z;
      EXPECT_GT(d1, 0.0);
    }
    double rho, d1, d2;
    loss.evaluate(0.0, rho, d1, d2);
    EXPECT_EQ(rho, 0.0) << loss_name(kind);
    EXPECT_EQ(d1, 1.0) << loss_name(kind);  // every loss is least squares near zero
  }
}

TEST(RobustLoss, CorrectedResidualsGiveTheGradientAndTheCurvature) {
  // J̃ᵀr̃ = Σ ρ′ r_i J_i and J̃ᵀJ̃ = Σ max(ρ′ + 2zρ″, ε) J_iᵀJ_i, with C = 2.
  const Vector r0{{0.5, -3.0, 10.0, 0.0}};
  const Matrix j0{{1.0, 2.0}, {-1.0, 0.5}, {0.25, 3.0}, {2.0, -1.0}};
  for (LossKind kind : kAllLosses) {
    const RobustLoss loss{kind, 2.0};
    Vector r = r0;
    Matrix j = j0;
    const double cost = loss.correct(r, &j);
    EXPECT_DOUBLE_EQ(cost, loss.cost(r0));
    Vector gradient = Vector::Zero(2);
    Matrix hessian = Matrix::Zero(2, 2);
    double expected_cost = 0.0;
    for (Index i = 0; i < 4; ++i) {
      double rho, d1, d2;
      const double z = r0[i] * r0[i] / 4.0;
      loss.evaluate(z, rho, d1, d2);
      expected_cost += 0.5 * 4.0 * rho;
      gradient += d1 * r0[i] * j0.row(i).transpose();
      hessian += std::max(d1 + 2 * z * d2, std::numeric_limits<double>::epsilon()) * j0.row(i).transpose() *
                 j0.row(i);
    }
    EXPECT_NEAR(cost, expected_cost, 1e-14 * expected_cost) << loss_name(kind);
    EXPECT_LE((j.transpose() * r - gradient).norm(), 1e-12 * gradient.norm()) << loss_name(kind);
    EXPECT_LE((j.transpose() * j - hessian).norm(), 1e-12 * hessian.norm()) << loss_name(kind);
  }
  // cauchy's 1 + 2zρ″/ρ′ = (1 − z)/(1 + z) < 0 for z > 1: the outlier's weight is clamped.
  Vector r{{10.0}};
  Matrix j{{1.0}};
  RobustLoss{LossKind::cauchy, 1.0}.correct(r, &j);
  EXPECT_NEAR(j(0, 0), std::sqrt(std::numeric_limits<double>::epsilon()), 1e-20);
}

TEST(RobustLoss, EveryMethodFromResidualsFarBeyondTheMargin) {
  // Clean Misra1a from start 2 with cauchy, C = 0.5: at the start nearly every residual exceeds C,
  // so scipy's correction leaves J̃ ≈ √ε J. scipy (trf and dogbox, tolerances 1e-15) reach
  // b = (238.880189, 5.50326436e-4), cost 0.06087813950311264; each method must too.
  const NistProblem p = load_nist("Misra1a");
  for (const LeastSquaresMethod& method : {LeastSquaresMethod{LevenbergMarquardt{}}, LeastSquaresMethod{GaussNewton{}},
                                           LeastSquaresMethod{TrustRegionReflective{}}}) {
    const Result r = solve_least_squares(
        p.residuals(), p.start(2), LeastSquaresOptions{.method = method, .loss = {LossKind::cauchy, 0.5}},
        Stop{.g_abstol = 0});
    EXPECT_TRUE(r.converged()) << method_name(method) << ": " << r.brief();
    EXPECT_NEAR(r.x[0], 238.880189, 1e-6 * 238.880189) << method_name(method);
    EXPECT_NEAR(r.x[1], 5.50326436e-4, 1e-6 * 5.50326436e-4) << method_name(method);
    EXPECT_NEAR(r.f, 0.06087813950311264, 1e-9) << method_name(method);
  }
  // Ceres' correction keeps the same gradient with the weight ρ′ instead of the clamped one.
  Vector r{{3.0}}, rc{{3.0}};
  Matrix j{{2.0}}, jc{{2.0}};
  const RobustLoss loss{LossKind::cauchy, 0.5};
  loss.correct(r, &j);
  loss.correct(rc, &jc, /*ceres=*/true);
  EXPECT_NEAR(j(0, 0) * r[0], jc(0, 0) * rc[0], 1e-12);
  EXPECT_NEAR(jc(0, 0), 2.0 / std::sqrt(1.0 + 36.0), 1e-15);  // √ρ′ J, ρ′ = 1/(1 + z), z = 36
}

TEST(RobustLoss, NamesAndBadInput) {
  for (LossKind kind : kAllLosses) EXPECT_EQ(loss_from_name(loss_name(kind)), kind);
  EXPECT_EQ(loss_from_name("soft-l1"), LossKind::soft_l1);
  try {
    loss_from_name("l3");
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("unknown loss 'l3' (choose linear, soft_l1"), std::string::npos);
  }
  for (double bad : {0.0, -1.0, std::numeric_limits<double>::infinity(), std::nan("")})
    EXPECT_THROW((RobustLoss{LossKind::huber, bad}.validate()), InvalidArgument) << bad;
  const NistProblem p = load_nist("Misra1a");
  EXPECT_THROW(solve_least_squares(p.residuals(), p.start(2),
                                   LeastSquaresOptions{.loss = RobustLoss{LossKind::huber, 0.0}}),
               InvalidArgument);
}

TEST(RobustLoss, OutliersMoveTheFitLessThanLinear) {
  // Misra1a with one gross outlier: each robust loss lands nearer the clean fit than least squares.
  const NistProblem p = load_nist("Misra1a");
  const Vector clean = solve_least_squares(p.residuals(), p.start(2)).x;
  const Vector y = p.y;
  const ResidualObjective base = p.residuals();
  const ResidualObjective spoiled(
      [base](const Vector& b, Vector& r, Matrix* j) {
        base(b, r, j);
        r[7] += 40.0;  // y_7 raised by 40 (y runs from 10 to 66)
      },
      p.observations(), 2);
  auto distance = [&](LossKind kind) {
    const Result r = solve_least_squares(spoiled, p.start(2), LeastSquaresOptions{.loss = {kind, 1.0}},
                                         Stop{.g_abstol = 0});
    EXPECT_TRUE(r.converged()) << loss_name(kind) << ": " << r.brief();
    return ((r.x - clean).array() / clean.array()).abs().maxCoeff();
  };
  const double linear = distance(LossKind::linear);
  EXPECT_GT(linear, 0.02);
  for (LossKind kind : {LossKind::soft_l1, LossKind::huber, LossKind::cauchy, LossKind::arctan})
    EXPECT_LT(distance(kind), 0.5 * linear) << loss_name(kind);
}

TEST(TrustRegionReflective, UnboundedItMeetsTheNistDigits) {
  for (const char* name : {"Misra1a", "Thurber", "BoxBOD", "MGH09"}) {
    const NistProblem p = load_nist(name);
    const Result r = solve_least_squares(p.residuals(), p.start(2), TrustRegionReflective{}, Stop{.g_abstol = 0});
    EXPECT_TRUE(r.converged()) << name << ": " << r.brief();
    for (Index k = 0; k < p.parameters(); ++k)
      EXPECT_GE(log_relative_error(r.x[k], p.certified[k].value, p.certified[k].digits), 6.0) << name << " b" << k + 1;
  }
}

TEST(TrustRegionReflective, BindingBoundIsFeasibleWithAPositiveMultiplier) {
  // Rosenbrock residuals with x₁ ≤ 0.5: the minimum on the box is at x₁ = 0.5, x₂ = 0.25.
  const ResidualObjective rosenbrock(
      [](const Vector& x, Vector& r, Matrix* j) {
        r << 10 * (x[1] - x[0] * x[0]), 1 - x[0];
        if (j) *j << -20 * x[0], 10, -1, 0;
      },
      2, 2);
  const double inf = std::numeric_limits<double>::infinity();
  LeastSquaresOptions options{.method = TrustRegionReflective{}, .bounds = {Vector{{-inf, -inf}}, Vector{{0.5, inf}}}};
  const Result r = solve_least_squares(rosenbrock, Vector{{-1.2, 1.0}}, options, Stop{.g_abstol = 0},
                                       Observer{.callback = {}, .every = 1, .trace = Trace::with_x});
  ASSERT_TRUE(r.converged()) << r.brief();
  ASSERT_GT(r.trace.size(), 3u);
  EXPECT_NEAR(r.x[0], 0.5, 1e-9);
  EXPECT_NEAR(r.x[1], 0.25, 1e-9);
  for (const IterationRecord& rec : r.trace) EXPECT_LT((*rec.x)[0], 0.5);  // strictly inside, always
  ASSERT_TRUE(r.kkt);
  EXPECT_NEAR(r.kkt->upper_bound_multipliers[0], 0.5, 1e-6);  // −∂F/∂x₁ = 1 − x₁ at the bound
  EXPECT_EQ(r.kkt->lower_bound_multipliers[0], 0.0);
  EXPECT_LE(r.kkt->stationarity, 1e-9);
  EXPECT_TRUE(r.kkt->feasible);
}

TEST(TrustRegionReflective, StartOutsideTheBoxIsProjectedAndSaid) {
  const NistProblem p = load_nist("Misra1a");
  LeastSquaresOptions options{.method = TrustRegionReflective{}, .bounds = {Vector{{0.0, 0.0}}, Vector{{1000.0, 1e-3}}}};
  const Result r = solve_least_squares(p.residuals(), Vector{{2000.0, -1.0}}, options, Stop{.g_abstol = 0});
  EXPECT_TRUE(r.converged()) << r.brief();
  EXPECT_NE(r.message.find("outside the bounds and was projected onto them: x0[0] = 2000 -> 1000, x0[1] = -1 -> 0"),
            std::string::npos)
      << r.message;
  EXPECT_NEAR(r.x[0], p.certified[0].value, 1e-4 * p.certified[0].value);
}

TEST(TrustRegionReflective, BadBounds) {
  const NistProblem p = load_nist("Misra1a");
  auto message = [&](const LeastSquaresOptions& options) {
    try {
      solve_least_squares(p.residuals(), p.start(1), options);
    } catch (const InvalidArgument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const TrustRegionReflective trf;
  EXPECT_NE(message({.method = trf, .bounds = {Vector{{1.0, 0.0}}, Vector{{0.0, 1.0}}}}).find("lower"), std::string::npos);
  EXPECT_NE(message({.method = trf, .bounds = {Vector{{1.0, 0.0}}, Vector{{1.0, 1.0}}}}).find("must be < upper[0]"),
            std::string::npos);
  EXPECT_NE(message({.method = trf, .bounds = {Vector{{0.0}}, Vector{}}}).find("lower"), std::string::npos);
  EXPECT_NE(message({.method = trf, .bounds = {Vector{{std::nan(""), 0.0}}, Vector{}}}), "no error");
  EXPECT_NE(message({.bounds = {Vector{{0.0, 0.0}}, Vector{}}}).find("bounds need the trf method"), std::string::npos);
  EXPECT_THROW(TrustRegionReflective{.f_reltol = -1}.validate(), InvalidArgument);
}

TEST(CurveFitSigma, WeightsDivideResidualsAndBadSigmaIsRejected) {
  DataTable table;
  table.names = {"x", "y"};
  table.values = Matrix{{1, 2.1}, {2, 3.9}, {3, 6.2}, {4, 7.8}};
  const Vector sigma{{0.5, 1.0, 2.0, 4.0}};
  const ResidualObjective plain = formula_residuals("a*x", {"a"}, table, "y");
  const ResidualObjective weighted = formula_residuals("a*x", {"a"}, table, "y", sigma);
  Vector r1(4), r2(4);
  Matrix j1(4, 1), j2(4, 1);
  plain(Vector{{1.5}}, r1, &j1);
  weighted(Vector{{1.5}}, r2, &j2);
  EXPECT_LE((r2 - r1.cwiseQuotient(sigma)).norm(), 1e-15);
  EXPECT_LE((j2 - Matrix(j1.array().colwise() / sigma.array())).norm(), 1e-15);
  // Weighted linear fit y = a x: a = Σ w x y / Σ w x², var(a) = 1 / Σ w x² with absolute sigma.
  const Vector w = sigma.cwiseAbs2().cwiseInverse(), x = table.values.col(0), y = table.values.col(1);
  const double sxx = (w.array() * x.array().square()).sum();
  const Result fit = solve_least_squares(weighted, Vector{{1.0}}, LeastSquaresOptions{.absolute_sigma = true}, Stop{.g_abstol = 0});
  // To 1e-8: Levenberg–Marquardt's relative-reduction test (1e-14 on ‖r‖²) ends it ~1e-9 away.
  EXPECT_NEAR(fit.x[0], (w.array() * x.array() * y.array()).sum() / sxx, 1e-8);
  EXPECT_NEAR(fit.least_squares->covariance(0, 0), 1.0 / sxx, 1e-12);

  auto message = [&](const Vector& s) {
    try {
      formula_residuals("a*x", {"a"}, table, "y", s);
    } catch (const InvalidArgument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message(Vector{{1, 0, 1, 1}}).find("sigma[1] = 0 (row 2): standard deviations must be finite and > 0"),
            std::string::npos);
  EXPECT_NE(message(Vector{{1, 1, -2, 1}}).find("sigma[2] = -2"), std::string::npos);
  EXPECT_NE(message(Vector{{1, 1, 1, std::nan("")}}).find("sigma[3] = nan"), std::string::npos);
  EXPECT_NE(message(Vector{{1, 1, 1}}).find("sigma has 3 entries but the data have 4 rows"), std::string::npos);
}

}  // namespace
}  // namespace minima
