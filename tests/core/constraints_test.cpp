#include "minima/core/constraints.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "minima/core/error.hpp"

namespace minima {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(Bounds, ProjectClampsEachSideIndependently) {
  Bounds b{.lower = Vector{{0.0, -kInf}}, .upper = Vector{{1.0, 2.0}}};
  b.validate(2);
  EXPECT_EQ(b.project(Vector{{-3.0, 5.0}}), (Vector{{0.0, 2.0}}));
  EXPECT_EQ(b.project(Vector{{0.5, -1e300}}), (Vector{{0.5, -1e300}}));
  EXPECT_TRUE(b.contains(Vector{{1.0, 2.0}}));
  EXPECT_FALSE(b.contains(Vector{{1.0, 2.5}}));
  Bounds upper_only{.lower = {}, .upper = Vector{{1.0, 1.0}}};
  EXPECT_EQ(upper_only.project(Vector{{3.0, -3.0}}), (Vector{{1.0, -3.0}}));
  EXPECT_EQ(upper_only.expanded(2).lower, Vector::Constant(2, -kInf));
}

TEST(Bounds, ValidateNamesTheBadEntry) {
  auto message = [](const Bounds& b, Index n) -> std::string {
    try {
      b.validate(n);
    } catch (const InvalidArgument& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_EQ(message(Bounds{.lower = Vector{{0.0, 3.0}}, .upper = Vector{{1.0, 2.0}}}, 2),
            "variable 2: lower bound 3 exceeds upper bound 2");
  EXPECT_EQ(message(Bounds{.lower = Vector{{0.0, std::nan("")}}, .upper = {}}, 2),
            "lower bound of variable 2 is NaN");
  EXPECT_EQ(message(Bounds{.lower = Vector{{0.0}}, .upper = {}}, 2),
            "lower bound has 1 entries for 2 variables");
  EXPECT_EQ(message(Bounds{.lower = Vector{{kInf}}, .upper = {}}, 1),
            "variable 1: bounds [inf, inf] admit no finite value");
  EXPECT_EQ(message(Bounds{.lower = Vector{{1.0}}, .upper = Vector{{1.0}}}, 1), "");
}

}  // namespace
}  // namespace minima
