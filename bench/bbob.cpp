// The field's benchmark (issue 17 item 5): minima's black-box methods on the 24 noiseless BBOB
// functions (problems/bbob.hpp) in the box [−5, 5]ⁿ. One run per (method, dimension, function,
// instance), seed = the instance, budget B·n evaluations, stopped early at f − f_opt <= 1e-8 (the
// last target). For each run, the first evaluation at which f − f_opt <= 10^t for the 46 targets
// t = 1, 0.8, …, −8 (COCO's 0.2 steps over the range), read from the run's best trace (the
// exact evaluation index of every improvement). One JSON object per run on the output, in the order
// runs finish (bench/bbob.py sorts them, draws the runtime ECDF and writes the table):
//   {"method": "cma-es", "dimension": 5, "function": 3, "instance": 1, "evaluations": 2034,
//    "best_delta": 1.2e-9, "seconds": 0.04, "hits": [12, 40, ..., -1]}   (-1: target not reached)
// Usage:
//   bench_bbob [--methods cma-es,bipop-cma-es,de,multistart,eda-vbmfa] [--dims 2,5,10,20]
//              [--functions 1,...,24] [--instances 5] [--budget 10000] [--threads 2] [--out FILE]
//              [--quick]
// Also "bobyqa" and "nelder-mead" (not in the default list): minima's local derivative-free methods
// in the box, restarted from uniform points in [−4, 4]ⁿ until the budget or the last target.
// --budget B: evaluations per dimension. --threads: runs in parallel (each run evaluates serially,
// so a run's result does not depend on it). --quick: dims 2,5, 2 instances, budget 1000.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "arguments.hpp"
#include "goal_problems.hpp"
#include "minima/constrained/minimize_constrained.hpp"
#include "minima/evolution/black_box.hpp"
#include "minima/numerics/finite_difference.hpp"
#include "minima/problems/bbob.hpp"

using namespace minima;

namespace {

struct Job {
  std::string method;
  Index dimension = 2;
  int function = 1;
  int instance = 1;
};

/// The target exponents 1, 0.8, …, −8 (46 of them).
std::vector<double> target_exponents() {
  std::vector<double> t;
  for (int k = 0; k <= 45; ++k) t.push_back(1.0 - 0.2 * k);
  return t;
}

/// The local methods that run here with restarts: each from a uniform start in [−4, 4]ⁿ (COCO's
/// usual initial region), in the box, until the budget or the last target.
bool is_local(const std::string& method) {
  return method == "bobyqa" || method == "nelder-mead";
}

struct Run {
  std::vector<BestRecord> trace;  ///< every improvement of the best f, with its evaluation index
  long evaluations = 0;
  double best = INFINITY;
  std::string status;
};

Run run_black_box(const BbobFunction& f, const std::string& method, long budget, std::uint64_t seed) {
  BlackBoxSettings s;
  s.max_evaluations = budget;
  s.seed = seed;
  s.threads = 1;
  s.f_target = f.f_opt + 1e-8;
  const Result r = minimize_black_box(f.objective(), f.box, method, s);
  return {r.population->best_trace, r.evaluations.function, r.f, std::string(to_string(r.status))};
}

Run run_local(const BbobFunction& f, const std::string& method, long budget, std::uint64_t seed) {
  Run run;
  const Index n = f.dimension();
  // Counts every evaluation and keeps the improvements (the local methods evaluate one point at a
  // time, so the index is exact).
  const Objective counted = finite_difference(
      [&](const Vector& x) {
        const double v = f(x);
        ++run.evaluations;
        if (v < run.best) {
          run.best = v;
          run.trace.push_back({run.evaluations, v});
        }
        return v;
      },
      n);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> start(-4.0, 4.0);
  Constraints box;
  box.bounds = f.box;
  long restarts = 0;
  while (run.evaluations < budget && !(run.best <= f.f_opt + 1e-8)) {
    Vector x0(n);
    for (Index i = 0; i < n; ++i) x0[i] = start(rng);
    Stop stop;
    stop.max_evaluations = budget - run.evaluations;
    stop.max_iterations = budget;
    stop.f_target = f.f_opt + 1e-8;
    minimize_constrained(counted, x0, box, method, stop);
    ++restarts;
  }
  run.status = fmt::format("{} after {} starts",
                           run.best <= f.f_opt + 1e-8 ? "target_reached" : "max_evaluations", restarts);
  // A last iteration may pass the budget by a few evaluations: those do not count.
  while (!run.trace.empty() && run.trace.back().evaluations > budget) run.trace.pop_back();
  run.evaluations = std::min(run.evaluations, budget);
  run.best = run.trace.empty() ? INFINITY : run.trace.back().f;
  return run;
}

std::string run(const Job& job, long budget_per_dimension) {
  const BbobFunction f = make_bbob(job.function, job.dimension, job.instance);
  const long budget = budget_per_dimension * job.dimension;
  const auto seed = static_cast<std::uint64_t>(job.instance);
  const auto start = std::chrono::steady_clock::now();
  const Run r = is_local(job.method) ? run_local(f, job.method, budget, seed)
                                     : run_black_box(f, job.method, budget, seed);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string hits;
  for (double t : target_exponents()) {
    // A hit is the first improvement at or below f_opt + 10^t.
    const double target = std::pow(10.0, t);
    long hit = -1;
    for (const BestRecord& b : r.trace)
      if (b.f - f.f_opt <= target) {
        hit = b.evaluations;
        break;
      }
    hits += (hits.empty() ? "" : ", ") + std::to_string(hit);
  }
  return fmt::format(
      "{{\"method\": \"{}\", \"dimension\": {}, \"function\": {}, \"instance\": {}, \"evaluations\": {}, "
      "\"best_delta\": {:.6g}, \"seconds\": {:.4f}, \"status\": \"{}\", \"hits\": [{}]}}\n",
      job.method, job.dimension, job.function, job.instance, r.evaluations, r.best - f.f_opt, seconds,
      r.status, hits);
}

std::vector<int> ints(const std::string& s) {
  std::vector<int> out;
  for (const auto& item : bench::split(s)) out.push_back(std::atoi(item.c_str()));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> methods = {"cma-es", "bipop-cma-es", "de", "multistart", "eda-vbmfa"};
  std::vector<int> dims = {2, 5, 10, 20}, functions;
  for (int f = 1; f <= 24; ++f) functions.push_back(f);
  int instances = 5, threads = 2;
  long budget = 10000;
  std::string out_path;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&] { return minima::bench::flag_value(argc, argv, i); };
    if (a == "--methods")
      methods = bench::split(value());
    else if (a == "--dims")
      dims = ints(value());
    else if (a == "--functions")
      functions = ints(value());
    else if (a == "--instances")
      instances = std::atoi(value().c_str());
    else if (a == "--budget")
      budget = std::atol(value().c_str());
    else if (a == "--threads")
      threads = std::atoi(value().c_str());
    else if (a == "--out")
      out_path = value();
    else if (a == "--quick") {
      dims = {2, 5};
      instances = 2;
      budget = 1000;
    } else {
      std::fprintf(stderr, "unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  if (instances < 1 || budget < 1 || threads < 1) {
    std::fprintf(stderr, "--instances, --budget and --threads must be >= 1\n");
    return 2;
  }
  for (const auto& m : methods)  // an unknown name fails here, before any run
    if (!is_local(m)) make_black_box_method(m);
  // Big dimensions first, so the longest runs do not end up alone at the end of the queue.
  std::vector<Job> jobs;
  std::vector<int> order = dims;
  std::sort(order.rbegin(), order.rend());
  for (int d : order)
    for (const auto& m : methods)
      for (int f : functions)
        for (int i = 1; i <= instances; ++i) jobs.push_back({m, d, f, i});
  std::FILE* out = out_path.empty() ? stdout : std::fopen(out_path.c_str(), "w");
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", out_path.c_str());
    return 1;
  }
  std::atomic<std::size_t> next{0};
  std::mutex write;
  std::size_t done = 0;
  const auto start = std::chrono::steady_clock::now();
  auto worker = [&] {
    for (std::size_t j = next++; j < jobs.size(); j = next++) {
      const std::string line = run(jobs[j], budget);
      const std::lock_guard<std::mutex> lock(write);
      std::fputs(line.c_str(), out);
      std::fflush(out);
      ++done;
      if (done % 20 == 0 || done == jobs.size())
        std::fprintf(stderr, "%zu/%zu runs, %.0f s\n", done, jobs.size(),
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  if (out != stdout) std::fclose(out);
  return 0;
}
