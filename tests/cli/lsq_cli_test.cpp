// minima lsq end to end: NIST problems with their certified digits, a CSV curve fit, and bad input
// as one line "minima: error: ..." with exit code 2.
#include <gtest/gtest.h>

#include "cli_run.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

using LsqRun = minima_cli_test::CliRun;
using minima_cli_test::expect_one_line_error;
using minima_cli_test::run;

std::filesystem::path write(const std::string& name, const std::string& text) {
  return minima_cli_test::write_temp_file(name, text);
}

TEST(CliLsq, NistBoxBodFromStartOneJson) {
  const LsqRun r = run("lsq --nist BoxBOD --start 1 --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["method"], "lm");
  EXPECT_TRUE(j["converged"].get<bool>());
  EXPECT_NEAR(j["x"][0].get<double>(), 213.80940889, 1e-4);
  for (const auto& lre : j["nist"]["lre"]) EXPECT_GE(lre.get<double>(), 6.0);
  for (const auto& lre : j["nist"]["standard_error_lre"]) EXPECT_GE(lre.get<double>(), 6.0);
  EXPECT_GE(j["nist"]["rss_lre"].get<double>(), 6.0);
  const auto& ls = j["least_squares"];
  EXPECT_NEAR(ls["residual_sum_of_squares"].get<double>(), 1.1680088766E+03, 1e-5);
  EXPECT_EQ(ls["degrees_of_freedom"], 4);
  EXPECT_EQ(ls["parameter_names"][1], "b2");
  EXPECT_GT(ls["jacobian_evaluations"].get<long>(), 0);
}

TEST(CliLsq, NistTableWithGaussNewtonAndAPath) {
  const LsqRun r =
      run(std::string("lsq --nist ") + MINIMA_DATA_DIR_FOR_TESTS + "/nist/Misra1a.dat --start 2 --method gn");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("LRE"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("238.94212918"), std::string::npos) << r.out;  // certified b1 shown
  EXPECT_NE(r.out.find("method       gn"), std::string::npos) << r.out;
}

TEST(CliLsq, CurveFitOnCsv) {
  const auto csv = write("minima_lsq_bod.csv", "x,bod\n1,109\n2,149\n3,149\n5,191\n7,213\n10,224\n");
  const LsqRun r =
      run("lsq --csv " + csv.string() + " --model 'b1*(1-exp(-b2*x))' --x0 b1=100,b2=0.75 --y bod --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_NEAR(j["x"][0].get<double>(), 2.1380940889E+02, 1e-5);
  EXPECT_NEAR(j["x"][1].get<double>(), 5.4723748542E-01, 1e-8);
  EXPECT_NEAR(j["least_squares"]["standard_errors"][0].get<double>(), 1.2354515176E+01, 1e-6);
  std::filesystem::remove(csv);
}

TEST(CliLsq, BadInputIsOneLineAndExitTwo) {
  const auto csv = write("minima_lsq_bad.csv", "x,y\n1,2\n2,oops\n");
  expect_one_line_error(run("lsq --csv " + csv.string() + " --model 'a*x' --x0 a=1"),
                        ":3: column 2 (y): 'oops'");
  const auto good = write("minima_lsq_good.csv", "x,y\n1,2\n2,4\n3,6.1\n");
  expect_one_line_error(run("lsq --csv " + good.string() + " --model 'a*z' --x0 a=1"),
                        "unknown variable 'z'");
  expect_one_line_error(run("lsq --csv " + good.string() + " --model 'a*x' --x0 a=nan"), "not finite");
  expect_one_line_error(run("lsq --csv " + good.string() + " --model 'a*x' --x0 a=1 --y w"),
                        "no response column 'w'");
  expect_one_line_error(run("lsq --csv " + good.string() + " --model 'a*x' --x0 1"), "NAME=VALUE");
  expect_one_line_error(run("lsq --csv /nonexistent.csv --model 'a*x' --x0 a=1"), "cannot open");
  expect_one_line_error(run("lsq --nist NoSuchProblem"), "neither a NIST data set name");
  expect_one_line_error(run("lsq --nist BoxBOD --start 3"), "--start 3");
  expect_one_line_error(run("lsq --nist BoxBOD --method newton"), "unknown least-squares method");
  expect_one_line_error(run("lsq"), "give one of --nist");
  std::ifstream in(std::string(MINIMA_DATA_DIR_FOR_TESTS) + "/nist/BoxBOD.dat");
  std::string truncated, line;
  for (int k = 0; k < 63 && std::getline(in, line); ++k) truncated += line + "\n";
  const auto dat = write("minima_lsq_truncated.dat", truncated);
  expect_one_line_error(run("lsq --nist " + dat.string()), "truncated");
  for (const auto& p : {csv, good, dat}) std::filesystem::remove(p);
}

TEST(CliLsq, BoundThatBindsGivesTrfAndKktInJsonAndText) {
  // Misra1a with b1 <= 0.9 × its optimum: scipy's least_squares (trf) gives b2 = 6.226758016837485e-4.
  const std::string args = "lsq --nist Misra1a --start 2 --upper 215.0479094688538,inf";
  const LsqRun r = run(args + " --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["method"], "trf");
  EXPECT_LE(j["x"][0].get<double>(), 215.0479094688538);
  EXPECT_NEAR(j["x"][1].get<double>(), 6.226758016837485e-4, 1e-6 * 6.226758016837485e-4);
  EXPECT_GT(j["kkt"]["multipliers"]["upper_bound"][0].get<double>(), 0.0);
  EXPECT_EQ(j["kkt"]["multipliers"]["lower_bound"][0].get<double>(), 0.0);
  EXPECT_EQ(j["setup"]["upper"][0].get<double>(), 215.0479094688538);
  EXPECT_EQ(j["setup"]["upper"][1], "inf");  // no bound: json.hpp's convention for infinities
  EXPECT_EQ(j["setup"]["loss"], "linear");
  const LsqRun text = run(args);
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("z upper"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("setup        loss linear, bounds lower"), std::string::npos) << text.out;
}

TEST(CliLsq, RobustLossAndStartOutsideTheBounds) {
  const LsqRun r = run("lsq --nist BoxBOD --start 1 --loss soft_l1 --f-scale 20 --lower 100,0.1 --json");
  EXPECT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["setup"]["loss"], "soft_l1");
  EXPECT_EQ(j["setup"]["f_scale"].get<double>(), 20.0);
  EXPECT_EQ(j["least_squares"]["loss"], "soft_l1");
  EXPECT_NE(j["message"].get<std::string>().find("projected onto them: x0[0] = 1 -> 100"), std::string::npos)
      << j["message"];
  EXPECT_GE(j["x"][0].get<double>(), 100.0);
  const LsqRun text = run("lsq --nist Misra1a --start 2 --loss cauchy --f-scale 0.5");
  EXPECT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("setup        loss cauchy (f_scale 0.5)"), std::string::npos) << text.out;
}

TEST(CliLsq, SigmaColumnAndAbsoluteSigma) {
  const auto csv = write("minima_lsq_sigma.csv", "x,y,s\n1,2.1,0.5\n2,3.9,1\n3,6.2,2\n4,7.8,4\n");
  const std::string args = "lsq --csv " + csv.string() + " --model 'a*x' --x0 a=1 --sigma s --json";
  const LsqRun rel = run(args), abs = run(args + " --absolute-sigma");
  ASSERT_EQ(rel.code, 0) << rel.err;
  ASSERT_EQ(abs.code, 0) << abs.err;
  const auto jr = nlohmann::json::parse(rel.out), ja = nlohmann::json::parse(abs.out);
  // Weighted y = a x: a = Σ w x y / Σ w x² with w = 1/σ², var(a) = 1/Σ w x² (absolute).
  const double sxx = 4 + 4 + 9.0 / 4 + 16.0 / 16, sxy = 4 * 2.1 + 2 * 3.9 + 3 * 6.2 / 4 + 4 * 7.8 / 16;
  // To 1e-8: Levenberg–Marquardt's relative-reduction test (1e-14 on ‖r‖²) ends it ~1e-9 away.
  EXPECT_NEAR(jr["x"][0].get<double>(), sxy / sxx, 1e-8);
  EXPECT_NEAR(ja["least_squares"]["covariance"][0][0].get<double>(), 1 / sxx, 1e-12);
  const double s2 = jr["least_squares"]["residual_sum_of_squares"].get<double>() / 3;
  EXPECT_NEAR(jr["least_squares"]["covariance"][0][0].get<double>(), s2 / sxx, 1e-12);
  EXPECT_EQ(jr["setup"]["sigma_column"], "s");
  EXPECT_FALSE(jr["setup"]["absolute_sigma"].get<bool>());
  EXPECT_TRUE(ja["setup"]["absolute_sigma"].get<bool>());
  EXPECT_TRUE(ja["least_squares"]["absolute_sigma"].get<bool>());
  std::filesystem::remove(csv);
}

TEST(CliLsq, BadLossBoundsAndSigma) {
  expect_one_line_error(run("lsq --nist BoxBOD --f-scale 0 --loss huber"),
                        "f_scale = 0: must be finite and > 0");
  expect_one_line_error(run("lsq --nist BoxBOD --f-scale -1"), "f_scale = -1");
  expect_one_line_error(run("lsq --nist BoxBOD --loss l3"), "unknown loss 'l3'");
  expect_one_line_error(run("lsq --nist BoxBOD --lower 1 --upper 0"), "lower");
  expect_one_line_error(run("lsq --nist BoxBOD --lower 1,2,3"), "--lower has 3 values for 2 variables");
  expect_one_line_error(run("lsq --nist BoxBOD --lower 0 --method lm"), "--lower/--upper need --method trf");
  expect_one_line_error(run("lsq --nist BoxBOD --lower 0 --upper 0"), "must be < upper[0]");
  expect_one_line_error(run("lsq --nist BoxBOD --sigma s"), "--sigma COLUMN applies to --csv");
  const auto csv = write("minima_lsq_badsigma.csv", "x,y,s,t\n1,2,1,1\n2,4,0,-1\n3,6.1,1,1\n");
  const auto nan_csv = write("minima_lsq_nansigma.csv", "x,y,u\n1,2,1\n2,4,nan\n3,6.1,1\n");
  const std::string base = "lsq --csv " + csv.string() + " --model 'a*x' --x0 a=1";
  expect_one_line_error(run(base + " --absolute-sigma"), "--absolute-sigma needs --sigma");
  expect_one_line_error(run(base + " --sigma s"), "sigma[1] = 0 (row 2)");
  expect_one_line_error(run(base + " --sigma t"), "sigma[1] = -1 (row 2)");
  // The CSV reader refuses NaN already (the library's own check is in the least_squares tests).
  expect_one_line_error(run("lsq --csv " + nan_csv.string() + " --model 'a*x' --x0 a=1 --sigma u"),
                        "'nan' is not finite");
  expect_one_line_error(run(base + " --sigma w"), "'w'");
  std::filesystem::remove(csv);
  std::filesystem::remove(nan_csv);
}

}  // namespace
