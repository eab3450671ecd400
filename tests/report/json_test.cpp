// result_to_json: every documented key, non-finite numbers, the trace; parsed back with nlohmann.
#include <gtest/gtest.h>

#include <limits>

#include <nlohmann/json.hpp>

#include "minima/report/json.hpp"

namespace minima {
namespace {

Result sample_result() {
  Result r;
  r.x = Vector::Constant(2, 1.0);
  r.x[1] = 0.1;
  r.f = 1.5e-14;
  r.gradient_norm = 3.25e-9;
  r.status = Status::converged_gradient;
  r.message = "‖∇f‖∞ = 3.25e-09 <= 1e-08";
  r.method = "lbfgs";
  r.iterations = 33;
  r.evaluations = {40, 41, 2};
  r.seconds = 0.0125;
  return r;
}

TEST(Json, AllKeys) {
  const Result r = sample_result();
  const auto j = nlohmann::json::parse(result_to_json(r));
  ASSERT_EQ(j["x"].size(), 2u);
  EXPECT_EQ(j["x"][0].get<double>(), 1.0);
  EXPECT_EQ(j["x"][1].get<double>(), 0.1);  // round-trips exactly
  EXPECT_EQ(j["f"].get<double>(), 1.5e-14);
  EXPECT_EQ(j["gradient_norm"].get<double>(), 3.25e-9);
  EXPECT_EQ(j["status"], "converged_gradient");
  EXPECT_EQ(j["message"], r.message);
  EXPECT_EQ(j["method"], "lbfgs");
  EXPECT_EQ(j["iterations"], 33);
  EXPECT_EQ(j["evaluations"]["function"], 40);
  EXPECT_EQ(j["evaluations"]["gradient"], 41);
  EXPECT_EQ(j["evaluations"]["hessian"], 2);
  EXPECT_EQ(j["seconds"].get<double>(), 0.0125);
  EXPECT_EQ(j["converged"], true);
  EXPECT_FALSE(j.contains("trace"));
}

TEST(Json, KktObjectOnlyForConstrainedResults) {
  Result r = sample_result();
  EXPECT_FALSE(nlohmann::json::parse(result_to_json(r)).contains("kkt"));
  KktReport k;
  k.stationarity = 1e-10;
  k.primal_feasibility = 2e-12;
  k.dual_feasibility = 0.0;
  k.complementary_slackness = std::numeric_limits<double>::quiet_NaN();
  k.equality_multipliers = Vector::Constant(1, 0.5);
  k.inequality_multipliers = Vector::Constant(2, 0.25);
  k.feasible = true;
  r.kkt = k;
  const auto j = nlohmann::json::parse(result_to_json(r));
  EXPECT_EQ(j["feasible"], true);
  EXPECT_EQ(j["kkt"]["stationarity"], 1e-10);
  EXPECT_EQ(j["kkt"]["primal_feasibility"], 2e-12);
  EXPECT_EQ(j["kkt"]["dual_feasibility"], 0.0);
  EXPECT_EQ(j["kkt"]["complementary_slackness"], "nan");
  EXPECT_EQ(j["kkt"]["multipliers"]["equality"][0], 0.5);
  EXPECT_EQ(j["kkt"]["multipliers"]["inequality"].size(), 2u);
  EXPECT_EQ(j["kkt"]["multipliers"]["lower_bound"].size(), 0u);
}

TEST(Json, KeysInReadingOrderAndIndent) {
  const std::string text = result_to_json(sample_result(), 2);
  EXPECT_EQ(text.rfind("{\n  \"x\": [", 0), 0u) << text;
  EXPECT_LT(text.find("\"f\""), text.find("\"status\""));
  const std::string compact = result_to_json(sample_result(), -1);
  EXPECT_EQ(compact.find('\n'), std::string::npos);
}

TEST(Json, NonFiniteNumbersAreStrings) {
  Result r = sample_result();
  r.status = Status::non_finite_value;
  r.f = std::numeric_limits<double>::quiet_NaN();
  r.gradient_norm = std::numeric_limits<double>::infinity();
  r.x[0] = -std::numeric_limits<double>::infinity();
  const std::string text = result_to_json(r);
  const auto j = nlohmann::json::parse(text);  // still valid JSON
  EXPECT_EQ(j["f"], "nan");
  EXPECT_EQ(j["gradient_norm"], "inf");
  EXPECT_EQ(j["x"][0], "-inf");
  EXPECT_EQ(j["status"], "non_finite_value");
  EXPECT_EQ(j["converged"], false);
}

TEST(Json, Trace) {
  Result r = sample_result();
  IterationRecord a;
  a.iteration = 0;
  a.f = 24.2;
  a.gradient_norm = 215.6;
  a.evaluations = {1, 1, 0};
  a.x = Vector::Constant(2, -1.2);
  IterationRecord b = a;
  b.iteration = 1;
  b.f = 4.7;
  b.step_norm = 0.5;
  b.step_size = 1e-3;
  b.x.reset();
  r.trace = {a, b};
  const auto j = nlohmann::json::parse(result_to_json(r));
  ASSERT_EQ(j["trace"].size(), 2u);
  EXPECT_EQ(j["trace"][0]["iteration"], 0);
  EXPECT_EQ(j["trace"][0]["step_norm"], "nan");  // no step before the first iterate
  EXPECT_EQ(j["trace"][0]["x"][1].get<double>(), -1.2);
  EXPECT_EQ(j["trace"][1]["f"].get<double>(), 4.7);
  EXPECT_EQ(j["trace"][1]["step_size"].get<double>(), 1e-3);
  EXPECT_EQ(j["trace"][1]["evaluations"]["function"], 1);
  EXPECT_FALSE(j["trace"][1].contains("x"));
  EXPECT_EQ(nlohmann::json::parse(trace_to_json(r.trace)).size(), 2u);
}

TEST(Json, InvalidUtf8InMessageDoesNotThrow) {
  Result r = sample_result();
  r.message = std::string("bad \xff byte");
  EXPECT_NO_THROW(nlohmann::json::parse(result_to_json(r)));
}

}  // namespace
}  // namespace minima
