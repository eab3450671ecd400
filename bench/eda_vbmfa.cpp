// EDA_vbMFA benchmark (issue 6, item 7): success over runs on Fletcher–Powell-10 (inside the box)
// and Rosenbrock-10, median evaluations to f < 1e-6, and the algorithm's own overhead per
// generation (ask + tell, evaluation excluded) at N = 800 in 10-D. Usage:
//   bench_eda_vbmfa [runs=20] [budget=1000000] [population=800] [setting=value ...]
// Settings override EdaVbMfa's defaults for the runs (not for the overhead, which uses the
// defaults): restarts, increase, max_population, stagnation, stagnation_tol, vbem_tol, warm (0/1),
// latent (0 posterior_mean, 1 posterior_sample, 2 prior), tournament, window, offspring, parents,
// analysers, factors, shared_noise (0/1).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <stdexcept>
#include <string>
#include <vector>

#include "minima/evolution/eda_vbmfa.hpp"
#include "minima/problems/global_problems.hpp"

using namespace minima;

namespace {

double median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

// CPU time of this thread: on a loaded machine it counts only the time the benchmark ran.
double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

struct Overhead {
  double wall = 0, cpu = 0;  // seconds per generation
};

// Seconds per generation spent in ask + tell (the model, sampling, selection, RTR), after the
// initial population, wall clock and thread CPU time; the objective is evaluated outside the timed
// parts.
Overhead overhead_per_generation(Index population, int generations) {
  const GlobalProblem p = make_global_problem("fletcher-powell", 10);
  auto method = make_population_method(EdaVbMfa{.population = population});
  Rng rng(12345);
  method->init(p.box, rng);
  Matrix candidates;
  Vector values;
  Overhead total;
  for (int g = 0; g <= generations; ++g) {
    const double c0 = thread_cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    method->ask(candidates, rng);
    const auto t1 = std::chrono::steady_clock::now();
    const double c1 = thread_cpu_seconds();
    values.resize(candidates.cols());
    for (Index j = 0; j < candidates.cols(); ++j) values[j] = p.function(candidates.col(j));
    GenerationRecord record;
    const double c2 = thread_cpu_seconds();
    const auto t2 = std::chrono::steady_clock::now();
    method->tell(candidates, values, rng, record);
    const auto t3 = std::chrono::steady_clock::now();
    const double c3 = thread_cpu_seconds();
    if (g > 0) {
      total.wall +=
          std::chrono::duration<double>(t1 - t0).count() + std::chrono::duration<double>(t3 - t2).count();
      total.cpu += (c1 - c0) + (c3 - c2);
    }
  }
  total.wall /= generations;
  total.cpu /= generations;
  return total;
}

// Applies one "name=value" override; throws for an unknown name.
void apply_setting(EdaVbMfa& s, const std::string& arg) {
  const auto eq = arg.find('=');
  if (eq == std::string::npos) throw std::invalid_argument("expected name=value: " + arg);
  const std::string name = arg.substr(0, eq);
  const double v = std::stod(arg.substr(eq + 1));
  if (name == "restarts")
    s.max_restarts = static_cast<int>(v);
  else if (name == "increase")
    s.population_increase = v;
  else if (name == "max_population")
    s.max_population = static_cast<Index>(v);
  else if (name == "stagnation")
    s.stagnation_generations = static_cast<int>(v);
  else if (name == "stagnation_tol")
    s.stagnation_tolerance = v;
  else if (name == "vbem_tol")
    s.model.relative_tolerance = v;
  else if (name == "warm")
    s.warm_start = v != 0;
  else if (name == "latent")
    s.latent = static_cast<EdaVbMfaLatent>(static_cast<int>(v));
  else if (name == "tournament")
    s.tournament_size = static_cast<int>(v);
  else if (name == "window")
    s.window_fraction = v;
  else if (name == "offspring")
    s.offspring_ratio = v;
  else if (name == "parents")
    s.parent_ratio = v;
  else if (name == "analysers")
    s.model.max_analysers = static_cast<int>(v);
  else if (name == "shared_noise")
    s.model.noise = v != 0 ? VbMfaNoise::shared : VbMfaNoise::per_analyser;
  else if (name == "factors")
    s.model.max_latent_dimensions = static_cast<int>(v);
  else
    throw std::invalid_argument("unknown setting " + name);
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 20;
  const long budget = argc > 2 ? std::atol(argv[2]) : 1'000'000;
  const Index population = argc > 3 ? std::atol(argv[3]) : 800;
  EdaVbMfa settings{.population = population};
  for (int a = 4; a < argc; ++a) apply_setting(settings, argv[a]);
  settings.validate();
  if (runs > 0) {
    std::printf("EDA_vbMFA, N = %ld, %d runs, budget %ld, success f < 1e-6 inside the box",
                static_cast<long>(population), runs, budget);
    for (int a = 4; a < argc; ++a) std::printf(", %s", argv[a]);
    std::printf(
        "\n| problem | solved | median evaluations (solved runs) | median best f | seconds/run | "
        "restarts (all runs) |\n");
    std::printf("|---|---:|---:|---:|---:|---:|\n");
    for (const char* name : {"fletcher-powell", "rosenbrock"}) {
      const GlobalProblem p = make_global_problem(name, 10);
      int solved = 0;
      std::vector<double> evals, best, secs;
      long restarts = 0;
      for (int r = 0; r < runs; ++r) {
        const Result res = eda_vbmfa(
            p.objective(), p.box, settings,
            {.max_evaluations = budget, .f_target = 1e-6, .seed = 1000u + static_cast<unsigned>(r)});
        const bool ok = res.f < 1e-6 && p.box.contains(res.x);
        solved += ok;
        if (ok) evals.push_back(static_cast<double>(res.evaluations.function));
        best.push_back(res.f);
        secs.push_back(res.seconds);
        restarts += res.population ? res.population->restarts : 0;
      }
      std::printf("| %s-10 | %d/%d | %.0f | %.3g | %.2f | %ld |\n", name, solved, runs, median(evals),
                  median(best), median(secs), restarts);
      std::fflush(stdout);
    }
  }
  const Overhead o = overhead_per_generation(800, 200);
  std::printf(
      "\noverhead per generation (ask + tell, no evaluation), N = 800, 10-D, 200 generations: %.3f ms wall, "
      "%.3f ms thread CPU (%.2f us CPU per offspring)\n",
      1e3 * o.wall, 1e3 * o.cpu, 1e6 * o.cpu / 400.0);
  return 0;
}
