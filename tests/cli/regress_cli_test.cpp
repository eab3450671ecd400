// minima regress end to end: coefficients against scikit-learn's on the diabetes data, CV and the
// path, and bad input as one line "minima: error: ..." with exit code 2.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli_run.hpp"

namespace {

using minima_cli_test::expect_one_line_error;
using minima_cli_test::run;
using minima_cli_test::temp_path;
using minima_cli_test::write_temp_file;
using nlohmann::json;

const json& diabetes() {
  static const json data = [] {
    std::ifstream in(std::filesystem::path(__FILE__).parent_path().parent_path() / "linear_models" /
                     "sklearn_references.json");
    return json::parse(in)["datasets"][0];
  }();
  return data;
}

/// The diabetes data as a CSV with columns age..s6 and target.
std::filesystem::path diabetes_csv() {
  static const std::filesystem::path path = [] {
    std::ostringstream csv;
    csv << "age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,target\n";
    csv.precision(17);
    const json& d = diabetes();
    for (std::size_t i = 0; i < d["y"].size(); ++i) {
      for (const auto& v : d["x"][i]) csv << v.get<double>() << ",";
      csv << d["y"][i].get<double>() << "\n";
    }
    // A name per process: ctest runs the tests (and other checkouts their suites) in parallel.
    return write_temp_file("minima_regress_diabetes_" + std::to_string(::getpid()) + ".csv", csv.str());
  }();
  return path;
}

const json& reference(const std::string& model, double alpha, double l1_ratio) {
  for (const json& c : diabetes()["cases"])
    if (c["model"] == model && c["fit_intercept"] == true && c.value("standardize", false) == false &&
        c.value("alpha", 0.0) == alpha && c.value("l1_ratio", l1_ratio) == l1_ratio)
      return c;
  throw std::runtime_error("no reference case");
}

void expect_coefficients(const json& out, const json& ref) {
  const char* names[] = {"age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"};
  double scale = 0;
  for (const auto& w : ref["coefficients"]) scale = std::max(scale, std::abs(w.get<double>()));
  for (int k = 0; k < 10; ++k)
    EXPECT_NEAR(out["coefficients"][names[k]].get<double>(), ref["coefficients"][k].get<double>(),
                1e-6 * scale)
        << names[k];
  EXPECT_NEAR(out["intercept"].get<double>(), ref["intercept"].get<double>(), 1e-6 * 152);
}

TEST(CliRegress, LassoRidgeElasticNetOlsMatchScikitLearn) {
  const std::string csv = diabetes_csv().string();
  auto r = run("regress --csv " + csv + " --target target --model lasso --lambda 0.1 --json");
  ASSERT_EQ(r.code, 0) << r.err;
  expect_coefficients(json::parse(r.out), reference("lasso", 0.1, 1.0));
  r = run("regress --csv " + csv + " --target target --model ridge --lambda 1 --json");
  ASSERT_EQ(r.code, 0) << r.err;
  expect_coefficients(json::parse(r.out), reference("ridge", 1.0, 0.0));
  r = run("regress --csv " + csv +
          " --target target --model elastic-net --lambda 0.01 "
          "--l1-ratio 0.5 --json");
  ASSERT_EQ(r.code, 0) << r.err;
  expect_coefficients(json::parse(r.out), reference("elastic-net", 0.01, 0.5));
  r = run("regress --csv " + csv + " --target target --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const json ols = json::parse(r.out);
  expect_coefficients(ols, reference("ols", 0.0, 0.0));
  EXPECT_NEAR(ols["r2"].get<double>(), 0.5177, 1e-4);  // the diabetes OLS R², a known figure
}

TEST(CliRegress, CrossValidationAndPathWithPlot) {
  const auto png = temp_path("minima_regress_path.png");
  std::filesystem::remove(png);
  auto r = run("regress --csv " + diabetes_csv().string() +
               " --target target --model lasso --cv 5 --seed 3 --path --plot " + png.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("5-fold cross-validation (seed 3): alpha_min"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("regularization path"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(png));
  r = run("regress --csv " + diabetes_csv().string() +
          " --target target --model lasso --cv 5 --seed 3 --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_GE(j["cv"]["alpha_1se"].get<double>(), j["cv"]["alpha_min"].get<double>());
  EXPECT_EQ(j["alpha"].get<double>(), j["cv"]["alpha_min"].get<double>());
}

TEST(CliRegress, BadInputIsOneLineError) {
  const std::string good = diabetes_csv().string();
  expect_one_line_error(run("regress --csv " + good + " --target nope --model ols"), "nope");
  expect_one_line_error(run("regress --csv " + good + " --target target --model ridge --lambda -1"),
                        "--lambda -1: must be finite and >= 0");
  expect_one_line_error(
      run("regress --csv " + good + " --target target --model elastic-net --lambda 1 --l1-ratio 1.5"),
      "--l1-ratio 1.5: must be in [0, 1]");
  expect_one_line_error(run("regress --csv " + good + " --target target --model huber"), "--model huber");
  const auto missing = write_temp_file("minima_regress_missing.csv", "a,b,y\n1,2,3\n4,,6\n");
  expect_one_line_error(run("regress --csv " + missing.string() + " --target y"), ":3:");
  const auto text = write_temp_file("minima_regress_text.csv", "a,b,y\n1,2,3\n4,x5,6\n");
  expect_one_line_error(run("regress --csv " + text.string() + " --target y"), "column 2 (b)");
  const auto empty = write_temp_file("minima_regress_empty.csv", "");
  expect_one_line_error(run("regress --csv " + empty.string() + " --target y"), "minima_regress_empty.csv");
  const auto constant = write_temp_file("minima_regress_constant.csv", "a,b,y\n1,5,3\n2,5,6\n3,5,7\n4,5,9\n");
  expect_one_line_error(
      run("regress --csv " + constant.string() + " --target y --model ridge --lambda 1 --standardize"),
      "column 2 is constant");
  const auto wide = write_temp_file("minima_regress_wide.csv", "a,b,c,y\n1,2,3,4\n2,3,5,6\n");
  expect_one_line_error(run("regress --csv " + wide.string() + " --target y --model ols"),
                        "OLS has 4 unknowns");
  // More features than rows is fine for the lasso.
  EXPECT_EQ(run("regress --csv " + wide.string() + " --target y --model lasso --lambda 0.1").code, 0);
}

}  // namespace
