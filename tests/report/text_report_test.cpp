// The human report: every line, and the abbreviation of long vectors.
#include <gtest/gtest.h>

#include "minima/report/text_report.hpp"

namespace minima {
namespace {

TEST(TextReport, FormatVector) {
  Vector x(3);
  x << 1, -0.5, 1e-9;
  EXPECT_EQ(format_vector(x), "[1, -0.5, 1e-09]");
  EXPECT_EQ(format_vector(Vector()), "[]");
  Vector y = Vector::LinSpaced(100, 1, 100);
  EXPECT_EQ(format_vector(y), "[1, 2, 3, 4, 5, …, 100]  (n = 100)");
  EXPECT_EQ(format_vector(y, 3), "[1, 2, …, 100]  (n = 100)");
}

TEST(TextReport, AllFields) {
  Result r;
  r.x = Vector::Ones(2);
  r.f = 1.23456789012345e-14;
  r.gradient_norm = 3.1e-9;
  r.status = Status::converged_gradient;
  r.message = "‖∇f‖∞ = 3.1e-09 ≤ 1e-08";
  r.method = "lbfgs";
  r.iterations = 33;
  r.evaluations = {40, 40, 0};
  r.seconds = 0.00123;
  EXPECT_EQ(result_report(r),
            "method       lbfgs\n"
            "status       converged_gradient: ‖∇f‖∞ = 3.1e-09 ≤ 1e-08\n"
            "f            1.23456789012e-14\n"
            "‖∇f‖∞        3.1e-09\n"
            "x            [1, 1]\n"
            "iterations   33\n"
            "evaluations  f 40, ∇f 40, ∇²f 0\n"
            "seconds      0.00123\n");
}

TEST(TextReport, KktLinesForConstrainedResults) {
  Result r;
  r.x = Vector::Zero(2);
  r.status = Status::infeasible;
  EXPECT_EQ(result_report(r).find("kkt"), std::string::npos);
  KktReport k;
  k.primal_feasibility = 0.5;
  k.inequality_multipliers = Vector::Constant(1, 2.0);
  k.upper_bound_multipliers = Vector::Zero(2);
  r.kkt = k;
  const std::string text = result_report(r);
  EXPECT_NE(text.find("feasible     no\n"), std::string::npos) << text;
  EXPECT_NE(text.find("primal 0.5"), std::string::npos) << text;
  EXPECT_NE(text.find("alpha (h<=0) [2]"), std::string::npos) << text;
  EXPECT_EQ(text.find("z upper"), std::string::npos) << text;  // all-zero bound multipliers are not shown
}

TEST(TextReport, FailedRunWithoutMessage) {
  Result r;  // defaults: invalid_input, NaN f, empty x
  const std::string text = result_report(r);
  EXPECT_NE(text.find("status       invalid_input\n"), std::string::npos) << text;
  EXPECT_NE(text.find("f            nan\n"), std::string::npos);
  EXPECT_NE(text.find("x            []\n"), std::string::npos);
}

}  // namespace
}  // namespace minima
