// minima vae: training on generated and CSV data, the JSON output, the saved model and samples, and
// the bad input of issue 7 (bad cells, latent < 1, delta < 0, a learning rate that gives NaN, a
// model of another dimension).
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli_run.hpp"

namespace minima_cli_test {
namespace {

TEST(VaeCli, TrainsSavesAndSamples) {
  const auto dir = temp_path("minima_cli_vae");
  std::filesystem::create_directories(dir);
  const auto model = (dir / "model.json").string(), samples = (dir / "samples.csv").string();
  CliRun r =
      run("vae --generate cosine --points 300 --epochs 3 --batch 50 --lr 0.01 --objective lagrangian "
          "--json --save " +
          model + " --sample 40 --out " + samples);
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["status"], "max_iterations");
  EXPECT_EQ(j["epochs"], 3);
  EXPECT_GT(j["reconstruction"].get<double>(), 0.0);
  EXPECT_GE(j["alpha"].get<double>(), 0.0);
  EXPECT_TRUE(std::filesystem::exists(model));
  std::ifstream in(samples);
  std::string header, line;
  std::getline(in, header);
  EXPECT_EQ(header, "x,y,z");
  int rows = 0;
  while (std::getline(in, line)) ++rows;
  EXPECT_EQ(rows, 40);

  // Sampling a saved model without training, and a text report.
  CliRun s =
      run("vae --generate cosine --points 10 --epochs 0 --load " + model + " --sample 5 --out " + samples);
  EXPECT_EQ(s.code, 0) << s.err;
  CliRun t = run("vae --generate cosine --points 200 --epochs 2 --objective eq7 --alpha-rule dual-ascent");
  EXPECT_EQ(t.code, 0) << t.err;
  EXPECT_NE(t.out.find("KL (mean per point)"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("alpha"), std::string::npos) << t.out;

  // A model of another dimension than the data.
  const auto csv = write_temp_file("minima_vae_2d.csv", "a,b\n1,2\n3,4\n5,6\n");
  expect_one_line_error(run("vae --data " + csv.string() + " --load " + model), "3-dimensional");
  std::filesystem::remove_all(dir);
}

TEST(VaeCli, TrainsOnACsvFile) {
  const auto csv = write_temp_file("minima_vae_ok.csv", "u,v\n1,2\n3,4.5\n-1,0\n2,2\n0.5,1\n");
  CliRun r = run("vae --data " + csv.string() + " --epochs 2 --batch 2 --json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["dimension"], 2);
}

TEST(VaeCli, ATargetOrTimeLimitEndsTrainingWithAUsableModel) {
  // The cosine data's objective falls below 4 within a few epochs (about 3.5 after ten).
  CliRun r = run("vae --generate cosine --points 2000 --epochs 500 --target 4 --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["status"], "target_reached") << r.out;
  EXPECT_LT(j["epochs"].get<long>(), 500);
  // A time limit far below 5000 epochs of 20000 points (~0.1 s an epoch).
  CliRun t = run("vae --generate cosine --points 20000 --epochs 5000 --time-limit 0.3 --json");
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_EQ(nlohmann::json::parse(t.out)["status"], "time_limit") << t.out;
  expect_one_line_error(run("vae --generate cosine --time-limit 0"), "--time-limit 0");
  expect_one_line_error(run("vae --generate cosine --target nan"), "--target nan");
}

TEST(VaeCli, BadInputIsOneLineError) {
  const auto missing = write_temp_file("minima_vae_missing.csv", "x,y,z\n1,2,3\n4,,6\n");
  expect_one_line_error(run("vae --data " + missing.string()), "minima_vae_missing.csv:3: column 2 (y)");
  const auto text = write_temp_file("minima_vae_text.csv", "x,y,z\n1,2,3\n4,abc,6\n");
  expect_one_line_error(run("vae --data " + text.string()), "abc");
  expect_one_line_error(run("vae --generate cosine --latent 0"), "--latent 0");
  expect_one_line_error(run("vae --generate cosine --delta -1"), "--delta -1");
  expect_one_line_error(run("vae --generate cosine --objective nope"), "--objective nope");
  expect_one_line_error(run("vae --generate cosine --alpha-rule up"), "--alpha-rule up");
  expect_one_line_error(run("vae --generate cosine --lr 0"), "--lr 0");
  expect_one_line_error(run("vae --generate cosine --sample 5"), "--sample N and --out");
  expect_one_line_error(run("vae"), "--data");
  expect_one_line_error(run("vae --generate cosine --epochs 0"), "--epochs 0");
  const auto bad_model =
      write_temp_file("minima_vae_bad_model.json", R"({"format":"minima-vae","version":1})");
  expect_one_line_error(run("vae --generate cosine --load " + bad_model.string()), "input");
}

TEST(VaeCli, ALearningRateThatGivesNanIsStoppedWithTheEpoch) {
  CliRun r = run("vae --generate cosine --points 200 --epochs 20 --optimizer sgd --lr 50");
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("minima: error: epoch "), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("non_finite_value"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace minima_cli_test

namespace minima_cli_test {
namespace {

TEST(VaeCli, ReproduceQuickWritesTable1AndFigure1) {
  const auto dir = temp_path("minima_cli_reproduce_vae");
  std::filesystem::remove_all(dir);
  CliRun r = run("reproduce vae --quick --out " + dir.string());
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("eq7 (dual-ascent)"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::exists(dir / "vae" / "table1.md"));
  EXPECT_GT(std::filesystem::file_size(dir / "vae" / "figure1.png"), 1000u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace minima_cli_test
