// minima minimize: one flag per Stop field (each reaches its stopping test: the status says which
// fired), their defaults shown by --help from Stop{}, bad values as one-line errors naming the flag,
// "auto" reported as the method that ran, and the constrained catalogue through --problem.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include <fmt/format.h>

#include "cli_run.hpp"
#include "minima/core/stop.hpp"
#include "minima/problems/constrained_problem.hpp"

namespace {

using minima_cli_test::CliRun;
using minima_cli_test::expect_one_line_error;
using minima_cli_test::run;

nlohmann::json run_json(const std::string& args, int expected_code) {
  const CliRun r = run(args + " --json");
  EXPECT_EQ(r.code, expected_code) << args << "\n" << r.err;
  return r.out.empty() ? nlohmann::json() : nlohmann::json::parse(r.out);
}

// A quadratic whose minimum f = 3 is not 0, so the relative f test can fire; --gtol 0 switches the
// gradient test off so that the test under study is the one that ends the run.
const std::string kShifted = "minimize --expr '(x-1)^2+10*(y+2)^2+3' --x0 5,5 --method lbfgs --gtol 0";

TEST(MinimizeStopFlags, EachFlagReachesItsStoppingTest) {
  EXPECT_EQ(run_json(kShifted + " --ftol 1e-6", 0)["status"], "converged_function");
  EXPECT_EQ(run_json(kShifted + " --ftol-rel 1e-6", 0)["status"], "converged_function");
  EXPECT_EQ(run_json(kShifted + " --xtol 1e-6", 0)["status"], "converged_step");
  EXPECT_EQ(run_json(kShifted + " --xtol-rel 1e-6", 0)["status"], "converged_step");
  EXPECT_EQ(run_json(kShifted + " --target 3.5", 0)["status"], "target_reached");
  EXPECT_EQ(run_json(kShifted + " --max-iter 1", 3)["status"], "max_iterations");
  EXPECT_EQ(run_json(kShifted + " --max-evals 2", 3)["status"], "max_evaluations");
  EXPECT_EQ(run_json("minimize --problem extended-rosenbrock --dim 1000 --method lbfgs --time-limit 1e-9",
                     3)["status"],
            "time_limit");
  EXPECT_EQ(run_json("minimize --expr 'x^2' --x0 100 --method lbfgs --divergence-limit 10", 1)["status"],
            "diverged");
  // --gtol: a looser tolerance stops earlier, by the gradient test.
  const auto loose = run_json("minimize --problem rosenbrock --method lbfgs --gtol 1e-2", 0);
  const auto tight = run_json("minimize --problem rosenbrock --method lbfgs", 0);
  EXPECT_EQ(loose["status"], "converged_gradient");
  EXPECT_LE(loose["gradient_norm"].get<double>(), 1e-2);
  EXPECT_LT(loose["iterations"].get<long>(), tight["iterations"].get<long>());
}

TEST(MinimizeStopFlags, HelpShowsTheDefaultsOfStop) {
  const CliRun r = run("minimize --help");
  ASSERT_EQ(r.code, 0) << r.err;
  const minima::Stop stop;
  // CLI11 prints a double's default through an ostream (1e-08, 1e+150).
  auto shown = [](double v) {
    std::ostringstream s;
    s << v;
    return s.str();
  };
  EXPECT_NE(r.out.find(fmt::format("--max-iter INT:INT={}", stop.max_iterations)), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("--gtol FLOAT=" + shown(stop.g_abstol)), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--ftol FLOAT=" + shown(stop.f_abstol)), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--xtol-rel FLOAT=" + shown(stop.x_reltol)), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--divergence-limit FLOAT=" + shown(stop.divergence_limit)), std::string::npos)
      << r.out;
  for (const char* flag : {"--max-evals", "--time-limit", "--target", "--xtol ", "--ftol-rel"})
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
}

TEST(MinimizeStopFlags, BadValuesAreOneLineErrorsNamingTheFlag) {
  const std::string base = "minimize --problem rosenbrock ";
  for (const char* flag : {"--gtol", "--xtol", "--xtol-rel", "--ftol", "--ftol-rel"}) {
    expect_one_line_error(run(base + flag + " -1"), std::string(flag) + " -1: must be finite and >= 0");
    expect_one_line_error(run(base + flag + " inf"), std::string(flag) + " inf: must be finite");
    expect_one_line_error(run(base + flag + " abc"), flag);
  }
  expect_one_line_error(run(base + "--time-limit 0"), "--time-limit 0: must be > 0 seconds");
  expect_one_line_error(run(base + "--time-limit -5"), "--time-limit -5");
  expect_one_line_error(run(base + "--time-limit nan"), "--time-limit nan");
  expect_one_line_error(run(base + "--max-evals 0"), "--max-evals 0: must be > 0");
  expect_one_line_error(run(base + "--max-evals 1.5"), "--max-evals");
  expect_one_line_error(run(base + "--target nan"), "--target nan");
  expect_one_line_error(run(base + "--divergence-limit 0"), "--divergence-limit 0: must be > 0");
  expect_one_line_error(run(base + "--max-iter -1"), "--max-iter");
}

TEST(MinimizeMethod, AutoIsResolvedByTheLibraryAndReported) {
  // Formulas have exact Hessians: the unconstrained rule takes trust-region-cg.
  EXPECT_EQ(run_json("minimize --problem rosenbrock", 0)["method"], "trust-region-cg");
  EXPECT_EQ(run_json("minimize --problem rosenbrock --method auto", 0)["method"], "trust-region-cg");
  EXPECT_EQ(run_json("minimize --expr 'x^2+y^2' --lower 1,1", 0)["method"], "lbfgsb");
  EXPECT_EQ(run_json("minimize --expr 'x+y' --subject-to 'x^2+y^2<=1'", 0)["method"], "sqp");
  expect_one_line_error(run("minimize --problem rosenbrock --method fastest"), "unknown");
}

TEST(MinimizeProblem, ReachesTheConstrainedCatalogue) {
  const minima::ConstrainedProblem hs071 = minima::make_constrained_problem("hs071");
  const auto j = run_json("minimize --problem hs071", 0);
  EXPECT_EQ(j["method"], "sqp");
  EXPECT_EQ(j["feasible"], true);
  EXPECT_NEAR(j["f"].get<double>(), hs071.f_min, hs071.precision * std::max(1.0, std::abs(hs071.f_min)));
  ASSERT_EQ(j["x"].size(), static_cast<std::size_t>(hs071.dimension()));
  const auto al = run_json("minimize --problem hs071 --method augmented-lagrangian", 0);
  EXPECT_EQ(al["method"], "augmented-lagrangian");
  EXPECT_NEAR(al["f"].get<double>(), hs071.f_min, 1e-6 * std::abs(hs071.f_min));
  // The text report lists the problem's constraints.
  const CliRun text = run("minimize --problem hs071");
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("subject to " + hs071.constraints.equality_names.at(0)), std::string::npos)
      << text.out;
  // It is listed, and what does not apply to it is refused.
  EXPECT_NE(run("problems").out.find("hs071"), std::string::npos);
  expect_one_line_error(run("minimize --problem hs071 --dim 5"), "--dim");
  expect_one_line_error(run("minimize --problem hs071 --lower 0"), "own constraints");
  expect_one_line_error(run("minimize --problem hs071 --x0 1,2"), "--x0 has 2 values");
  expect_one_line_error(run("minimize --problem hs071 --method bfgs --subject-to 'x1<=1'"), "needs --expr");
  expect_one_line_error(run("minimize --problem hs999"), "hs999");
}

}  // namespace
