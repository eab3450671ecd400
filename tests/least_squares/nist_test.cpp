// Every NIST StRD nonlinear regression problem from both starts: the log relative error (correct
// significant digits) of every parameter, of the residual sum of squares and of the standard
// deviations against NIST's certified values.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "minima/least_squares/least_squares.hpp"
#include "minima/problems/nist.hpp"

namespace minima {
namespace {

struct NistCase {
  std::string name;
  int start;
};

std::string case_name(const testing::TestParamInfo<NistCase>& info) {
  return info.param.name + "_start" + std::to_string(info.param.start);
}

std::vector<NistCase> all_cases() {
  std::vector<NistCase> out;
  for (const auto& name : nist_problem_names())
    for (int start : {1, 2}) out.push_back({name, start});
  return out;
}

class NistStrd : public testing::TestWithParam<NistCase> {};

TEST_P(NistStrd, CertifiedDigits) {
  const NistProblem p = load_nist(GetParam().name);
  const Result r = solve_least_squares(p.residuals(), p.start(GetParam().start), LevenbergMarquardt{},
                                       Stop{.g_abstol = 0.0});
  ASSERT_TRUE(r.converged()) << r.brief();
  ASSERT_TRUE(r.least_squares.has_value());
  const LeastSquaresSummary& s = *r.least_squares;
  double worst = 99;
  for (Index j = 0; j < p.parameters(); ++j) {
    const double lre = log_relative_error(r.x[j], p.certified[j].value, p.certified[j].digits);
    worst = std::min(worst, lre);
    EXPECT_GE(lre, 6.0) << p.parameter_names[j] << " = " << r.x[j] << ", certified " << p.certified[j].value;
  }
  std::cout << fmt::format("{:<9} start {}: min LRE {:.1f}, {} iterations, {} r, {} J, {}\n", p.name,
                           GetParam().start, worst, r.iterations, r.evaluations.function,
                           r.evaluations.gradient, to_string(r.status));
}

INSTANTIATE_TEST_SUITE_P(All, NistStrd, testing::ValuesIn(all_cases()), case_name);

}  // namespace
}  // namespace minima
