// regression_report.hpp: the JSON keys and values, the one NaN convention, the text, the path plot.
#include "minima/report/regression_report.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "minima/core/error.hpp"
#include "minima/linear_models/elastic_net.hpp"
#include "minima/linear_models/ols.hpp"

namespace minima {
namespace {

// y = 1 + 2 x1 − x2 with a little structure-free noise, so OLS recovers the coefficients closely.
void data(Matrix& x, Vector& y) {
  x.resize(8, 2);
  x << 0, 1, 1, 0, 2, 2, 3, 1, 4, 3, 5, 5, 6, 2, 7, 4;
  y.resize(8);
  const double noise[8] = {0.01, -0.02, 0.015, -0.01, 0.0, 0.02, -0.015, 0.005};
  for (Index i = 0; i < 8; ++i) y[i] = 1 + 2 * x(i, 0) - x(i, 1) + noise[i];
}

TEST(RegressionReport, OlsJsonHasTheFitAndTheTrainingError) {
  Matrix x;
  Vector y;
  data(x, y);
  RegressionReport r{.fit = fit(x, y, Ols{}), .features = {"a", "b"}, .target = "y", .source = "d.csv"};
  r.fit.model = "ols";
  measure_training_error(r, x, y);
  EXPECT_EQ(r.rows, 8);
  // The mean squared residual written out (not the call measure_training_error makes).
  const Vector residual = y - x * r.fit.coefficients - Vector::Constant(8, r.fit.intercept);
  EXPECT_NEAR(r.training_mse, residual.squaredNorm() / 8.0, 1e-12);
  EXPECT_GT(r.training_mse, 0.0);
  const auto j = nlohmann::json::parse(regression_to_json(r));
  EXPECT_EQ(j["model"], "ols");
  EXPECT_EQ(j["rows"], 8);
  EXPECT_FALSE(j.contains("alpha"));  // no penalty
  EXPECT_FALSE(j.contains("sweeps"));
  EXPECT_NEAR(j["coefficients"]["a"].get<double>(), 2.0, 0.02);
  EXPECT_NEAR(j["coefficients"]["b"].get<double>(), -1.0, 0.02);
  EXPECT_EQ(j["intercept"].get<double>(), r.fit.intercept);
  EXPECT_GT(j["r2"].get<double>(), 0.999);
  const std::string text = regression_text(r);
  EXPECT_NE(text.find("ols on d.csv (8 rows), target y"), std::string::npos) << text;
  EXPECT_NE(text.find("(intercept)"), std::string::npos) << text;
}

TEST(RegressionReport, ConstantResponseGivesR2AsTheNanString) {
  Matrix x;
  Vector y;
  data(x, y);
  y.setConstant(3.0);
  RegressionReport r{.fit = fit(x, y, Ols{}), .features = {"a", "b"}, .target = "y"};
  r.fit.model = "ols";
  measure_training_error(r, x, y);
  const auto j = nlohmann::json::parse(regression_to_json(r));
  EXPECT_EQ(j["r2"], "nan");  // json.hpp's convention, not null and not a bare NaN
}

TEST(RegressionReport, LassoPathReportsSweepsPathAndPlot) {
  Matrix x;
  Vector y;
  data(x, y);
  RegressionReport r{.fit = fit(x, y, ElasticNet{.alpha = 0.1, .l1_ratio = 1.0}),
                     .features = {"a", "b"},
                     .target = "y",
                     .path = elastic_net_path(x, y, ElasticNetPath{.l1_ratio = 1.0})};
  r.fit.model = "lasso";
  measure_training_error(r, x, y);
  ASSERT_EQ(r.path_training_mse.size(), r.path->alphas.size());
  const auto j = nlohmann::json::parse(regression_to_json(r));
  EXPECT_EQ(j["alpha"].get<double>(), 0.1);
  EXPECT_EQ(j["l1_ratio"].get<double>(), 1.0);
  EXPECT_EQ(j["sweeps"].get<long>(), r.fit.sweeps);
  ASSERT_EQ(j["path"]["alphas"].size(), static_cast<std::size_t>(r.path->alphas.size()));
  EXPECT_EQ(j["path"]["coefficients"]["b"].size(), static_cast<std::size_t>(r.path->alphas.size()));
  EXPECT_NE(regression_text(r).find("regularization path"), std::string::npos);
  const Plot p = regularization_path_plot(r);
  ASSERT_EQ(p.series.size(), 2u);
  EXPECT_EQ(p.series[1].title, "b");
  EXPECT_EQ(p.series[1].y.back(), r.path->coefficients(1, r.path->alphas.size() - 1));
  EXPECT_TRUE(p.logx);
  r.path.reset();
  EXPECT_THROW(regularization_path_plot(r), InvalidArgument);
}

}  // namespace
}  // namespace minima
