// vae_report.hpp: the JSON keys, NaN terms as "nan", the text table and the history CSV.
#include "minima/report/vae_report.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

namespace minima {
namespace {

VaeReport trained_report() {
  VaeReport r;
  r.objective.kind = neural::VaeObjectiveKind::eq7;
  r.training.epochs = 2;
  r.training.batch_size = 50;
  r.training.seed = 3;
  const Matrix data = neural::cosine_data(100, 3);
  r.data = "cosine";
  r.points = data.cols();
  r.dimension = data.rows();
  r.fit = neural::train_vae(data, neural::VaeShape{}, r.objective, r.training);
  return r;
}

TEST(VaeReport, JsonHasTheLastEpochsTerms) {
  const VaeReport r = trained_report();
  ASSERT_EQ(r.fit.history.size(), 2u);
  const auto j = nlohmann::json::parse(vae_to_json(r));
  EXPECT_EQ(j["objective"], "eq7");
  EXPECT_EQ(j["alpha_rule"], "seed");
  EXPECT_EQ(j["points"], 100);
  EXPECT_EQ(j["batch"], 50);
  EXPECT_EQ(j["seed"], 3);
  EXPECT_EQ(j["optimizer"], "adam");
  EXPECT_EQ(j["epochs"], 2);
  EXPECT_EQ(j["status"], std::string(to_string(r.fit.result.status)));
  EXPECT_EQ(j["reconstruction"].get<double>(), r.fit.history.back().reconstruction);
  EXPECT_EQ(j["alpha"].get<double>(), r.fit.history.back().alpha);
  EXPECT_FALSE(j.contains("model"));
  const std::string text = vae_text(r);
  EXPECT_NE(text.find("2 epochs, batch 50, adam"), std::string::npos) << text;
  EXPECT_NE(text.find("alpha"), std::string::npos) << text;
  const std::string csv = vae_history_csv(r.fit.history);
  EXPECT_EQ(csv.rfind("epoch,reconstruction,kl,alpha,", 0), 0u);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);
}

TEST(VaeReport, NoEpochGivesNanTermsNotNull) {
  VaeReport r;
  r.data = "d.csv";
  r.fit.result.status = Status::non_finite_value;
  r.fit.result.message = "NaN in epoch 1";
  const auto j = nlohmann::json::parse(vae_to_json(r));
  for (const char* key : {"reconstruction", "kl", "alpha", "objective_value", "seconds_per_epoch"})
    EXPECT_EQ(j[key], "nan") << key;
  EXPECT_FALSE(j.contains("alpha_rule"));  // elbo
  EXPECT_NE(vae_text(r).find("no epoch completed"), std::string::npos);
  r.trained = false;
  EXPECT_EQ(nlohmann::json::parse(vae_to_json(r))["status"], "not_trained");
  EXPECT_EQ(vae_text(r), "");
}

}  // namespace
}  // namespace minima
