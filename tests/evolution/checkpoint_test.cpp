// Checkpoint and resume of population runs: bit-identical for every method, and clear errors for
// files that are not this run's.
#include "minima/evolution/checkpoint.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "../common/expect_same_run.hpp"
#include "minima/core/error.hpp"
#include "minima/evolution/black_box.hpp"

namespace minima {
namespace {

namespace fs = std::filesystem;

// Rastrigin in 3-D that fails (throws) where x_1 > 4 and gives NaN where x_2 > 4.5: the log
// must carry failures and non-finite values as well as numbers.
const BatchObjective kObjective = BatchObjective::from_function(
    [](const Vector& x) {
      if (x[0] > 4.0) throw std::runtime_error("out of range");
      if (x[1] > 4.5) return std::numeric_limits<double>::quiet_NaN();
      double s = 10.0 * static_cast<double>(x.size());
      for (Index i = 0; i < x.size(); ++i) s += x[i] * x[i] - 10.0 * std::cos(2.0 * M_PI * x[i]);
      return s;
    },
    3);
const Bounds kBox{Vector::Constant(3, -5.0), Vector::Constant(3, 5.0)};

class CheckpointTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string name = GetParam();
    dir_ = fs::temp_directory_path() / ("minima_ckpt_" + std::to_string(::getpid()) + "_" + name);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

Result run(const std::string& method, const Checkpointing& c, const PopulationObserver& observer = {}) {
  auto m = make_black_box_method(method);
  BlackBoxSettings s{.max_evaluations = 2500, .seed = 11, .threads = 2};
  return run_population(kObjective, kBox, *m, s, observer, c);
}

using testing_support::expect_same_run;

TEST_P(CheckpointTest, ResumedRunIsBitIdenticalToTheUninterruptedOne) {
  const std::string method = GetParam();
  PopulationObserver keep{.keep_generations = true};
  const Result whole = run(method, {}, keep);
  ASSERT_GT(whole.population->failed_evaluations + whole.population->non_finite_evaluations, 0);
  ASSERT_GT(whole.iterations, 3) << "the run must outlast the interruption";

  // Interrupt after generation 3 (as SIGINT would), with a checkpoint every 10 generations.
  std::atomic<bool> stop{false};
  Checkpointing c{
      .path = (dir_ / "run.json").string(), .every = 10, .problem = "rastrigin-3", .interrupt = &stop};
  PopulationObserver interrupter = keep;
  interrupter.callback = [&](const GenerationRecord& g) {
    if (g.generation == 2) stop = true;
    return ObserverAction::proceed;
  };
  const Result first = run(method, c, interrupter);
  EXPECT_EQ(first.status, Status::interrupted) << first.message;
  EXPECT_EQ(first.iterations, 2);
  ASSERT_TRUE(fs::exists(c.path));

  stop = false;
  c.resume = c.path;
  const Result resumed = run(method, c, keep);
  expect_same_run(whole, resumed);
  // Only the final file is left: temporary files were renamed.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);

  // Resuming from the final checkpoint replays to the same end again.
  const Result again = run(method, c, keep);
  expect_same_run(whole, again);
}

INSTANTIATE_TEST_SUITE_P(EveryMethod, CheckpointTest,
                         ::testing::Values("cma-es", "bipop-cma-es", "eda-vbmfa", "eda-vbmfa-seed",
                                           "gaussian-eda", "midea", "mboa"),
                         [](const auto& info) {
                           std::string s = info.param;
                           for (char& ch : s)
                             if (ch == '-') ch = '_';
                           return s;
                         });

class CheckpointFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("minima_ckpt_files_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    path_ = (dir_ / "good.json").string();
    Checkpointing c{.path = path_, .problem = "rastrigin-3"};
    auto m = make_black_box_method("gaussian-eda");
    run_population(kObjective, kBox, *m, BlackBoxSettings{.max_evaluations = 200, .seed = 5}, {}, c);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string text() const {
    std::ifstream in(path_);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  std::string write(const std::string& name, const std::string& content) const {
    const auto p = (dir_ / name).string();
    std::ofstream(p) << content;
    return p;
  }
  // The error message of resuming from `file` with the given run, or "" when it did not throw.
  static std::string resume_error(const std::string& file, const std::string& method = "gaussian-eda",
                                  std::uint64_t seed = 5, const std::string& problem = "rastrigin-3",
                                  long budget = 200) {
    Checkpointing c{.resume = file, .problem = problem};
    auto m = make_black_box_method(method);
    try {
      run_population(kObjective, kBox, *m, BlackBoxSettings{.max_evaluations = budget, .seed = seed}, {}, c);
    } catch (const InvalidArgument& e) {
      return e.what();
    }
    return "";
  }
  fs::path dir_;
  std::string path_;
};

TEST_F(CheckpointFiles, TheGoodFileResumes) {
  EXPECT_EQ(resume_error(path_), "");
}

TEST_F(CheckpointFiles, TruncatedCorruptAndForeignFilesAreClearErrors) {
  const std::string t = text();
  EXPECT_NE(resume_error(write("cut.json", t.substr(0, t.size() / 2))).find("truncated or corrupt"),
            std::string::npos);
  EXPECT_NE(resume_error(write("junk.json", "hello")).find("truncated or corrupt"), std::string::npos);
  EXPECT_NE(resume_error(write("other.json", "{\"a\": 1}")).find("not a minima population checkpoint"),
            std::string::npos);
  std::string v2 = t;
  v2.replace(v2.find("\"version\":1"), 11, "\"version\":2");
  EXPECT_NE(resume_error(write("v2.json", v2)).find("version 2 checkpoint"), std::string::npos);
  std::string tampered = t;
  tampered.replace(tampered.find("\"evaluations\":200"), 17, "\"evaluations\":201");
  EXPECT_NE(resume_error(write("count.json", tampered)).find("corrupt"), std::string::npos);
  EXPECT_NE(resume_error((dir_ / "missing.json").string()).find("cannot read"), std::string::npos);
}

TEST_F(CheckpointFiles, AnotherRunIsRefusedNamingTheDifference) {
  EXPECT_NE(resume_error(path_, "midea").find("its method is gaussian-eda"), std::string::npos);
  EXPECT_NE(resume_error(path_, "gaussian-eda", 6).find("its seed is 5"), std::string::npos);
  EXPECT_NE(resume_error(path_, "gaussian-eda", 5, "sphere-3").find("its problem is 'rastrigin-3'"),
            std::string::npos);
  EXPECT_NE(resume_error(path_, "gaussian-eda", 5, "rastrigin-3", 300).find("evaluation budget"),
            std::string::npos);
  // A log whose points differ from what the method asks (e.g. another build) does not replay.
  std::string t = text();
  const auto at = t.find("\"hash\":\"") + 8;
  t[at] = t[at] == '0' ? '1' : '0';
  EXPECT_NE(resume_error(write("hash.json", t)).find("does not replay"), std::string::npos);
}

TEST(Checkpointing, BadSettingsAndPathsAreErrors) {
  auto m = make_black_box_method("cma-es");
  EXPECT_THROW(run_population(kObjective, kBox, *m, {}, {}, Checkpointing{.path = "x", .every = 0}),
               InvalidArgument);
  EXPECT_THROW(run_population(kObjective, kBox, *m, {}, {}, Checkpointing{.path = "/no/such/dir/ckpt.json"}),
               InvalidArgument);
}

}  // namespace
}  // namespace minima
