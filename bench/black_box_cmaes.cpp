// minima's IPOP-CMA-ES against pagmo's cmaes (libpagmo-dev) on the global test functions of issue 6:
// success rate (f < target inside the box) over R runs, median evaluations to the target, and the
// algorithm's time per evaluation beyond the function itself. Both get the same budget, the same
// σ₀ = 0.3 of the box width, and restarts that double λ from 4 + ⌊3 ln n⌋ (pagmo's cmaes has no
// restarts: the loop below gives it IPOP's, restarting when its xtol/ftol test ends a run). pagmo
// runs with force_bounds (points clipped into the box) so every point it evaluates counts.
//
//   bench_black_box_cmaes [--runs 20] [--budget 1000000] [--target 1e-6] [--problems a,b,...]
//                         [--methods minima,pagmo] [--resamples K] [--active 0/1]
//                         [--lambda L] [--increase F] [--restarts ipop|bipop]
// (the last five change minima's box repair, active update, first λ, λ's growth per restart and
// restart strategy, for comparing variants).
// Prints one JSON line per (problem, method) and a table.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <pagmo/algorithm.hpp>
#include <pagmo/algorithms/cmaes.hpp>
#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>

#include "minima/evolution/cma_es.hpp"
#include "minima/problems/global_problems.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Outcome {
  bool solved = false;
  long evaluations_to_target = 0;  // when solved
  long evaluations = 0;
  double seconds = 0.0;
  double function_seconds = 0.0;  // time inside the objective
};

/// Shared between the copies pagmo makes of the problem.
struct Tally {
  const minima::GlobalProblem* problem = nullptr;
  long evaluations = 0;
  long budget = 0;
  double target = 0.0;
  bool solved = false;
  long hit = 0;
  double function_seconds = 0.0;
};
struct StopRun {};

struct PagmoProblem {
  std::shared_ptr<Tally> tally;
  pagmo::vector_double fitness(const pagmo::vector_double& x) const {
    Tally& t = *tally;
    if (t.solved || t.evaluations >= t.budget) throw StopRun{};
    const minima::Vector v = Eigen::Map<const minima::Vector>(x.data(), static_cast<minima::Index>(x.size()));
    const auto start = Clock::now();
    const double f = t.problem->function(v);
    t.function_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    ++t.evaluations;
    if (f < t.target && t.problem->box.contains(v)) {
      t.solved = true;
      t.hit = t.evaluations;
    }
    return {f};
  }
  std::pair<pagmo::vector_double, pagmo::vector_double> get_bounds() const {
    const auto& b = tally->problem->box;
    return {pagmo::vector_double(b.lower.data(), b.lower.data() + b.lower.size()),
            pagmo::vector_double(b.upper.data(), b.upper.data() + b.upper.size())};
  }
};

Outcome run_pagmo(const minima::GlobalProblem& p, long budget, double target, unsigned seed) {
  auto tally = std::make_shared<Tally>();
  tally->problem = &p;
  tally->budget = budget;
  tally->target = target;
  const auto start = Clock::now();
  const auto n = static_cast<double>(p.dimension());
  unsigned lambda = 4u + static_cast<unsigned>(std::floor(3.0 * std::log(n)));
  lambda = std::max(lambda, 5u);  // pagmo's cmaes needs at least 5
  unsigned run = 0;
  try {
    while (!tally->solved && tally->evaluations < budget) {
      pagmo::problem prob{PagmoProblem{tally}};
      pagmo::population pop{prob, lambda, seed * 1000u + run};
      pagmo::algorithm algo{
          pagmo::cmaes(100000u, -1, -1, -1, -1, 0.3, 1e-12, 1e-12, false, true, seed * 7919u + run)};
      pop = algo.evolve(pop);
      lambda *= 2u;
      ++run;
    }
  } catch (const StopRun&) {
  }
  Outcome o;
  o.solved = tally->solved;
  o.evaluations_to_target = tally->hit;
  o.evaluations = tally->evaluations;
  o.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  o.function_seconds = tally->function_seconds;
  return o;
}

Outcome run_minima(const minima::GlobalProblem& p, long budget, double target, unsigned seed,
                   const minima::CmaEs& settings) {
  double function_seconds = 0.0;
  const auto f = minima::BatchObjective::from_function(
      [&](const minima::Vector& x) {
        const auto start = Clock::now();
        const double v = p.function(x);
        function_seconds += std::chrono::duration<double>(Clock::now() - start).count();
        return v;
      },
      p.dimension());
  minima::BlackBoxSettings s;
  s.max_evaluations = budget;
  s.f_target = std::nextafter(target, 0.0);  // f < target, as for pagmo
  s.seed = seed;
  const minima::Result r = minima::cma_es(f, p.box, settings, s);
  Outcome o;
  o.solved = r.status == minima::Status::target_reached;
  o.evaluations_to_target = o.solved ? r.population->best_trace.back().evaluations : 0;
  o.evaluations = r.evaluations.function;
  o.seconds = r.seconds;
  o.function_seconds = function_seconds;
  return o;
}

double median(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 20;
  long budget = 1'000'000;
  double target = 1e-6;
  std::vector<std::string> problems = minima::list_global_problems();
  std::vector<std::string> methods = {"minima", "pagmo"};
  minima::CmaEs settings{.max_restarts = 1000};
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--runs")
      runs = std::atoi(value.c_str());
    else if (key == "--budget")
      budget = std::atol(value.c_str());
    else if (key == "--target")
      target = std::atof(value.c_str());
    else if (key == "--resamples")
      settings.box_repair.max_resamples = std::atoi(value.c_str());
    else if (key == "--active")
      settings.active = value != "0";
    else if (key == "--lambda")
      settings.population = std::atol(value.c_str());
    else if (key == "--restarts")
      settings.restarts = value == "bipop" ? minima::CmaEsRestarts::bipop : minima::CmaEsRestarts::ipop;
    else if (key == "--increase")
      settings.population_increase = std::atof(value.c_str());
    else if (key == "--methods") {
      methods.clear();
      if (value.find("minima") != std::string::npos) methods.push_back("minima");
      if (value.find("pagmo") != std::string::npos) methods.push_back("pagmo");
    } else if (key == "--problems") {
      problems.clear();
      std::size_t start = 0;
      while (start <= value.size()) {
        const auto comma = value.find(',', start);
        problems.push_back(
            value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    } else {
      std::fprintf(stderr, "unknown option %s\n", key.c_str());
      return 2;
    }
  }
  std::string table = fmt::format("{:<16} {:<8} {:>8} {:>14} {:>16} {:>12}\n", "problem", "method", "solved",
                                  "median evals", "overhead us/eval", "seconds");
  for (const std::string& name : problems) {
    const minima::GlobalProblem p = minima::make_global_problem(name, 10);
    for (const std::string& method_name : methods) {
      const char* method = method_name.c_str();
      int solved = 0;
      std::vector<double> evals;
      double overhead = 0.0, seconds = 0.0;
      long total_evaluations = 0;
      for (int r = 0; r < runs; ++r) {
        const unsigned seed = static_cast<unsigned>(r + 1);
        const Outcome o = std::string(method) == "minima" ? run_minima(p, budget, target, seed, settings)
                                                          : run_pagmo(p, budget, target, seed);
        if (o.solved) {
          ++solved;
          evals.push_back(static_cast<double>(o.evaluations_to_target));
        }
        overhead += o.seconds - o.function_seconds;
        seconds += o.seconds;
        total_evaluations += o.evaluations;
      }
      const double us_per_eval = 1e6 * overhead / static_cast<double>(std::max<long>(1, total_evaluations));
      std::printf(
          "{\"problem\": \"%s\", \"method\": \"%s\", \"runs\": %d, \"solved\": %d, \"median_evaluations\": "
          "%.0f, "
          "\"overhead_us_per_evaluation\": %.3f, \"seconds\": %.2f}\n",
          name.c_str(), method, runs, solved, median(evals), us_per_eval, seconds);
      std::fflush(stdout);
      table += fmt::format("{:<16} {:<8} {:>5}/{:<2} {:>14.0f} {:>16.3f} {:>12.1f}\n", name, method, solved,
                           runs, median(evals), us_per_eval, seconds);
    }
  }
  std::printf("\n%s", table.c_str());
}
