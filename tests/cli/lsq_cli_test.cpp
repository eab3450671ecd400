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
  expect_one_line_error(run("lsq"), "give either --nist");
  std::ifstream in(std::string(MINIMA_DATA_DIR_FOR_TESTS) + "/nist/BoxBOD.dat");
  std::string truncated, line;
  for (int k = 0; k < 63 && std::getline(in, line); ++k) truncated += line + "\n";
  const auto dat = write("minima_lsq_truncated.dat", truncated);
  expect_one_line_error(run("lsq --nist " + dat.string()), "truncated");
  for (const auto& p : {csv, good, dat}) std::filesystem::remove(p);
}

}  // namespace
