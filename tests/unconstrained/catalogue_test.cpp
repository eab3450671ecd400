// One harness runs every general-purpose method over the whole problem catalogue (STYLE lesson 10):
// each must reach the published minimum value from the standard start. Known failures are named
// below, per problem and method, with the reason — never hidden by looser tolerances.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "minima/problems/test_problem.hpp"
#include "minima/unconstrained/minimize.hpp"

namespace minima {
namespace {

// Methods a user would reach for on a smooth problem of modest size.
// (Plain Newton is not here: it stops, by design, on the first indefinite Hessian; the seeds' Newton
// examples are tested in newton_test.cpp. "newton-wolfe" modifies an indefinite Hessian.)
const std::vector<std::string> kMethods = {"bfgs",
                                           "lbfgs",
                                           "cg",
                                           "cg-hz",
                                           "newton-wolfe",
                                           "trust-region-dogleg",
                                           "trust-region-cg",
                                           "saddle-free-newton"};

// (problem, method) pairs that end elsewhere, with why. Each is still run: it must stop with an
// honest status (no NaN, no "converged" at a wrong point with a tiny gradient it does not have).
const std::map<std::pair<std::string, std::string>, std::string> kKnownFailures = {
    {{"freudenstein-roth", "newton-wolfe"},
     "the standard start leads to the local minimum f = 48.9842 (MGH 1981 list it)"},
    {{"meyer", "newton-wolfe"},
     "exponential model scaled over 1e5: 20000 damped Newton steps crawl (f = 170.4)"},
    {{"trigonometric", "newton-wolfe"},
     "ends at the local minimum f = 2.79506e-5 for n = 10 (MGH 1981 list it)"},
    {{"freudenstein-roth", "bfgs"},
     "the standard start leads to the local minimum f = 48.9842 (MGH 1981 list it)"},
    {{"biggs-exp6", "bfgs"}, "ends at the local minimum f = 5.65565e-3 (MGH 1981 list it)"},
    {{"trigonometric", "bfgs"}, "ends at the local minimum f = 2.79506e-5 for n = 10 (MGH 1981 list it)"},
    {{"broyden-banded", "bfgs"},
     "ends at a stationary point with f = 3.05728 (gradient ~1e-9), not the global f* = 0"},
    {{"freudenstein-roth", "lbfgs"},
     "the standard start leads to the local minimum f = 48.9842 (MGH 1981 list it)"},
    {{"biggs-exp6", "lbfgs"}, "ends at the local minimum f = 5.65565e-3 (MGH 1981 list it)"},
    {{"trigonometric", "lbfgs"}, "ends at the local minimum f = 2.79506e-5 for n = 10 (MGH 1981 list it)"},
    {{"broyden-banded", "lbfgs"},
     "ends at a stationary point with f = 3.05728 (gradient ~1e-9), not the global f* = 0"},
    {{"freudenstein-roth", "cg"},
     "the standard start leads to the local minimum f = 48.9842 (MGH 1981 list it)"},
    {{"powell-badly-scaled", "cg"}, "badly scaled (1e4 x y): the CG line search stalls at rounding level"},
    {{"brown-badly-scaled", "cg"},
     "badly scaled (x* = (1e6, 2e-6)): the CG line search stalls at rounding level"},
    {{"meyer", "cg"},
     "exponential model scaled over 1e5: line-search methods crawl (a least-squares method solves it)"},
    {{"biggs-exp6", "cg"}, "ends at the local minimum f = 5.65565e-3 (MGH 1981 list it)"},
    {{"trigonometric", "cg"}, "ends at the local minimum f = 2.79506e-5 for n = 10 (MGH 1981 list it)"},
    {{"broyden-banded", "cg"},
     "ends at a stationary point with f = 3.05728 (gradient ~1e-9), not the global f* = 0"},
    {{"freudenstein-roth", "cg-hz"},
     "the standard start leads to the local minimum f = 48.9842 (MGH 1981 list it)"},
    {{"powell-badly-scaled", "cg-hz"}, "badly scaled (1e4 x y): the CG line search stalls at rounding level"},
    {{"brown-badly-scaled", "cg-hz"},
     "badly scaled (x* = (1e6, 2e-6)): the CG line search stalls at rounding level"},
    {{"meyer", "cg-hz"},
     "exponential model scaled over 1e5: line-search methods crawl (a least-squares method solves it)"},
    {{"biggs-exp6", "cg-hz"}, "ends at the local minimum f = 5.65565e-3 (MGH 1981 list it)"},
    {{"trigonometric", "cg-hz"}, "ends at the local minimum f = 2.79506e-5 for n = 10 (MGH 1981 list it)"},
    {{"broyden-banded", "cg-hz"},
     "ends at a stationary point with f = 3.05728 (gradient ~1e-9), not the global f* = 0"},
    {{"freudenstein-roth", "trust-region-dogleg"},
     "the standard start leads to the local minimum f = 48.9842 (MGH 1981 list it)"},
    {{"meyer", "trust-region-dogleg"},
     "exponential model scaled over 1e5: the dogleg crawls (a least-squares method solves it)"},
    {{"biggs-exp6", "trust-region-dogleg"},
     "crawls toward the local minimum f = 5.65565e-3 (MGH 1981 list it)"},
    {{"trigonometric", "trust-region-dogleg"},
     "ends at the local minimum f = 2.79506e-5 for n = 10 (MGH 1981 list it)"},
    {{"freudenstein-roth", "trust-region-cg"},
     "the standard start leads to the local minimum f = 48.9842 (MGH 1981 list it)"},
    {{"meyer", "trust-region-cg"}, "the trust radius collapses at f = 89.07 (cond(J^T J) ~1e15 near x*)"},
    {{"trigonometric", "trust-region-cg"},
     "ends at the local minimum f = 2.79506e-5 for n = 10 (MGH 1981 list it)"},
    {{"freudenstein-roth", "saddle-free-newton"},
     "the standard start leads to the local minimum f = 48.9842 (MGH 1981 list it)"},
    {{"trigonometric", "saddle-free-newton"},
     "ends at the local minimum f = 2.79506e-5 for n = 10 (MGH 1981 list it)"},
};

bool reached(const TestProblem& p, const Result& r) {
  const double tol = 1e-6 * std::max(1.0, std::abs(p.f_min));
  return std::isfinite(r.f) && r.f - p.f_min <= tol;
}

class Catalogue : public ::testing::TestWithParam<std::string> {};

TEST_P(Catalogue, EveryMethodReachesThePublishedMinimum) {
  const std::string method_name = GetParam();
  const Method method = method_from_name(method_name);
  Stop stop;
  stop.max_iterations = 20000;
  stop.g_abstol = 1e-9;
  stop.f_reltol = 1e-15;  // stagnation at round-off counts as converged, not as a failure
  std::string failures;
  int solved = 0, attempted = 0;
  for (const ProblemInfo& info : list_problems()) {
    const TestProblem p = make_problem(info.name);
    ++attempted;
    const Result r = minimize(p.objective, p.x0, method, stop);
    const bool ok = reached(p, r);
    solved += ok;
    const auto known = kKnownFailures.find({p.name, method_name});
    if (known != kKnownFailures.end()) {
      EXPECT_FALSE(ok) << p.name << " / " << method_name << " now succeeds: remove it from kKnownFailures";
      EXPECT_FALSE(std::isnan(r.f)) << p.name;
      continue;
    }
    if (!ok)
      failures += fmt::format("\n  {}: f = {:.10g} (f* = {:.10g}), {} after {} iterations: {}", p.name, r.f,
                              p.f_min, to_string(r.status), r.iterations, r.message);
  }
  EXPECT_TRUE(failures.empty()) << method_name << " missed:" << failures;
  RecordProperty("solved", solved);
  std::printf("%s: %d of %d problems solved\n", method_name.c_str(), solved, attempted);
}

INSTANTIATE_TEST_SUITE_P(Methods, Catalogue, ::testing::ValuesIn(kMethods), [](const auto& info) {
  std::string s = info.param;
  for (char& c : s)
    if (c == '-') c = '_';
  return s;
});

}  // namespace
}  // namespace minima
