// The minima executable end to end: exit codes, one-line errors, --json fields, listings.
#include <gtest/gtest.h>

#include "cli_run.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

using minima_cli_test::CliRun;
using minima_cli_test::expect_one_line_error;
using minima_cli_test::run;
using minima_cli_test::run_command;
using minima_cli_test::temp_path;

int count_lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

TEST(Cli, MinimizeFormulaJson) {
  CliRun r = run("minimize --expr '100*(y-x^2)^2+(1-x)^2' --x0 -1.2,1 --method bfgs --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["status"], "converged_gradient");
  EXPECT_EQ(j["method"], "bfgs");
  EXPECT_NEAR(j["x"][0].get<double>(), 1.0, 1e-6);
  EXPECT_NEAR(j["x"][1].get<double>(), 1.0, 1e-6);
  EXPECT_LT(j["f"].get<double>(), 1e-12);
  for (const char* key : {"gradient_norm", "message", "iterations", "seconds"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_GT(j["evaluations"]["function"].get<long>(), 0);
  EXPECT_GT(j["evaluations"]["gradient"].get<long>(), 0);
  EXPECT_TRUE(j["evaluations"].contains("hessian"));
}

TEST(Cli, MinimizeProblemWithEveryMethodName) {
  CliRun methods = run("methods");
  ASSERT_EQ(methods.code, 0);
  EXPECT_GE(count_lines(methods.out), 10);
  CliRun r = run("minimize --problem rosenbrock --method trust-region-dogleg");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("converged_gradient"), std::string::npos) << r.out;
  CliRun ext = run("minimize --problem extended-rosenbrock --dim 1000 --method lbfgs --json");
  ASSERT_EQ(ext.code, 0) << ext.err;
  EXPECT_EQ(nlohmann::json::parse(ext.out)["x"].size(), 1000u);
}

TEST(Cli, ProblemsListsOneLineEach) {
  CliRun r = run("problems");
  ASSERT_EQ(r.code, 0);
  EXPECT_GE(count_lines(r.out), 16);
  EXPECT_NE(r.out.find("extended-rosenbrock"), std::string::npos);
}

TEST(Cli, VarsOrderAndTrace) {
  const auto trace = temp_path("minima_cli_trace.csv");
  CliRun r =
      run("minimize --expr '(x-1)^2 + 10*(y+2)^2' --vars y,x --x0 0,0 --method newton --json --trace " +
          trace.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_NEAR(j["x"][0].get<double>(), -2.0, 1e-9);  // y first
  EXPECT_NEAR(j["x"][1].get<double>(), 1.0, 1e-9);
  std::ifstream in(trace);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header.rfind("iteration,f,", 0), 0u) << header;
  std::string row;
  int rows = 0;
  while (std::getline(in, row)) ++rows;
  EXPECT_EQ(rows, j["iterations"].get<int>() + 1);
  std::filesystem::remove(trace);
}

// Bad input: a one-line message on stderr and a non-zero exit, never a crash.
void expect_error(const std::string& args, const std::string& fragment, int code = 2) {
  CliRun r = run(args);
  EXPECT_EQ(r.code, code) << args << "\n" << r.out << r.err;
  EXPECT_EQ(count_lines(r.err), 1) << args << "\n" << r.err;
  EXPECT_NE(r.err.find(fragment), std::string::npos) << args << "\n" << r.err;
  EXPECT_EQ(r.err.rfind("minima: error: ", 0), 0u) << r.err;
}

TEST(Cli, BadInputGivesOneLineErrors) {
  expect_error("minimize --problem rosenbrock --x0 1,nan", "not finite");
  expect_error("minimize --problem rosenbrock --x0 1,inf", "not finite");
  expect_error("minimize --problem rosenbrock --x0 1,2,3", "3 values");
  expect_error("minimize --problem rosenbrock --x0 1,abc", "not a number");
  expect_error("minimize --problem rosenbrock --x0 ''", "empty");
  expect_error("minimize --problem rosenbrock --trace /nonexistent-dir/t.csv", "cannot write");
  expect_error("minimize --problem no-such-problem", "no-such-problem");
  expect_error("minimize --problem rosenbrock --method no-such-method", "unknown method");
  expect_error("minimize --expr '(x+1' --x0 0", "position");
  expect_error("minimize --expr 'x+*y'", "position");
  expect_error("minimize --expr 'foo(x)'", "foo");
  expect_error("minimize --problem extended-rosenbrock --dim 3", "3");
  expect_error("minimize", "nothing to minimize");
  expect_error("reproduce no-such-experiment", "unknown experiment");
  expect_error("reproduce eda --quick --threads -1", "--threads");
}

TEST(Cli, NonFiniteFormulaIsReportedNotConverged) {
  // log(x) is NaN for x < 0 and unbounded below as x → 0+: the run must end with a failure status,
  // never "converged" with NaN.
  CliRun r = run("minimize --expr 'log(x)' --x0 1 --method gd-fixed --step 10 --json");
  EXPECT_NE(r.code, 0);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_NE(j["status"], "converged_gradient");
  EXPECT_TRUE(j["status"] == "non_finite_value" || j["status"] == "diverged") << j["status"];
  CliRun nan_start = run("minimize --expr 'sqrt(x)' --x0 -1 --json");
  EXPECT_EQ(nan_start.code, 1);
  EXPECT_EQ(nlohmann::json::parse(nan_start.out)["status"], "non_finite_value");
}

TEST(Cli, ConstrainedMinimizeReportsMultipliersAndKkt) {
  // min x + y on the unit disk: x = y = −1/√2 with multiplier 1/√2.
  CliRun r = run("minimize --expr 'x+y' --subject-to 'x^2+y^2<=1' --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["status"], "converged_kkt");
  EXPECT_EQ(j["method"], "sqp");  // the default for small general-constrained problems
  EXPECT_EQ(j["feasible"], true);
  EXPECT_NEAR(j["x"][0].get<double>(), -1 / std::sqrt(2.0), 1e-9);
  EXPECT_NEAR(j["kkt"]["multipliers"]["inequality"][0].get<double>(), 1 / std::sqrt(2.0), 1e-8);
  for (const char* key :
       {"stationarity", "primal_feasibility", "dual_feasibility", "complementary_slackness"})
    EXPECT_LE(j["kkt"][key].get<double>(), 1e-8) << key;
  // >= and = forms, and an inner method chosen by --method.
  CliRun eq =
      run("minimize --expr 'x^2+y^2' --subject-to 'x+y=1' --subject-to 'x>=0.7' --method bfgs --json");
  ASSERT_EQ(eq.code, 0) << eq.err;
  const auto je = nlohmann::json::parse(eq.out);
  EXPECT_NEAR(je["x"][0].get<double>(), 0.7, 1e-9);
  EXPECT_NEAR(je["x"][1].get<double>(), 0.3, 1e-9);
  EXPECT_NE(je["method"].get<std::string>().find("bfgs"), std::string::npos);
  // The human report shows the KKT line and the feasibility flag.
  CliRun text = run("minimize --expr 'x+y' --subject-to 'x^2+y^2<=1'");
  ASSERT_EQ(text.code, 0);
  EXPECT_NE(text.out.find("kkt"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("feasible     yes"), std::string::npos) << text.out;
}

TEST(Cli, BoundsDefaultToLbfgsbAndProjectTheStart) {
  CliRun r = run("minimize --problem rosenbrock --upper 0.5,inf --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["method"], "lbfgsb");
  EXPECT_NEAR(j["x"][0].get<double>(), 0.5, 1e-10);
  EXPECT_NEAR(j["x"][1].get<double>(), 0.25, 1e-8);
  EXPECT_NEAR(j["kkt"]["multipliers"]["upper_bound"][0].get<double>(), 1.0, 1e-7);
  CliRun p = run(
      "minimize --expr '(x-2)^2+(y+1)^2' --lower 0 --upper 1 --x0 5,5 --method projected-gradient --json");
  ASSERT_EQ(p.code, 0) << p.err;
  const auto jp = nlohmann::json::parse(p.out);
  EXPECT_EQ(jp["x"][0].get<double>(), 1.0);
  EXPECT_EQ(jp["x"][1].get<double>(), 0.0);
  EXPECT_NE(jp["message"].get<std::string>().find("projected"), std::string::npos);
}

TEST(Cli, InfeasibleConstraintsAreReportedNotSolved) {
  CliRun r = run("minimize --expr 'x^2' --subject-to 'x<=0' --subject-to 'x>=1' --json");
  EXPECT_EQ(r.code, 1);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["status"], "infeasible");
  EXPECT_EQ(j["feasible"], false);
  EXPECT_NEAR(j["x"][0].get<double>(), 0.5, 1e-6);
}

TEST(Cli, BadConstrainedInputGivesOneLineErrors) {
  expect_error("minimize --expr 'x^2+y^2' --lower 2,0 --upper 1,1", "exceeds upper bound");
  expect_error("minimize --expr 'x^2' --lower nan", "NaN");
  expect_error("minimize --expr 'x^2+y^2' --lower 0,0,0", "3 values for 2 variables");
  expect_error("minimize --expr 'x+y' --subject-to 'x^2+*y<=1'", "position 5");
  expect_error("minimize --expr 'x+y' --subject-to 'x+y'", "expected a comparison");
  expect_error("minimize --expr 'x+y' --subject-to 'x<y'", "use <= or >=");
  expect_error("minimize --expr 'x+y' --subject-to 'x+z<=1'", "unknown variable 'z'");
  expect_error("minimize --expr 'x+y' --lower 0 --method bfgs", "does not handle bounds");
  expect_error("minimize --problem rosenbrock --subject-to 'x<=1'", "needs --expr");
  expect_error("minimize --expr 'x+y' --subject-to 'x^2+y^2<=1' --method lbfgsb", "bound constraints only");
}

TEST(Cli, ReproduceConstrainedChecksDualAscentAgainstTheAugmentedLagrangian) {
  const auto dir = temp_path("minima_cli_reproduce_constrained");
  std::filesystem::remove_all(dir);
  // --strict changes nothing when every claim holds (it exits 1 only for a claim not reproduced).
  CliRun r = run("reproduce constrained --quick --strict --out " + dir.string());
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("6 of 6 checks passed"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::exists(dir / "constrained" / "solutions.csv"));
  EXPECT_TRUE(std::filesystem::exists(dir / "constrained" / "dual-ascent.png"));
  std::filesystem::remove_all(dir);
}

TEST(Cli, ReproduceWritesTablesAndPlots) {
  const auto dir = temp_path("minima_cli_reproduce");
  std::filesystem::remove_all(dir);
  CliRun r = run("reproduce local-methods --out " + dir.string());
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "local-methods" / "one-dimensional.md"));
  EXPECT_TRUE(std::filesystem::exists(dir / "local-methods" / "x4-trajectories.png"));
  CliRun n = run("reproduce numerics --out " + dir.string());
  ASSERT_EQ(n.code, 0) << n.out << n.err;
  EXPECT_NE(n.out.find("softmax"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(Cli, FindsItsDataWhenStartedFromPathAndNeedsNoneForBuiltInProblems) {
  // Started by bare name from PATH, in another folder: glibc names the program "minima" there, and
  // the data must still be found beside the real file (/proc/self/exe), not looked for nowhere.
  const std::filesystem::path binary = std::filesystem::absolute(MINIMA_BINARY);
  const CliRun from_path = run_command("cd / && PATH=" + binary.parent_path().string() +
                                       ":$PATH minima lsq --nist Misra1a --json");
  ASSERT_EQ(from_path.code, 0) << from_path.err;
  EXPECT_EQ(nlohmann::json::parse(from_path.out)["status"].get<std::string>().rfind("converged", 0), 0u);
  // A built-in unconstrained problem reads no data file, so a folder without them does not matter.
  const auto empty = temp_path("no_data");
  std::filesystem::create_directories(empty);
  const CliRun r = run_command("MINIMA_DATA_DIR=" + empty.string() + " " + std::string(MINIMA_BINARY) +
                               " minimize --problem rosenbrock --json");
  ASSERT_EQ(r.code, 0) << r.err;
}

TEST(Cli, StepIsRefusedWhereNoGradientDescentRuns) {
  // hs071 has bounds: the augmented Lagrangian runs lbfgsb inside, so --step would be ignored.
  expect_one_line_error(run("minimize --problem hs071 --method gd-fixed --step 1e9"), "--step");
}

}  // namespace
