// The parts several EDAs share: initial population, box repair, selection, RTR, Gaussian fit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "minima/core/error.hpp"
#include "minima/evolution/box_repair.hpp"
#include "minima/evolution/gaussian_model.hpp"
#include "minima/evolution/initial_population.hpp"
#include "minima/evolution/restricted_tournament_replacement.hpp"
#include "minima/evolution/tournament_selection.hpp"
#include "minima/evolution/truncation_selection.hpp"

namespace minima {
namespace {

const Bounds kBox{.lower = Vector{{-1.0, 2.0}}, .upper = Vector{{1.0, 6.0}}};

TEST(UniformPopulation, InsideTheBoxWithTheUniformMoments) {
  Rng rng(7);
  const Matrix X = uniform_population(kBox, 20000, rng);
  ASSERT_EQ(X.rows(), 2);
  for (Index j = 0; j < X.cols(); ++j) ASSERT_TRUE(kBox.contains(X.col(j)));
  // Mean (l+u)/2, variance (u-l)²/12; 20000 draws: standard errors ~0.004 and ~0.016.
  EXPECT_NEAR(X.row(0).mean(), 0.0, 0.02);
  EXPECT_NEAR(X.row(1).mean(), 4.0, 0.05);
  const double var1 = (X.row(1).array() - X.row(1).mean()).square().mean();
  EXPECT_NEAR(var1, 16.0 / 12.0, 0.05);
}

TEST(BoxRepair, ResamplesThenClips) {
  Rng rng(1);
  int draws = 0;
  bool clipped = true;
  // Inside on the third draw: no clip.
  Vector x = sample_in_box(
      [&] {
        ++draws;
        return draws < 3 ? Vector{{5.0, 5.0}} : Vector{{0.5, 3.0}};
      },
      kBox, BoxRepair{.max_resamples = 10}, &clipped);
  EXPECT_EQ(draws, 3);
  EXPECT_FALSE(clipped);
  EXPECT_EQ(x, (Vector{{0.5, 3.0}}));
  // Never inside: 1 + max_resamples draws, then the last draw is projected.
  draws = 0;
  x = sample_in_box(
      [&] {
        ++draws;
        return Vector{{-3.0, 4.0}};
      },
      kBox, BoxRepair{.max_resamples = 4}, &clipped);
  EXPECT_EQ(draws, 5);
  EXPECT_TRUE(clipped);
  EXPECT_EQ(x, (Vector{{-1.0, 4.0}}));
}

TEST(TruncationSelection, BestFirstTiesByIndex) {
  const Vector v{{3.0, 1.0, 2.0, 1.0, 0.5}};
  EXPECT_EQ(truncation_selection(v, 3), (std::vector<Index>{4, 1, 3}));
  EXPECT_EQ(rank_order(v), (std::vector<Index>{4, 1, 3, 2, 0}));
  EXPECT_THROW(truncation_selection(v, 6), InvalidArgument);
}

TEST(TournamentSelection, WinProbabilityOfBinaryTournaments) {
  // With size 2 and replacement, the member of rank r (0 = best) of N wins a tournament with
  // probability (2(N - r) - 1) / N². For N = 4: 7/16, 5/16, 3/16, 1/16.
  const Vector v{{10.0, 0.0, 30.0, 20.0}};
  Rng rng(3);
  const auto picks = tournament_selection(v, 160000, 2, rng);
  std::vector<double> share(4, 0.0);
  for (Index p : picks) share[static_cast<std::size_t>(p)] += 1.0 / 160000.0;
  EXPECT_NEAR(share[1], 7.0 / 16, 0.005);
  EXPECT_NEAR(share[0], 5.0 / 16, 0.005);
  EXPECT_NEAR(share[3], 3.0 / 16, 0.005);
  EXPECT_NEAR(share[2], 1.0 / 16, 0.005);
  EXPECT_THROW(tournament_selection(Vector(), 2, 2, rng), InvalidArgument);
  EXPECT_THROW(tournament_selection(v, 2, 0, rng), InvalidArgument);
}

TEST(RestrictedTournamentReplacement, ReplacesTheNearestOnlyWhenBetter) {
  Matrix population{{0.0, 10.0, 20.0}};
  Vector values{{5.0, 5.0, 5.0}};
  Rng rng(11);
  // The window is the whole population, so the nearest member is found for sure.
  const Matrix offspring{{9.0, 21.0, 1.0}};
  const Vector offspring_values{{4.0, 6.0, 5.0}};
  EXPECT_EQ(restricted_tournament_replacement(population, values, offspring, offspring_values, 3, rng), 1);
  EXPECT_EQ(population, (Matrix{{0.0, 9.0, 20.0}}));
  EXPECT_EQ(values, (Vector{{5.0, 4.0, 5.0}}));
  EXPECT_EQ(rtr_window(800), 40);
  EXPECT_EQ(rtr_window(10), 1);
  EXPECT_THROW(restricted_tournament_replacement(population, values, offspring, Vector{{1.0}}, 3, rng),
               InvalidArgument);
}

TEST(RestrictedTournamentReplacement, WindowOfOneIsAUniformMember) {
  // Window 1: each offspring meets one uniformly drawn member; a better offspring always replaces
  // it. Over many trials each of the 4 members is replaced about a quarter of the time.
  Rng rng(5);
  std::vector<int> hits(4, 0);
  for (int t = 0; t < 40000; ++t) {
    Matrix population{{0.0, 1.0, 2.0, 3.0}};
    Vector values = Vector::Constant(4, 1.0);
    restricted_tournament_replacement(population, values, Matrix{{100.0}}, Vector{{0.0}}, 1, rng);
    for (int m = 0; m < 4; ++m) hits[static_cast<std::size_t>(m)] += population(0, m) == 100.0;
  }
  for (int h : hits) EXPECT_NEAR(h / 40000.0, 0.25, 0.01);
}

TEST(GaussianModel, FitsMeanAndCovarianceAndSamplesThem) {
  Rng rng(2);
  GaussianModel truth;
  truth.mean = Vector{{1.0, -2.0}};
  truth.cholesky = Matrix{{2.0, 0.0}, {1.5, 0.5}};
  Matrix X(2, 50000);
  for (Index j = 0; j < X.cols(); ++j) X.col(j) = truth.sample(rng);
  const GaussianModel fit = fit_gaussian(X);
  const Matrix sigma = truth.cholesky * truth.cholesky.transpose();  // [[4, 3], [3, 2.5]]
  EXPECT_NEAR(fit.mean[0], 1.0, 0.03);
  EXPECT_NEAR(fit.mean[1], -2.0, 0.03);
  EXPECT_NEAR(fit.covariance(0, 0), sigma(0, 0), 0.1);
  EXPECT_NEAR(fit.covariance(0, 1), sigma(0, 1), 0.1);
  EXPECT_NEAR(fit.covariance(1, 1), sigma(1, 1), 0.1);
  EXPECT_NEAR(fit.max_std(), 2.0, 0.03);
  // Rank-deficient data (all points on a line) still gets a usable factor.
  const GaussianModel line = fit_gaussian(Matrix{{0.0, 1.0, 2.0}, {0.0, 1.0, 2.0}});
  EXPECT_TRUE(line.cholesky.allFinite());
  EXPECT_NEAR((line.cholesky * line.cholesky.transpose() - line.covariance).norm(), 0.0, 1e-12);
}

}  // namespace
}  // namespace minima
