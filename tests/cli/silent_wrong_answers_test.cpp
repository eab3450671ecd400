// Regression tests for the answers that were wrong without saying so (found by fuzzing and by bad
// input on every command): each reproducer as a user meets it on the command line.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "cli_run.hpp"

namespace minima_cli_test {
namespace {

using Json = nlohmann::json;

Json json_of(const CliRun& r) {
  try {
    return Json::parse(r.out);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not JSON: " << e.what() << "\n" << r.out << r.err;
    return {};
  }
}

// Exact Hessians of non-integer constant exponents: Newton converges on these convex functions.
TEST(SilentWrongAnswers, NewtonWithNonIntegerExponents) {
  // x^1.5 + (y−1)^2 from (2, 0) was singular_hessian (the Hessian of x^1); with the right one the
  // pure Newton step maps x to −x (out of the domain), which is reported as such, not as singular.
  const CliRun p = run("minimize --expr \"x^1.5+(y-1)^2\" --x0 2,0 --method newton --json");
  EXPECT_EQ(json_of(p).value("status", ""), "non_finite_value") << p.out;
  for (const char* args : {"--expr \"(x^2+1)^1.5\" --x0 3", "--expr \"x^2.5-5*x\" --x0 2"}) {
    const CliRun r = run(std::string("minimize ") + args + " --method newton --json");
    const Json j = json_of(r);
    EXPECT_EQ(r.code, 0) << args << "\n" << r.out << r.err;
    EXPECT_TRUE(j.value("converged", false)) << args << "\n" << r.out;
    ASSERT_TRUE(j.contains("second_order")) << r.out;
    EXPECT_TRUE(j["second_order"]["holds"].get<bool>()) << r.out;
  }
  // (x^2+1)^1.5 is minimized at 0; x^2.5 - 5x at x = 2^(2/3).
  const Json a = json_of(run("minimize --expr \"(x^2+1)^1.5\" --x0 3 --method newton --json"));
  EXPECT_NEAR(a["x"][0].get<double>(), 0.0, 1e-8);
  const Json b = json_of(run("minimize --expr \"x^2.5-5*x\" --x0 2 --method newton --json"));
  EXPECT_NEAR(b["x"][0].get<double>(), std::pow(2.0, 2.0 / 3.0), 1e-8);
}

// A function with no minimum is never reported converged by the bound-constrained methods.
TEST(SilentWrongAnswers, UnboundedBelowIsNotConvergence) {
  for (const char* method : {"projected-gradient", "lbfgsb"}) {
    const CliRun r = run(std::string("minimize --expr x --x0 0 --method ") + method + " --lower -inf --json");
    const Json j = json_of(r);
    EXPECT_NE(r.code, 0) << method << "\n" << r.out;
    EXPECT_FALSE(j.value("converged", true)) << method << "\n" << r.out;
  }
}

// A stationary point that is a maximum is left (or reported), never called a minimum.
TEST(SilentWrongAnswers, SecondOrderVerdictAtAMaximum) {
  for (const char* method : {"newton", "trust-region-cg"}) {
    const CliRun r = run(std::string("minimize --expr \"-x^2\" --x0 0 --method ") + method + " --json");
    const Json j = json_of(r);
    EXPECT_FALSE(j.value("converged", true)) << method << "\n" << r.out;
    EXPECT_NE(r.code, 0) << method;
    ASSERT_TRUE(j.contains("second_order")) << r.out;
    EXPECT_FALSE(j["second_order"]["holds"].get<bool>()) << r.out;
  }
  // A saddle: the run leaves it along negative curvature and finds the true minimum of
  // x^2 + (y^2 - 1)^2 at (0, ±1), from the saddle (0, 0).
  const Json s = json_of(run("minimize --expr \"x^2+(y^2-1)^2\" --x0 0,0 --method newton --json"));
  EXPECT_TRUE(s.value("converged", false)) << s.dump();
  EXPECT_NEAR(std::abs(s["x"][1].get<double>()), 1.0, 1e-6) << s.dump();
  EXPECT_TRUE(s["second_order"]["holds"].get<bool>());
  EXPECT_GE(s["second_order"]["escapes"].get<int>(), 1);
}

// Resources: a population larger than the budget, a dimension past the machine's memory — refused
// up front with one line, not gigabytes later.
TEST(SilentWrongAnswers, ResourcesAreCheckedUpFront) {
  expect_one_line_error(run("blackbox --problem rosenbrock --population 1000000000 --budget 2000"),
                        "larger than --budget");
  expect_one_line_error(run("minimize --problem extended-rosenbrock --dim 100000000000 --method lbfgs"),
                        "GB of memory");
  expect_one_line_error(run("minimize --problem extended-rosenbrock --dim 1000000 --method bfgs"),
                        "GB of memory");
  // A box whose width overflows has no point to report.
  expect_one_line_error(run("blackbox --expr \"x^2\" --lower -1e308 --upper 1e308 --budget 100"),
                        "overflows");
}

TEST(SilentWrongAnswers, OutputPathsAreCheckedBeforeTheRun) {
  const auto file = write_temp_file("minima_not_a_folder", "x");
  expect_one_line_error(run("reproduce numerics --out " + file.string()), "--out");
  expect_one_line_error(run("vae --generate cosine --epochs 1 --save /nonexistent-dir/m.json"), "--save");
}

TEST(SilentWrongAnswers, NumbersAsWritten) {
  // --gtol inf would stop at x0; a subnormal start is finite.
  expect_one_line_error(run("minimize --problem rosenbrock --gtol inf"), "--gtol inf: must be finite");
  const CliRun sub = run("minimize --expr \"(x-1)^2\" --x0 1e-320 --json");
  EXPECT_EQ(sub.code, 0) << sub.out << sub.err;
  // Whole numbers are refused out of range, not wrapped or clamped.
  EXPECT_EQ(run("blackbox --problem rosenbrock --seed -1 --budget 100").code, 2);
  EXPECT_EQ(run("minimize --problem rosenbrock --max-iter 99999999999999999999").code, 2);
  EXPECT_EQ(run("minimize --problem rosenbrock --max-iter 1e20").code, 2);
}

TEST(SilentWrongAnswers, ByteOrderMarkIsNotPartOfTheFirstName) {
  const auto csv = write_temp_file("minima_bom.csv", "\xEF\xBB\xBFx,y\n1,2\n2,4.1\n3,5.9\n4,8.2\n");
  const CliRun r = run("regress --csv " + csv.string() + " --target y --json");
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("\xEF\xBB\xBF"), std::string::npos) << r.out;
}

TEST(SilentWrongAnswers, NestingLimitIsStatedInParentheses) {
  std::string deep(300, '(');
  deep += "x" + std::string(300, ')');
  const CliRun r = run("minimize --expr \"" + deep + "\" --x0 1");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("250 levels"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace minima_cli_test
