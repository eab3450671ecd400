// The 10-D functions of issue 17's goals, shared by bench_global_goals and bench_eda_vbmfa:
// make_global_problem(name, 10), plus "sphere", Σ (x − x_opt)² in Rastrigin's box |x| ≤ 5 with
// Rastrigin's x_opt (its goal is f < 1e-8).
#pragma once

#include <string>

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

}  // namespace minima::bench
