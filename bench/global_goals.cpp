// The goals of issue 17 for minima's black-box methods: for each (function, method), over R runs with
// seeds S..S+R-1 (S = --first-seed, 1), how many reach f < target inside the box within the budget, and the
// median evaluations to the target over the runs that do. Functions (10-D, global_problems.hpp, plus a
// shifted sphere Σ (x − x_opt)² in |x| ≤ 5 with Rastrigin's x_opt and target 1e-8):
// fletcher-powell, rosenbrock, sphere, rastrigin, ackley, schwefel. The Python peers (scipy's
// differential_evolution and dual_annealing, python3-cmaes) run on the same functions in
// bench/global_goals_peers.py. Usage:
//   bench_global_goals [--runs 20] [--first-seed 1] [--budget 1000000] [--target 1e-6] [--threads 1]
//                      [--problems a,b,...] [--methods de,multistart,...] [--quick] [--json]
// --quick: 3 runs and a budget of 200,000 (for development on a shared machine).
// A multistart variant: "multistart/key=value/..." with the keys local (bobyqa or lbfgsb),
// population, gamma (reduced_fraction), sigma, concurrent (concurrent_runs; 0: unlimited), radius
// (bobyqa_radius), rho_end (bobyqa.rho_end), explore (explore_tolerance), ftol (local_stop.f_reltol),
// e.g. --methods multistart,multistart/local=lbfgsb/concurrent=0.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "arguments.hpp"
#include "goal_problems.hpp"
#include "minima/evolution/black_box.hpp"
#include "minima/evolution/multistart.hpp"

using namespace minima;

namespace {

/// "multistart/key=value/..." → the settings (the keys are listed at the top); exits on a bad key.
Multistart multistart_variant(const std::string& method) {
  Multistart m;
  std::stringstream in(method.substr(method.find('/') + 1));
  for (std::string item; std::getline(in, item, '/');) {
    const auto eq = item.find('=');
    const std::string key = item.substr(0, eq), value = eq == std::string::npos ? "" : item.substr(eq + 1);
    const double v = std::atof(value.c_str());
    if (key == "local" && (value == "bobyqa" || value == "lbfgsb"))
      m.local_method = value == "bobyqa" ? MultistartLocal::bobyqa : MultistartLocal::lbfgsb;
    else if (key == "population")
      m.population = static_cast<Index>(v);
    else if (key == "gamma")
      m.reduced_fraction = v;
    else if (key == "sigma")
      m.sigma = v;
    else if (key == "concurrent")
      m.concurrent_runs = v > 0 ? std::optional<Index>(static_cast<Index>(v)) : std::nullopt;
    else if (key == "radius")
      m.bobyqa_radius = v;
    else if (key == "rho_end")
      m.bobyqa.rho_end = v;
    else if (key == "explore")
      m.explore_tolerance = v;
    else if (key == "ftol")
      m.local_stop.f_reltol = v;
    else {
      std::fprintf(stderr, "bad multistart variant item '%s' in %s\n", item.c_str(), method.c_str());
      std::exit(2);
    }
  }
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 20, threads = 1, first_seed = 1;
  long budget = 1'000'000;
  double target = 1e-6;
  bool json = false;
  std::vector<std::string> problems = {"fletcher-powell", "rosenbrock", "sphere",
                                       "rastrigin",       "ackley",     "schwefel"};
  std::vector<std::string> methods = {"de",     "de-rand1bin",  "multistart",
                                      "cma-es", "bipop-cma-es", "eda-vbmfa"};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&] { return minima::bench::flag_value(argc, argv, i); };
    if (a == "--runs")
      runs = std::atoi(value().c_str());
    else if (a == "--first-seed")
      first_seed = std::atoi(value().c_str());
    else if (a == "--budget")
      budget = std::atol(value().c_str());
    else if (a == "--target")
      target = std::atof(value().c_str());
    else if (a == "--threads")
      threads = std::atoi(value().c_str());
    else if (a == "--problems")
      problems = bench::split(value());
    else if (a == "--methods")
      methods = bench::split(value());
    else if (a == "--json")
      json = true;
    else if (a == "--quick") {
      runs = 3;
      budget = 200'000;
    } else {
      std::fprintf(stderr, "unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  fmt::print(
      "| function (10-D) | method | solved | median evals | median seconds per run "
      "|\n|---|---|---|---|---|\n");
  std::fflush(stdout);
  for (const auto& name : problems) {
    const GlobalProblem p = bench::goal_problem(name);
    const double goal = name == "sphere" ? 1e-8 : target;
    for (const auto& method : methods) {
      int solved = 0;
      std::vector<double> hits, seconds;
      for (int r = 1; r <= runs; ++r) {
        BlackBoxSettings s;
        s.max_evaluations = budget;
        s.seed = static_cast<std::uint64_t>(first_seed + r - 1);
        s.threads = threads;
        s.f_target = std::nextafter(goal, 0.0);  // f < goal
        const auto start = std::chrono::steady_clock::now();
        const Result res = method.starts_with("multistart/")
                               ? multistart(p.objective(), p.box, multistart_variant(method), s)
                               : minimize_black_box(p.objective(), p.box, method, s);
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        if (res.status == Status::target_reached) {
          ++solved;
          hits.push_back(static_cast<double>(res.population->best_trace.back().evaluations));
        }
        if (json)
          fmt::print(stderr,
                     "{{\"problem\": \"{}\", \"method\": \"{}\", \"seed\": {}, \"solved\": {}, \"f\": {}, "
                     "\"evaluations\": {}}}\n",
                     name, method, first_seed + r - 1, res.status == Status::target_reached, res.f,
                     res.status == Status::target_reached ? res.population->best_trace.back().evaluations
                                                          : res.evaluations.function);
      }
      const double m = bench::median(hits);
      fmt::print("| {} | {} | {}/{} | {} | {:.2f} |\n", name, method, solved, runs,
                 std::isnan(m) ? std::string("—") : fmt::format("{:.0f}", m), bench::median(seconds));
      std::fflush(stdout);
    }
  }
  return 0;
}
