// minima minimize with the derivative-free methods: names, bounds, --target, --max-evals, errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_run.hpp"

namespace {

using minima_cli_test::expect_one_line_error;
using minima_cli_test::run;

TEST(DerivativeFreeCli, BothMethodsSolveRosenbrockWithoutGradients) {
  for (const char* method : {"nelder-mead", "bobyqa"}) {
    const auto r = run(std::string("minimize --expr '100*(y-x^2)^2+(1-x)^2' --x0 -1.2,1 --method ") + method +
                       " --json");
    ASSERT_EQ(r.code, 0) << method << ": " << r.out << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["method"], method);
    EXPECT_EQ(j["status"], "converged_step");
    // Both stop on x (Stop-free tests of their own at 1e-8 scales); in Rosenbrock's valley f ≈ 1e-11
    // leaves x determined to a few 1e-6 (2.5e-6 in an AVX-512 build).
    EXPECT_NEAR(j["x"][0].get<double>(), 1.0, 1e-5) << method;
    EXPECT_LT(j["f"].get<double>(), 1e-10) << method;
    EXPECT_EQ(j["evaluations"]["gradient"].get<long>(), 0) << method;
  }
}

TEST(DerivativeFreeCli, TextReportHasNoGradientLine) {
  const auto r = run("minimize --problem beale --method bobyqa");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("‖∇f‖∞  "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("f "), std::string::npos) << r.out;
}

TEST(DerivativeFreeCli, BoundsStartOutsideAndFixedVariables) {
  auto r = run("minimize --problem rosenbrock --method bobyqa --lower -2,-2 --upper 0.5,2 --x0 3,1 --json");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_NEAR(j["x"][0].get<double>(), 0.5, 1e-7);
  EXPECT_NEAR(j["f"].get<double>(), 0.25, 1e-9);
  EXPECT_NE(j["message"].get<std::string>().find("projected"), std::string::npos) << j["message"];
  r = run("minimize --problem rosenbrock --method nelder-mead --lower 0.5,-2 --upper 0.5,2 --json");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["x"][0].get<double>(), 0.5);
  EXPECT_NEAR(j["x"][1].get<double>(), 0.25, 1e-6);
}

TEST(DerivativeFreeCli, TargetAndEvaluationLimit) {
  auto r = run("minimize --problem rosenbrock --method nelder-mead --target 1e-2 --json");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["status"], "target_reached");
  r = run("minimize --problem rosenbrock --method bobyqa --max-evals 15 --json");
  EXPECT_EQ(r.code, 3) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["status"], "max_evaluations");
  EXPECT_LE(j["evaluations"]["function"].get<long>(), 17);
  // --max-evals and --target work for the gradient methods too.
  r = run("minimize --problem rosenbrock --method lbfgs --max-evals 5 --json");
  EXPECT_EQ(r.code, 3) << r.out << r.err;
}

TEST(DerivativeFreeCli, GeneralConstraintsRunTheAugmentedLagrangianWithTheMethodInside) {
  // min x² + y² s.t. x + y ≥ 1 (and x ≤ 0.8): (0.5, 0.5), f = 0.5; without any gradient.
  for (const char* method : {"bobyqa", "nelder-mead"}) {
    const auto r = run(std::string("minimize --expr 'x^2+y^2' --x0 2,-1 --subject-to 'x+y>=1' --upper 0.8,5 "
                                   "--method ") +
                       method + " --json");
    ASSERT_EQ(r.code, 0) << method << ": " << r.out << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["method"], std::string("augmented-lagrangian (inner ") + method + ")");
    EXPECT_EQ(j["status"], "converged_step") << j["message"];
    EXPECT_NEAR(j["x"][0].get<double>(), 0.5, 1e-6) << method;
    EXPECT_NEAR(j["x"][1].get<double>(), 0.5, 1e-6) << method;
    EXPECT_EQ(j["evaluations"]["gradient"].get<long>(), 0) << method;
  }
}

TEST(DerivativeFreeCli, BadInput) {
  expect_one_line_error(run("minimize --problem rosenbrock --method bobyqa --max-evals 0"), "--max-evals 0");
  expect_one_line_error(run("minimize --problem rosenbrock --method bobyqa --lower 1 --upper 0"), "lower");
  expect_one_line_error(run("minimize --problem rosenbrock --method nelder-mead --target nan"), "target");
}

}  // namespace
