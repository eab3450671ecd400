#include "minima/problems/external_program.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "minima/core/error.hpp"
#include "minima/evolution/black_box.hpp"
#include "minima/least_squares/least_squares.hpp"
#include "minima/unconstrained/minimize.hpp"

namespace minima {
namespace {

namespace fs = std::filesystem;

// A temp folder with small test programs (awk scripts start in about a millisecond).
class ExternalProgramTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("minima_ext_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string file(const std::string& name, const std::string& text, bool executable = false) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << text;
    if (executable) ::chmod(path.c_str(), 0755);
    return path.string();
  }
  // Σ (x_i − 1)² (fails with exit 1 where x_1 > fail_above); a log line first, as real programs do.
  std::string sphere_awk(double fail_above = 1e300) {
    return "awk -f " + file("sphere.awk", "{ if ($1 > " + std::to_string(fail_above) +
                                              ") { print \"out of range\" > \"/dev/stderr\"; exit 1 }\n"
                                              "  s = 0; for (i = 1; i <= NF; i++) s += ($i - 1) ^ 2;\n"
                                              "  print \"evaluating\"; printf \"%.17g\\n\", s }\n");
  }
  fs::path dir_;
};

TEST(ExternalProgramProtocol, FormatsAndParsesExactly) {
  Vector x(3);
  x << 0.1, -1.0 / 3.0, 1e-300;
  EXPECT_EQ(format_program_input(x), "0.10000000000000001 -0.33333333333333331 1e-300\n");
  auto numbers = parse_program_output("log: starting\nlog 2\n 1.5, -2e3\t7 \n\n");
  ASSERT_TRUE(numbers);
  EXPECT_EQ(*numbers, (std::vector<double>{1.5, -2e3, 7}));
  EXPECT_FALSE(parse_program_output(""));
  EXPECT_FALSE(parse_program_output("\n \n"));
  EXPECT_FALSE(parse_program_output("1.0\nvalue: 2\n"));  // the last line decides
  EXPECT_FALSE(parse_program_output("1.5x\n"));
}

TEST_F(ExternalProgramTest, MissingOrNotExecutableProgramIsAnErrorBeforeAnyRun) {
  EXPECT_THROW(ExternalProgram("/no/such/program"), InvalidArgument);
  EXPECT_THROW(ExternalProgram("no-such-program-minima-test"), InvalidArgument);
  const std::string plain = file("plain.sh", "echo 1\n", /*executable=*/false);
  try {
    ExternalProgram p(plain);
    FAIL() << "no exception";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("not an executable"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ExternalProgram(""), InvalidArgument);
  EXPECT_THROW(ExternalProgram("awk 'unbalanced"), InvalidArgument);
  EXPECT_THROW(ExternalProgram("cat", {.timeout = 0.0}), InvalidArgument);
}

TEST_F(ExternalProgramTest, PointArrivesBitForBit) {
  // cat echoes the line: the numbers read back must be the very doubles sent.
  ExternalProgram cat("cat");
  Vector x(4);
  x << std::nextafter(1.0, 2.0), -0.1, 1e-310, 123456789.123456789;
  const ProgramRun r = cat.run(x, 4);
  ASSERT_TRUE(r.ok) << r.error;
  for (Index i = 0; i < 4; ++i) EXPECT_EQ(r.numbers[static_cast<std::size_t>(i)], x[i]);
}

TEST_F(ExternalProgramTest, EachFailureSaysWhy) {
  const Vector x = Vector::Constant(2, 0.5);
  auto error_of = [&](const std::string& command, Index expected = 1, ExternalProgramSettings s = {}) {
    const ProgramRun r = ExternalProgram(command, s).run(x, expected);
    EXPECT_FALSE(r.ok) << command;
    return r.error;
  };
  EXPECT_NE(error_of("true").find("printed nothing"), std::string::npos);
  const std::string exit3 = error_of("sh -c 'echo first >&2; echo second >&2; exit 3'");
  EXPECT_NE(exit3.find("exited with status 3"), std::string::npos) << exit3;
  EXPECT_NE(exit3.find("stderr: first | second"), std::string::npos) << exit3;
  EXPECT_NE(error_of("sh -c 'kill -SEGV $$'").find("died on signal 11 (SIGSEGV)"), std::string::npos);
  EXPECT_NE(error_of("echo hello").find("is not a list of numbers: 'hello'"), std::string::npos);
  EXPECT_NE(error_of("echo nan").find("non-finite"), std::string::npos);
  EXPECT_NE(error_of("echo 1 2", 3).find("printed 2 numbers on its last line, expected 3"),
            std::string::npos);
}

TEST_F(ExternalProgramTest, TimeoutKillsTheWholeProcessGroup) {
  // The background sleep keeps stdout open: only killing the group ends it.
  const auto start = std::chrono::steady_clock::now();
  const ProgramRun r =
      ExternalProgram("sh -c 'sleep 30 & sleep 30'", {.timeout = 0.2}).run(Vector::Zero(1), 1);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("timed out after 0.2 s"), std::string::npos) << r.error;
  EXPECT_LT(seconds, 3.0);
}

TEST_F(ExternalProgramTest, ProgramThatIgnoresALongInputLineDoesNotHangOrKillUs) {
  // 20000 numbers are ~400 kB, more than a pipe holds; `echo` never reads them (EPIPE, not SIGPIPE).
  const ProgramRun r = ExternalProgram("echo 7").run(Vector::Constant(20000, 1.0 / 3.0), 1);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.numbers[0], 7.0);
}

TEST_F(ExternalProgramTest, GradientByParallelDifferencesMatchesTheAnalyticOne) {
  auto program = std::make_shared<const ExternalProgram>(sphere_awk());
  Vector x(3);
  x << 0.3, -2.0, 4.0;
  Vector g1, g3;
  const double f1 = external_objective(program, 3, 1)(x, &g1);
  const double f3 = external_objective(program, 3, 3)(x, &g3);
  EXPECT_DOUBLE_EQ(f1, (x.array() - 1).square().sum());
  const Vector exact = 2.0 * (x.array() - 1.0).matrix();
  EXPECT_LT((g1 - exact).cwiseAbs().maxCoeff(), 1e-8);
  EXPECT_EQ(f1, f3);
  EXPECT_EQ(g1, g3);  // the same runs, whatever the number at once
  EXPECT_EQ(program->runs(), 2 * (2 * 3 + 1));
}

TEST_F(ExternalProgramTest, LocalMethodConvergesOnAProgram) {
  auto program = std::make_shared<const ExternalProgram>(sphere_awk());
  const Result r = minimize(external_objective(program, 2, 2), Vector::Zero(2), Lbfgs{});
  explain_program_failures(const_cast<Result&>(r), *program);
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_NEAR(r.x[0], 1.0, 1e-6);
  EXPECT_NEAR(r.x[1], 1.0, 1e-6);
}

TEST_F(ExternalProgramTest, LocalMethodThatCannotGoOnReportsFunctionError) {
  auto program = std::make_shared<const ExternalProgram>("sh -c 'echo broken >&2; exit 2'");
  Result r = minimize(external_objective(program, 2, 1), Vector::Zero(2), Lbfgs{});
  explain_program_failures(r, *program);
  EXPECT_EQ(r.status, Status::function_error) << r.message;
  EXPECT_NE(r.message.find("exited with status 2 | stderr: broken"), std::string::npos) << r.message;
}

TEST_F(ExternalProgramTest, PopulationMethodRanksFailuresWorstAndIsThreadIndependent) {
  // The program fails for x_1 > 2: those points are counted and ranked worst; the run goes on.
  auto program = std::make_shared<const ExternalProgram>(sphere_awk(2.0));
  const BatchObjective f = external_batch_objective(program, 2);
  const Bounds box{Vector::Constant(2, -5.0), Vector::Constant(2, 5.0)};
  BlackBoxSettings s{.max_evaluations = 120, .seed = 7, .threads = 1};
  const Result serial = minimize_black_box(f, box, "cma-es", s);
  s.threads = 3;
  const Result parallel = minimize_black_box(f, box, "cma-es", s);
  ASSERT_TRUE(serial.population);
  EXPECT_GT(serial.population->failed_evaluations, 0);
  EXPECT_NE(serial.population->first_failure.find("exited with status 1 | stderr: out of range"),
            std::string::npos);
  EXPECT_LT(serial.f, 0.05);  // from a box of side 10 in 20 generations
  EXPECT_EQ(serial.x, parallel.x);
  EXPECT_EQ(serial.f, parallel.f);
  EXPECT_EQ(serial.population->failed_evaluations, parallel.population->failed_evaluations);
}

TEST_F(ExternalProgramTest, LeastSquaresOnAProgramMatchesTheClosedForm) {
  // r_i = a + b t_i − y_i for t = 0..4: ordinary least squares, whose answer is closed-form.
  const std::string script = file("line.awk",
                                  "{ split(\"1.1 2.9 5.2 7.1 8.8\", y, \" \");\n"
                                  "  for (i = 0; i < 5; i++) printf \"%.17g \", $1 + $2 * i - y[i + 1];\n"
                                  "  printf \"\\n\" }\n");
  auto program = std::make_shared<const ExternalProgram>("awk -f " + script);
  const ResidualObjective r = external_residuals(program, 5, 2, 2);
  Result fit = solve_least_squares(r, Vector::Zero(2), LevenbergMarquardt{});
  explain_program_failures(fit, *program);
  ASSERT_TRUE(fit.converged()) << fit.message;
  // b = Σ(t − t̄)(y − ȳ)/Σ(t − t̄)² = 19.6/10, a = ȳ − b t̄ = 5.02 − 1.96·2.
  EXPECT_NEAR(fit.x[1], 1.96, 1e-8);
  EXPECT_NEAR(fit.x[0], 5.02 - 1.96 * 2, 1e-8);
}

}  // namespace
}  // namespace minima
