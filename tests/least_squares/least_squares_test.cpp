// Levenberg–Marquardt and Gauss–Newton on problems with known answers, the Jacobian builders, the
// fit statistics against closed forms, curve fitting through a CSV table, and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "minima/core/error.hpp"
#include "minima/least_squares/curve_fit.hpp"
#include "minima/least_squares/least_squares.hpp"
#include "minima/numerics/residual_derivatives.hpp"
#include "minima/problems/csv_data.hpp"
#include "minima/problems/data_files.hpp"
#include "minima/problems/nist.hpp"

namespace minima {
namespace {

// Rosenbrock as residuals: r = (10(x₂ − x₁²), 1 − x₁), minimum 0 at (1, 1).
ResidualObjective rosenbrock_residuals() {
  return ResidualObjective(
      [](const Vector& x, Vector& r, Matrix* J) {
        r.resize(2);
        r << 10 * (x[1] - x[0] * x[0]), 1 - x[0];
        if (J) {
          J->resize(2, 2);
          *J << -20 * x[0], 10, -1, 0;
        }
      },
      2, 2);
}

TEST(LeastSquares, BothMethodsSolveRosenbrock) {
  for (const LeastSquaresMethod& method :
       {LeastSquaresMethod{LevenbergMarquardt{}}, LeastSquaresMethod{GaussNewton{}}}) {
    const Result r =
        solve_least_squares(rosenbrock_residuals(), Vector{{-1.2, 1.0}}, method, Stop{.g_abstol = 0});
    ASSERT_TRUE(r.converged()) << r.brief();
    EXPECT_NEAR(r.x[0], 1.0, 1e-10);
    EXPECT_NEAR(r.x[1], 1.0, 1e-10);
    EXPECT_LT(r.f, 1e-20);
    EXPECT_EQ(r.method, method_name(method));
    EXPECT_GT(r.evaluations.gradient, 0);
  }
}

TEST(LeastSquares, DefaultStopEndsOnTheAbsoluteGradientTest) {
  // The generic Stop applies too: ‖Jᵀr‖∞ ≤ 1e-8 by default.
  const Result r = solve_least_squares(rosenbrock_residuals(), Vector{{-1.2, 1.0}});
  EXPECT_EQ(r.status, Status::converged_gradient) << r.brief();
  EXPECT_LE(r.gradient_norm, 1e-8);
  EXPECT_NEAR(r.x[0], 1.0, 1e-8);
}

TEST(LeastSquares, TheCosineTestHasItsOwnStatus) {
  // A line through three points that are not on one: r = a·t + b − y, nonzero at the optimum, so the
  // absolute gradient test (off here) and the zero-residual case cannot be what ends the run.
  const Vector t{{0.0, 1.0, 2.0}}, y{{0.0, 2.0, 1.0}};
  const ResidualObjective line(
      [t, y](const Vector& x, Vector& r, Matrix* J) {
        r = x[0] * t + Vector::Constant(3, x[1]) - y;
        if (J) {
          J->resize(3, 2);
          J->col(0) = t;
          J->col(1).setOnes();
        }
      },
      3, 2);
  // Only the cosine test on (the others off), at a loose 1e-6 that the iterates cross.
  for (const LeastSquaresMethod& method :
       {LeastSquaresMethod{LevenbergMarquardt{.f_reltol = 0, .x_reltol = 0, .g_costol = 1e-6}},
        LeastSquaresMethod{GaussNewton{.f_reltol = 0, .x_reltol = 0, .g_costol = 1e-6}}}) {
    const Result r = solve_least_squares(line, Vector{{5.0, -3.0}}, method, Stop{.g_abstol = 0});
    EXPECT_EQ(r.status, Status::converged_orthogonality) << r.brief();
    EXPECT_NE(r.message.find("cosine"), std::string::npos) << r.message;
    EXPECT_NEAR(r.x[0], 0.5, 1e-6);  // the normal equations' solution: slope 1/2, intercept 1/2
    EXPECT_NEAR(r.x[1], 0.5, 1e-6);
    EXPECT_GT(r.f, 0.1);
  }
}

TEST(LeastSquares, EveryLinearSolverAndScalingMeetsNistDigits) {
  // Misra1a and Thurber (a rational model whose Jacobian is badly conditioned) from start 1.
  for (const char* name : {"Misra1a", "Thurber", "MGH09"}) {
    const NistProblem p = load_nist(name);
    for (LinearSolver solver : {LinearSolver::qr, LinearSolver::cholesky}) {
      for (DampingScaling scaling : {DampingScaling::more, DampingScaling::marquardt}) {
        if (std::string(name) == "MGH09" && scaling == DampingScaling::marquardt)
          continue;  // not robust there
        const Result r = solve_least_squares(p.residuals(), p.start1,
                                             LevenbergMarquardt{.scaling = scaling, .linear_solver = solver},
                                             Stop{.g_abstol = 0, .max_iterations = 5000});
        ASSERT_TRUE(r.converged()) << name << " " << r.brief();
        for (Index j = 0; j < p.parameters(); ++j)
          EXPECT_GE(log_relative_error(r.x[j], p.certified[j].value, p.certified[j].digits), 5.5)
              << name << " b" << j + 1;
      }
    }
  }
}

TEST(LeastSquares, GaussNewtonReachesCertifiedValuesOnEasyProblems) {
  for (const char* name : {"Misra1a", "Chwirut2", "DanWood", "Gauss1"}) {
    const NistProblem p = load_nist(name);
    const Result r = solve_least_squares(p.residuals(), p.start2, GaussNewton{}, Stop{.g_abstol = 0});
    ASSERT_TRUE(r.converged()) << name << " " << r.brief();
    for (Index j = 0; j < p.parameters(); ++j)
      EXPECT_GE(log_relative_error(r.x[j], p.certified[j].value, p.certified[j].digits), 6) << name;
  }
}

TEST(LeastSquares, StatisticsMatchLinearRegressionClosedForm) {
  // A straight line y = a + b t is linear least squares: se(b) = s / √Σ(t − t̄)², s² = RSS/(m − 2).
  const Vector t{{0.0, 1.0, 2.0, 3.0, 4.0}};
  const Vector y{{1.1, 2.9, 5.2, 6.8, 9.1}};
  const auto line = autodiff_residuals(
      [&](const auto& b) {
        using S = std::decay_t<decltype(b[0])>;
        Eigen::Matrix<S, Eigen::Dynamic, 1> r(5);
        for (Index i = 0; i < 5; ++i) r[i] = y[i] - (b[0] + b[1] * t[i]);
        return r;
      },
      5, 2, {"a", "b"});
  // Gauss–Newton: on a linear model its first step is the exact least-squares solution. (LM's damped
  // approach ends by its relative-reduction test up to ~1e-10 short of it, as it did with AVX-512's
  // rounding, and the checks below compare the statistics at the solution to 1e-12.)
  const Result r = solve_least_squares(line, Vector::Zero(2), GaussNewton{}, Stop{.g_abstol = 0});
  ASSERT_TRUE(r.converged()) << r.brief();
  const double tbar = t.mean();
  const double sxx = (t.array() - tbar).square().sum();
  const double slope = ((t.array() - tbar) * (y.array() - y.mean())).sum() / sxx;
  EXPECT_NEAR(r.x[1], slope, 1e-12);
  const LeastSquaresSummary& s = *r.least_squares;
  const double rss = (y.array() - (r.x[0] + r.x[1] * t.array())).square().sum();
  EXPECT_NEAR(s.residual_sum_of_squares, rss, 1e-12);
  EXPECT_EQ(s.degrees_of_freedom, 3);
  const double sd = std::sqrt(rss / 3);
  EXPECT_NEAR(s.standard_errors[1], sd / std::sqrt(sxx), 1e-12);
  EXPECT_NEAR(s.standard_errors[0], sd * std::sqrt(1.0 / 5 + tbar * tbar / sxx), 1e-12);
  EXPECT_NEAR(s.correlation(0, 0), 1.0, 1e-14);
  EXPECT_NEAR(s.correlation(0, 1), -tbar / std::sqrt(tbar * tbar + sxx / 5), 1e-12);
  EXPECT_EQ(s.parameter_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(s.jacobian_source, DerivativeSource::autodiff);
}

TEST(LeastSquares, FiniteDifferenceAndAutodiffJacobiansAgree) {
  const NistProblem p = load_nist("Misra1a");
  const ResidualObjective exact = p.residuals();
  const ResidualObjective fd = finite_difference_residuals(
      [&](const Vector& b) {
        Vector r(p.observations());
        exact(b, r);
        return r;
      },
      p.observations(), 2);
  Vector r1(p.observations()), r2(p.observations());
  Matrix j1(p.observations(), 2), j2(p.observations(), 2);
  exact(p.start1, r1, &j1);
  fd(p.start1, r2, &j2);
  // b2 = 1e-4 is below 1, where the central-difference step is absolute (6e-6): ≈1e-6 relative.
  EXPECT_LT((j1 - j2).norm() / j1.norm(), 1e-5);
  const Result r = solve_least_squares(fd, p.start1, LevenbergMarquardt{}, Stop{.g_abstol = 0});
  ASSERT_TRUE(r.converged()) << r.brief();
  EXPECT_GE(log_relative_error(r.x[0], p.certified[0].value, p.certified[0].digits), 6);
  EXPECT_EQ(r.least_squares->jacobian_source, DerivativeSource::finite_difference);
}

TEST(LeastSquares, CurveFitOnCsvMatchesNist) {
  // BoxBOD's data as a CSV file, the model as a formula: the certified values to 6 digits.
  const NistProblem p = load_nist("BoxBOD");
  std::string csv = "# BoxBOD\nx, y\n";
  for (Index i = 0; i < p.observations(); ++i)
    csv += std::to_string(p.x(i, 0)) + "," + std::to_string(p.y[i]) + "\r\n";
  const DataTable data = parse_csv(csv);
  ASSERT_EQ(data.rows(), 6);
  const auto fit = formula_residuals("b1*(1-exp(-b2*x))", {"b1", "b2"}, data);
  for (int start : {1, 2}) {
    const Result r = solve_least_squares(fit, p.start(start), LevenbergMarquardt{}, Stop{.g_abstol = 0});
    ASSERT_TRUE(r.converged()) << r.brief();
    for (Index j = 0; j < 2; ++j) {
      EXPECT_GE(log_relative_error(r.x[j], p.certified[j].value, p.certified[j].digits), 6);
      EXPECT_GE(log_relative_error(r.least_squares->standard_errors[j], p.certified_sd[j].value,
                                   p.certified_sd[j].digits),
                6);
    }
  }
}

// ----- bad input -------------------------------------------------------------------------------------

TEST(LeastSquaresBadInput, ThrowingResidualsAreAStatus) {
  const ResidualObjective throws([](const Vector&, Vector&, Matrix*) { throw std::runtime_error("boom"); }, 3,
                                 2);
  const Result r = solve_least_squares(throws, Vector::Ones(2));
  EXPECT_EQ(r.status, Status::function_error);
  EXPECT_NE(r.message.find("the residual function threw: boom"), std::string::npos) << r.message;
}

TEST(LeastSquaresBadInput, WrongSizedResidualsOrJacobian) {
  const ResidualObjective short_r([](const Vector&, Vector& r, Matrix*) { r = Vector::Ones(2); }, 3, 2);
  Result r = solve_least_squares(short_r, Vector::Ones(2));
  EXPECT_EQ(r.status, Status::function_error);
  EXPECT_EQ(r.message, "the residual function returned 2 residuals, expected 3");
  const ResidualObjective bad_j(
      [](const Vector&, Vector& r, Matrix* J) {
        r.setOnes(3);
        if (J) J->setOnes(3, 3);
      },
      3, 2);
  r = solve_least_squares(bad_j, Vector::Ones(2));
  EXPECT_EQ(r.status, Status::function_error);
  EXPECT_EQ(r.message, "the Jacobian is 3x3, expected 3x2");
}

TEST(LeastSquaresBadInput, NonFiniteStartOrResiduals) {
  Result r = solve_least_squares(rosenbrock_residuals(), Vector{{std::nan(""), 1.0}});
  EXPECT_EQ(r.status, Status::invalid_input);
  r = solve_least_squares(rosenbrock_residuals(), Vector{{1.0, 2.0, 3.0}});
  EXPECT_EQ(r.status, Status::invalid_input);
  const ResidualObjective nan_at_start(
      [](const Vector& x, Vector& r, Matrix* J) {
        r.setConstant(2, std::nan(""));
        if (J) J->setZero(2, x.size());
      },
      2);
  r = solve_least_squares(nan_at_start, Vector::Ones(2));
  EXPECT_EQ(r.status, Status::non_finite_value);
}

TEST(LeastSquaresBadInput, NanAtTrialPointsIsAFailedStep) {
  // Residuals of √x: undefined (NaN) for x < 0; the minimum of (√x − 1)² + (x − 1)² is at x = 1. A first
  // Gauss–Newton-like step from x = 4 overshoots below 0: LM must back off, not stop.
  const ResidualObjective sqrt_fit(
      [](const Vector& x, Vector& r, Matrix* J) {
        r.resize(2);
        r << std::sqrt(x[0]) - 1.0, 10 * (x[0] - 1.0) * (x[0] - 1.0) - 0.0;
        if (J) {
          J->resize(2, 1);
          *J << 0.5 / std::sqrt(x[0]), 20 * (x[0] - 1.0);
        }
      },
      2, 1);
  const Result r = solve_least_squares(sqrt_fit, Vector::Constant(1, 0.01),
                                       LevenbergMarquardt{.initial_radius = 1e6}, Stop{.g_abstol = 0});
  ASSERT_TRUE(r.converged()) << r.brief();
  EXPECT_NEAR(r.x[0], 1.0, 1e-6);
}

TEST(LeastSquaresBadInput, SettingsAreValidated) {
  EXPECT_NO_THROW(LevenbergMarquardt{}.validate());
  EXPECT_NO_THROW(GaussNewton{}.validate());
  EXPECT_THROW(
      solve_least_squares(rosenbrock_residuals(), Vector::Ones(2), LevenbergMarquardt{.initial_damping = 0}),
      InvalidArgument);
  EXPECT_THROW(
      solve_least_squares(rosenbrock_residuals(), Vector::Ones(2), LevenbergMarquardt{.f_reltol = -1}),
      InvalidArgument);
  EXPECT_THROW(solve_least_squares(rosenbrock_residuals(), Vector::Ones(2), GaussNewton{.max_halvings = -1}),
               InvalidArgument);
  EXPECT_THROW(least_squares_method_from_name("newton"), InvalidArgument);
  EXPECT_EQ(method_name(least_squares_method_from_name("levenberg-marquardt")), "lm");
}

TEST(CsvBadInput, ErrorsNameTheLineAndColumn) {
  auto message = [](const std::string& text) {
    try {
      parse_csv(text, "data.csv");
    } catch (const ParseError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("x,y\n1,2\n3,abc\n"), "data.csv:3: column 2 (y): 'abc' is not a number");
  EXPECT_EQ(message("x,y\n1,2\n3\n"), "data.csv:3: 1 cells, the header (line 1) has 2 columns");
  EXPECT_EQ(message("x,y\n1,nan\n"), "data.csv:2: column 2 (y): 'nan' is not finite");
  EXPECT_EQ(message("x,y\n1,inf\n"), "data.csv:2: column 2 (y): 'inf' is not finite");
  EXPECT_EQ(message("x,x\n1,2\n"), "data.csv:1: the column name 'x' appears twice");
  EXPECT_EQ(message(""), "data.csv: no header row (the file is empty)");
  EXPECT_EQ(message("x,y\n1,\n"), "data.csv:2: column 2 (y): '' is not a number");
  EXPECT_THROW(read_csv("/nonexistent/data.csv"), ParseError);
}

TEST(CsvBadInput, ModelNamingAMissingColumn) {
  const DataTable data = parse_csv("t,y\n1,2\n2,3\n");
  EXPECT_THROW(formula_residuals("a*x", {"a"}, data), ParseError);            // no column x
  EXPECT_THROW(formula_residuals("a*t", {"a"}, data, "z"), InvalidArgument);  // no response z
  EXPECT_THROW(formula_residuals("a*t", {}, data), InvalidArgument);
  EXPECT_THROW(formula_residuals("t*t", {"t"}, data), InvalidArgument);  // a parameter named like a column
}

class NistFiles : public testing::Test {
 protected:
  std::filesystem::path write(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / name;
    std::ofstream(path) << text;
    paths_.push_back(path);
    return path;
  }
  void TearDown() override {
    for (const auto& p : paths_) std::filesystem::remove(p);
  }
  static std::vector<std::string> boxbod_lines() {
    std::ifstream in(data_file("nist/BoxBOD.dat"));
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }
  static std::string join(const std::vector<std::string>& lines, std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count && i < lines.size(); ++i) out += lines[i] + "\n";
    return out;
  }
  std::vector<std::filesystem::path> paths_;
};

std::string parse_error(const std::filesystem::path& path) {
  try {
    read_nist(path);
  } catch (const ParseError& e) {
    return e.what();
  }
  return "no error";
}

TEST_F(NistFiles, TheShippedFileReadsAsIs) {
  const NistProblem p = read_nist(data_file("nist/BoxBOD.dat"));
  EXPECT_EQ(p.name, "BoxBOD");
  EXPECT_EQ(p.observations(), 6);
  EXPECT_EQ(p.parameters(), 2);
  EXPECT_EQ(p.start1, Vector(Vector{{1.0, 1.0}}));
  EXPECT_EQ(p.start2, Vector(Vector{{100.0, 0.75}}));
  EXPECT_EQ(p.certified[0].value, 2.1380940889E+02);
  EXPECT_EQ(p.certified[0].digits, 11);
  EXPECT_EQ(p.y[5], 224);
  EXPECT_EQ(p.x(5, 0), 10);
  EXPECT_EQ(p.difficulty, "Higher");
  EXPECT_EQ(load_nist("boxbod").name, "BoxBOD");
  EXPECT_EQ(nist_problem_names().size(), 27u);
}

TEST_F(NistFiles, TruncatedFileNamesTheLine) {
  const auto lines = boxbod_lines();
  const auto path = write("minima_truncated.dat", join(lines, 63));
  EXPECT_NE(parse_error(path).find("truncated: it ends at line 63, the data run to line 66"),
            std::string::npos)
      << parse_error(path);
  const auto early = write("minima_truncated_early.dat", join(lines, 30));
  EXPECT_NE(parse_error(early).find("truncated"), std::string::npos) << parse_error(early);
}

// Numbers past what a size can hold were cast unchecked (undefined behaviour under UBSan).
TEST_F(NistFiles, HugeLineNumbersAndDegreesOfFreedomAreErrors) {
  auto lines = boxbod_lines();
  auto huge_range = lines;
  huge_range[6] = "               Data              (lines 61 to 1e300)";
  EXPECT_NE(parse_error(write("nist_huge_range.dat", join(huge_range, huge_range.size()))).find("line"),
            std::string::npos);
  auto huge_dof = lines;
  huge_dof[45] = "Degrees of Freedom:                                1e300";
  EXPECT_NE(
      parse_error(write("nist_huge_dof.dat", join(huge_dof, huge_dof.size()))).find("Degrees of Freedom"),
      std::string::npos);
}

TEST_F(NistFiles, MalformedLinesNameTheLine) {
  auto lines = boxbod_lines();
  lines[62] = "      149             abc";  // line 63
  auto path = write("minima_bad_cell.dat", join(lines, lines.size()));
  EXPECT_NE(parse_error(path).find(":63: column 2 (x): 'abc' is not a number"), std::string::npos)
      << parse_error(path);
  lines = boxbod_lines();
  lines[41] = "  b2 =   1             0.75        5.4723748542E-01";  // line 42: a field missing
  path = write("minima_bad_param.dat", join(lines, lines.size()));
  EXPECT_NE(parse_error(path).find(":42: expected 'bK = start1 start2"), std::string::npos)
      << parse_error(path);
  lines = boxbod_lines();
  lines[60] = "      109             nan";
  path = write("minima_nan_cell.dat", join(lines, lines.size()));
  EXPECT_NE(parse_error(path).find(":61: column 2 (x): 'nan' is not finite"), std::string::npos)
      << parse_error(path);
  path = write("minima_not_nist.dat", "x,y\n1,2\n");
  EXPECT_NE(parse_error(path).find("not a NIST StRD file"), std::string::npos);
  EXPECT_THROW(load_nist("NoSuchProblem"), InvalidArgument);
}

}  // namespace
}  // namespace minima
