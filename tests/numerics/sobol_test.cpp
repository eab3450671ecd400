// The Sobol sequence against scipy.stats.qmc.Sobol(64, scramble=False) (Joe-Kuo directions), and
// its defining property: every 2^k-point prefix puts one point in each dyadic interval per axis.
#include "minima/numerics/sobol.hpp"

#include <gtest/gtest.h>

#include <array>
#include <set>
#include <vector>

#include "minima/core/error.hpp"

namespace minima {
namespace {

TEST(Sobol, MatchesScipysUnscrambledSequence) {
  // Points 1, 37, 1000, 1023 in dimensions 1, 2, 3, 10, 20, 64, printed by
  // scipy 1.10: Sobol(d=64, scramble=False).random(1024)[i][[0, 1, 2, 9, 19, 63]].
  const std::vector<std::pair<int, std::array<double, 6>>> expected = {
      {1, {0.5, 0.5, 0.5, 0.5, 0.5, 0.5}},
      {37, {0.921875, 0.640625, 0.578125, 0.171875, 0.140625, 0.828125}},
      {1000, {0.2197265625, 0.0966796875, 0.5185546875, 0.0693359375, 0.7255859375, 0.4462890625}},
      {1023, {0.0009765625, 0.7529296875, 0.6123046875, 0.8505859375, 0.3193359375, 0.0400390625}},
  };
  SobolSequence sobol(64);
  std::vector<Vector> points;
  for (int i = 0; i < 1024; ++i) points.push_back(sobol.next());
  EXPECT_EQ(points[0], Vector::Zero(64));
  for (const auto& [i, values] : expected) {
    const Vector& x = points[static_cast<std::size_t>(i)];
    const int dims[] = {0, 1, 2, 9, 19, 63};
    for (int k = 0; k < 6; ++k)
      EXPECT_EQ(x[dims[k]], values[static_cast<std::size_t>(k)]) << "point " << i << " dim " << dims[k] + 1;
  }
}

TEST(Sobol, EachPowerOfTwoPrefixStratifiesEveryAxis) {
  SobolSequence sobol(12);
  const int count = 256;
  std::vector<std::set<int>> cells(12);
  for (int i = 0; i < count; ++i) {
    const Vector x = sobol.next();
    for (int d = 0; d < 12; ++d) cells[static_cast<std::size_t>(d)].insert(static_cast<int>(x[d] * count));
  }
  for (int d = 0; d < 12; ++d)
    EXPECT_EQ(cells[static_cast<std::size_t>(d)].size(), static_cast<std::size_t>(count));
  EXPECT_EQ(sobol.index(), 256u);
}

TEST(Sobol, ADigitalShiftXorsEveryPoint) {
  SobolSequence plain(3), shifted(3, {0x80000000u, 0x40000000u, 0u});
  for (int i = 0; i < 64; ++i) {
    const Vector a = plain.next(), b = shifted.next();
    EXPECT_EQ(b[0], a[0] < 0.5 ? a[0] + 0.5 : a[0] - 0.5);  // top bit flipped
    EXPECT_EQ(b[2], a[2]);
    EXPECT_NE(b[1], a[1]);
  }
  EXPECT_THROW(SobolSequence(3, {1u, 2u}), InvalidArgument);
}

TEST(Sobol, RejectsDimensionsWithoutDirections) {
  EXPECT_THROW(SobolSequence(0), InvalidArgument);
  EXPECT_THROW(SobolSequence(65), InvalidArgument);
}

}  // namespace
}  // namespace minima
