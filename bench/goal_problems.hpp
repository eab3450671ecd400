// What bench_global_goals and bench_eda_vbmfa share: the 10-D functions of issue 17's goals
// (make_global_problem(name, 10), plus "sphere", Σ (x − x_opt)² in Rastrigin's box |x| ≤ 5 with
// Rastrigin's x_opt, whose goal is f < 1e-8), a comma-separated list, and a median.
#pragma once

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "minima/problems/global_problems.hpp"

namespace minima::bench {

inline GlobalProblem goal_problem(const std::string& name) {
  if (name != "sphere") return make_global_problem(name, 10);
  GlobalProblem p = make_global_problem("rastrigin", 10);  // its box and x_opt
  const Vector shift = p.x_min;
  p.name = "sphere";
  p.function = [shift](const Vector& x) { return (x - shift).squaredNorm(); };
  return p;
}

/// "a,b,,c" → {"a", "b", "c"}.
inline std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

/// The median, NaN for none.
inline double median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

}  // namespace minima::bench
