// least_squares_report.hpp: JSON = result_to_json plus nist and setup, infinite bounds as "inf",
// the NIST LRE columns in the text.
#include "minima/report/least_squares_report.hpp"

#include <gtest/gtest.h>

#include <limits>

#include <nlohmann/json.hpp>

#include "minima/least_squares/least_squares.hpp"

namespace minima {
namespace {

Result fitted(const NistProblem& nist) {
  return solve_least_squares(nist.residuals(), nist.start(2), LevenbergMarquardt{}, least_squares_stop());
}

TEST(LeastSquaresReport, NistJsonHasTheLreAndTheSetup) {
  const NistProblem nist = load_nist("Misra1a");
  const LeastSquaresReport r{.title = "t", .result = fitted(nist), .nist = nist, .nist_start = 2};
  const auto j = nlohmann::json::parse(least_squares_to_json(r));
  EXPECT_EQ(j["x"].size(), 2u);  // result_to_json's keys come first
  EXPECT_TRUE(j.contains("least_squares"));
  EXPECT_EQ(j["nist"]["name"], nist.name);
  EXPECT_EQ(j["nist"]["start"], 2);
  ASSERT_EQ(j["nist"]["lre"].size(), 2u);
  EXPECT_EQ(j["nist"]["lre"][0].get<double>(),
            log_relative_error(r.result.x[0], nist.certified[0].value, nist.certified[0].digits));
  EXPECT_GE(j["nist"]["rss_lre"].get<double>(), 6.0);
  EXPECT_EQ(j["setup"]["loss"], "linear");
  EXPECT_TRUE(j["setup"]["sigma_column"].is_null());
  EXPECT_FALSE(j["setup"].contains("lower"));
  const std::string text = least_squares_text(r);
  EXPECT_NE(text.find("certified std error"), std::string::npos) << text;
  EXPECT_NE(text.find("setup        loss linear"), std::string::npos) << text;
  EXPECT_NE(text.find("certified    RSS"), std::string::npos) << text;
}

TEST(LeastSquaresReport, InfiniteBoundsAndNanFollowTheJsonConvention) {
  LeastSquaresReport r;
  r.result.x = Vector::Zero(2);
  r.result.f = std::numeric_limits<double>::quiet_NaN();
  r.bounds.lower = Vector::Constant(2, -std::numeric_limits<double>::infinity());
  r.bounds.upper = Vector{{1.0, std::numeric_limits<double>::infinity()}};
  r.sigma_column = "s";
  const auto j = nlohmann::json::parse(least_squares_to_json(r));
  EXPECT_EQ(j["f"], "nan");
  EXPECT_EQ(j["setup"]["lower"][0], "-inf");
  EXPECT_EQ(j["setup"]["upper"][0].get<double>(), 1.0);
  EXPECT_EQ(j["setup"]["upper"][1], "inf");
  EXPECT_EQ(j["setup"]["sigma_column"], "s");
  const std::string text = least_squares_text(r);  // no summary: the standard errors print as nan
  EXPECT_NE(text.find("x2"), std::string::npos) << text;
  EXPECT_NE(text.find("weights 1/sigma from column 's'"), std::string::npos) << text;
}

}  // namespace
}  // namespace minima
