// minima blackbox --method eda-vbmfa: the number of analysers over time in the JSON and text
// reports; a population too small for the method is a one-line error.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "cli_run.hpp"

namespace {

using minima_cli_test::expect_one_line_error;
using minima_cli_test::run;
using nlohmann::json;

TEST(EdaVbMfaCli, ReportsTheAnalysersOverTime) {
  const auto r =
      run("blackbox --expr \"(x-1)^2+10*(y+0.5)^2\" --lower -3 --upper 3 --method eda-vbmfa --population 80 "
          "--target 1e-8 --budget 20000 --seed 4 --json");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["status"], "target_reached");
  EXPECT_NEAR(j["x"][0].get<double>(), 1.0, 1e-3);
  const auto& analysers = j["population"]["series"]["analysers"];
  ASSERT_EQ(analysers.size(), j["population"]["series"]["generation"].size());
  for (const auto& a : analysers) EXPECT_GE(a.get<double>(), 1.0);
  const auto text = run("blackbox --problem ackley --dim 2 --method eda-vbmfa --population 60 --budget 1200");
  EXPECT_NE(text.out.find("analysers"), std::string::npos) << text.out;
  expect_one_line_error(run("blackbox --problem ackley --dim 2 --method eda-vbmfa --population 4"),
                        "population = 4");
  expect_one_line_error(run("blackbox --problem ackley --dim 2 --method eda-vbmfa-seed --population 4"),
                        "eda-vbmfa-seed: population = 4");
  // The seed's scheme under its own name.
  const auto seed =
      run("blackbox --problem ackley --dim 2 --method eda-vbmfa-seed --population 60 --budget 1200 --json");
  ASSERT_EQ(seed.code, 3) << seed.out << seed.err;  // the budget ends it
  EXPECT_EQ(json::parse(seed.out)["method"], "eda-vbmfa-seed");
}

}  // namespace
