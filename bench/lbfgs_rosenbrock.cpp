// bench_lbfgs: minima's L-BFGS against LBFGSpp, Ceres, NLopt and scipy on extended Rosenbrock
// (Moré, Garbow & Hillstrom 1981, problem 21) from the standard start (−1.2, 1, …), m = 10, in one
// run: one table with iterations, evaluations, final f, ‖g‖∞, wall seconds and minima's time ratio.
// The stopping test of each peer and how it maps to ‖g‖∞ ≤ tol is in bench/README.md.
//
//   bench_lbfgs [--sizes 100,10000,1000000] [--tol 1e-6] [--repeat R] [--only
//   minima,lbfgspp,ceres,nlopt,scipy]
//               [--json]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <LBFGS.h>
#include <ceres/ceres.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <nlopt.hpp>

#include "arguments.hpp"
#include "minima/core/driver.hpp"
#include "minima/unconstrained/lbfgs.hpp"

namespace {

using minima::Index;
using minima::Vector;
constexpr int kMemory = 10;

/// Extended Rosenbrock value and (if g) gradient in one pass; the same code serves every C++ peer.
double rosenbrock(const double* x, double* g, Index n) {
  double f = 0.0;
  for (Index i = 0; i + 1 < n; i += 2) {
    const double t = x[i + 1] - x[i] * x[i];
    const double u = 1.0 - x[i];
    f += 100.0 * t * t + u * u;
    if (g) {
      g[i] = -400.0 * x[i] * t - 2.0 * u;
      g[i + 1] = 200.0 * t;
    }
  }
  return f;
}

double inf_norm(const double* g, Index n) {
  double m = 0.0;
  for (Index i = 0; i < n; ++i) m = std::max(m, std::abs(g[i]));
  return m;
}

Vector standard_start(Index n) {
  Vector x(n);
  for (Index i = 0; i < n; ++i) x[i] = (i % 2 == 0) ? -1.2 : 1.0;
  return x;
}

struct Row {
  Index n = 0;
  std::string solver;
  long iterations = -1;  ///< −1: the peer does not report iterations
  long evaluations = 0;
  double f = std::numeric_limits<double>::quiet_NaN();
  double ginf = std::numeric_limits<double>::quiet_NaN();
  double seconds = std::numeric_limits<double>::quiet_NaN();      ///< wall clock
  double cpu_seconds = std::numeric_limits<double>::quiet_NaN();  ///< process CPU time (std::clock)
  std::string status{};
};

using Clock = std::chrono::steady_clock;

/// Runs `once` `repeat` times and keeps the fastest wall and CPU times (the row of the last run).
/// CPU time is reported too because this machine is shared: wall time then includes waiting.
Row best_of(int repeat, const std::function<Row()>& once) {
  Row row;
  double best = std::numeric_limits<double>::infinity(), best_cpu = best;
  for (int r = 0; r < std::max(1, repeat); ++r) {
    const std::clock_t c0 = std::clock();
    const auto t0 = Clock::now();
    row = once();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
    best_cpu = std::min(best_cpu, double(std::clock() - c0) / CLOCKS_PER_SEC);
  }
  row.seconds = best;
  row.cpu_seconds = best_cpu;
  return row;
}

// --- minima -------------------------------------------------------------------------------------
Row run_minima(Index n, double tol) {
  const minima::Objective objective(
      [n](const Vector& x, Vector* g) { return rosenbrock(x.data(), g ? g->data() : nullptr, n); });
  auto method = minima::make_iterative_method(minima::Lbfgs{.memory = kMemory});
  minima::Stop stop;
  stop.g_abstol = tol;
  stop.max_iterations = 100000;
  const minima::Result r = minima::run_iterations(objective, standard_start(n), *method, stop);
  Row row{.n = n, .solver = "minima lbfgs"};
  row.iterations = r.iterations;
  row.evaluations = r.evaluations.function;
  row.f = r.f;
  row.ginf = r.gradient_norm;
  row.status = std::string(minima::to_string(r.status));
  return row;
}

// --- LBFGSpp ------------------------------------------------------------------------------------
struct LbfgsppRosenbrock {
  Index n;
  long calls = 0;
  double operator()(const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    ++calls;
    return rosenbrock(x.data(), g.data(), n);
  }
};

template <template <class> class Search>
Row run_lbfgspp(Index n, double tol, const char* name, int condition) {
  LBFGSpp::LBFGSParam<double> param;
  param.m = kMemory;
  // LBFGSpp 0.1.0 tests only ‖g‖₂ ≤ max(epsilon, epsilon_rel ‖x‖₂): epsilon = tol √n is
  // RMS(g) ≤ tol, the nearest to ‖g‖∞ ≤ tol (README).
  param.epsilon = tol * std::sqrt(double(n));
  param.epsilon_rel = 0.0;
  param.max_iterations = 100000;
  param.linesearch = condition;
  LBFGSpp::LBFGSSolver<double, Search> solver(param);
  LbfgsppRosenbrock fun{n};
  Eigen::VectorXd x = standard_start(n);
  double fx = 0.0;
  Row row{.n = n, .solver = fmt::format("LBFGSpp ({})", name)};
  try {
    row.iterations = solver.minimize(fun, x, fx);
    row.status = "converged";
  } catch (const std::exception& e) {
    row.status = fmt::format("failed: {}", e.what());
  }
  Eigen::VectorXd g(n);
  row.f = rosenbrock(x.data(), g.data(), n);
  row.ginf = inf_norm(g.data(), n);
  row.evaluations = fun.calls;
  return row;
}

// --- Ceres --------------------------------------------------------------------------------------
class CeresRosenbrock final : public ceres::FirstOrderFunction {
 public:
  CeresRosenbrock(Index n, long* calls) : n_(n), calls_(calls) {}
  bool Evaluate(const double* x, double* cost, double* g) const override {
    ++*calls_;
    *cost = rosenbrock(x, g, n_);
    return true;
  }
  int NumParameters() const override { return static_cast<int>(n_); }

 private:
  Index n_;
  long* calls_;
};

Row run_ceres(Index n, double tol) {
  long calls = 0;
  ceres::GradientProblem problem(new CeresRosenbrock(n, &calls));
  ceres::GradientProblemSolver::Options options;
  options.line_search_direction_type = ceres::LBFGS;
  options.max_lbfgs_rank = kMemory;
  options.gradient_tolerance = tol;  // ‖g‖∞ (max-norm of the projected step) ≤ tol
  options.function_tolerance = 0.0;  // only the gradient test
  options.parameter_tolerance = 0.0;
  options.max_num_iterations = 100000;
  options.logging_type = ceres::SILENT;
  ceres::GradientProblemSolver::Summary summary;
  Vector x = standard_start(n);
  ceres::Solve(options, problem, x.data(), &summary);
  Row row{.n = n, .solver = "Ceres LBFGS"};
  row.iterations = static_cast<long>(summary.iterations.size()) - 1;  // iteration 0 is the start
  row.evaluations = calls;
  Vector g(n);
  row.f = rosenbrock(x.data(), g.data(), n);
  row.ginf = inf_norm(g.data(), n);
  row.status = ceres::TerminationTypeToString(summary.termination_type);
  return row;
}

// --- NLopt --------------------------------------------------------------------------------------
struct NloptData {
  Index n;
  double tol;
  long calls = 0;
  std::vector<double> x_stop{};  ///< the point where ‖g‖∞ ≤ tol was met
  double f_stop = 0.0, g_stop = 0.0;
};

double nlopt_objective(unsigned n, const double* x, double* g, void* data) {
  auto* d = static_cast<NloptData*>(data);
  ++d->calls;
  const double f = rosenbrock(x, g, n);
  // NLopt has no gradient test: stop it (force_stop via this exception) at the first evaluated
  // point with ‖g‖∞ ≤ tol.
  if (g) {
    const double ginf = inf_norm(g, n);
    if (ginf <= d->tol) {
      d->x_stop.assign(x, x + n);
      d->f_stop = f;
      d->g_stop = ginf;
      throw nlopt::forced_stop();
    }
  }
  return f;
}

Row run_nlopt(Index n, double tol) {
  nlopt::opt opt(nlopt::LD_LBFGS, static_cast<unsigned>(n));
  opt.set_vector_storage(kMemory);
  NloptData data{.n = n, .tol = tol};
  opt.set_min_objective(nlopt_objective, &data);
  opt.set_maxeval(100000);
  Vector x0 = standard_start(n);
  std::vector<double> x(x0.data(), x0.data() + n);
  double fx = 0.0;
  Row row{.n = n, .solver = "NLopt LD_LBFGS"};
  try {
    const nlopt::result res = opt.optimize(x, fx);
    row.status = fmt::format("nlopt result {}", static_cast<int>(res));
  } catch (const nlopt::forced_stop&) {
    row.status = "forced stop at ‖g‖∞ ≤ tol";
  } catch (const std::exception& e) {
    row.status = fmt::format("failed: {}", e.what());
  }
  if (!data.x_stop.empty()) x = data.x_stop;
  std::vector<double> g(n);
  row.f = rosenbrock(x.data(), g.data(), n);
  row.ginf = inf_norm(g.data(), n);
  row.evaluations = data.calls;
  return row;
}

// --- scipy (subprocess) -------------------------------------------------------------------------
std::vector<Row> run_scipy(const std::vector<Index>& sizes, const std::vector<int>& repeats, double tol) {
  std::ostringstream cmd;
  cmd << "/usr/bin/python3 " << MINIMA_BENCH_DIR << "/scipy_lbfgsb.py --tol " << tol << " --memory "
      << kMemory << " --sizes";
  for (Index n : sizes) cmd << ' ' << n;
  cmd << " --repeat";
  for (int r : repeats) cmd << ' ' << r;
  std::vector<Row> rows;
  FILE* pipe = popen(cmd.str().c_str(), "r");
  if (!pipe) return rows;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe)) {
    try {
      const auto j = nlohmann::json::parse(buffer);
      Row row;
      row.n = j.at("n").get<Index>();
      row.solver = j.at("solver").get<std::string>();
      row.iterations = j.at("iterations").get<long>();
      row.evaluations = j.at("evaluations").get<long>();
      row.f = j.at("f").get<double>();
      row.ginf = j.at("ginf").get<double>();
      row.seconds = j.at("seconds").get<double>();
      row.cpu_seconds = j.at("cpu_seconds").get<double>();
      row.status = j.at("status").get<std::string>();
      rows.push_back(row);
    } catch (const std::exception&) {
      // not a result line (a warning from Python): ignore
    }
  }
  pclose(pipe);
  return rows;
}

std::vector<Index> parse_sizes(const std::string& text) {
  std::vector<Index> sizes;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) sizes.push_back(static_cast<Index>(std::stod(item)));
  return sizes;
}

int default_repeat(Index n) {
  return n <= 1000 ? 200 : n <= 100000 ? 20 : 3;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<Index> sizes{100, 10000, 1000000};
  double tol = 1e-6;
  int repeat = 0;  // 0: by size
  bool json = false;
  std::string only = "minima,lbfgspp,ceres,nlopt,scipy";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto next = [&] { return minima::bench::flag_value(argc, argv, i); };
    if (arg == "--sizes")
      sizes = parse_sizes(next());
    else if (arg == "--tol")
      tol = std::stod(next());
    else if (arg == "--repeat")
      repeat = std::stoi(next());
    else if (arg == "--only")
      only = next();
    else if (arg == "--json")
      json = true;
    else {
      std::fprintf(stderr,
                   "usage: bench_lbfgs [--sizes 100,10000,1000000] [--tol 1e-6] [--repeat R] "
                   "[--only minima,lbfgspp,ceres,nlopt,scipy] [--json]\n");
      return arg == "--help" ? 0 : 2;
    }
  }
  for (Index n : sizes)
    if (n < 2 || n % 2 != 0) {
      std::fprintf(stderr, "bench_lbfgs: extended Rosenbrock needs an even n >= 2, got %ld\n", long(n));
      return 2;
    }

  if (only.front() != ',') only = "," + only + ",";
  auto wanted = [&](const char* peer) {
    return only.find(std::string(",") + peer + ",") != std::string::npos;
  };
  std::vector<Row> rows;
  std::vector<int> repeats;
  for (Index n : sizes) {
    const int reps = repeat > 0 ? repeat : default_repeat(n);
    repeats.push_back(reps);
    // minima always runs: the ratios are against it.
    rows.push_back(best_of(reps, [&] { return run_minima(n, tol); }));
    if (wanted("lbfgspp")) {
      rows.push_back(best_of(reps, [&] {
        return run_lbfgspp<LBFGSpp::LineSearchNocedalWright>(
            n, tol, "NocedalWright", LBFGSpp::LBFGS_LINESEARCH_BACKTRACKING_STRONG_WOLFE);
      }));
      rows.push_back(best_of(reps, [&] {
        return run_lbfgspp<LBFGSpp::LineSearchBracketing>(
            n, tol, "Bracketing", LBFGSpp::LBFGS_LINESEARCH_BACKTRACKING_STRONG_WOLFE);
      }));
    }
    if (wanted("ceres")) rows.push_back(best_of(reps, [&] { return run_ceres(n, tol); }));
    if (wanted("nlopt")) rows.push_back(best_of(reps, [&] { return run_nlopt(n, tol); }));
  }
  if (wanted("scipy")) {
    std::vector<int> py_repeats;
    for (int r : repeats) py_repeats.push_back(std::max(1, std::min(r, 20)));
    for (Row& row : run_scipy(sizes, py_repeats, tol)) rows.push_back(row);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.n < b.n; });

  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const Row& r : rows)
      out.push_back({{"n", r.n},
                     {"solver", r.solver},
                     {"iterations", r.iterations},
                     {"evaluations", r.evaluations},
                     {"f", r.f},
                     {"ginf", r.ginf},
                     {"seconds", r.seconds},
                     {"status", r.status}});
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf(
      "Extended Rosenbrock from (-1.2, 1, ...), L-BFGS memory %d, stop at ||g||_inf <= %g "
      "(mapping per peer: bench/README.md)\nseconds: best of the repeats; ratio = minima / peer "
      "(below 1: minima is faster)\n\n",
      kMemory, tol);
  std::printf("%9s  %-24s %5s %6s %10s %9s %10s %10s %8s %8s  %s\n", "n", "solver", "iter", "evals", "f",
              "|g|inf", "wall s", "cpu s", "ratio", "ratio", "status");
  std::printf("%9s  %-24s %5s %6s %10s %9s %10s %10s %8s %8s\n", "", "", "", "", "", "", "", "", "wall",
              "cpu");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    const Row* mine = nullptr;
    for (const Row& m : rows)
      if (m.n == r.n && m.solver == "minima lbfgs") mine = &m;
    const bool is_minima = r.solver == "minima lbfgs";
    const std::string iters = r.iterations >= 0 ? std::to_string(r.iterations) : "-";
    const std::string ratio = is_minima || !mine ? "" : fmt::format("{:.3f}", mine->seconds / r.seconds);
    const std::string ratio_cpu =
        is_minima || !mine ? "" : fmt::format("{:.3f}", mine->cpu_seconds / r.cpu_seconds);
    std::printf("%9ld  %-24s %5s %6ld %10.2e %9.1e %10.5f %10.5f %8s %8s  %s\n", long(r.n), r.solver.c_str(),
                iters.c_str(), r.evaluations, r.f, r.ginf, r.seconds, r.cpu_seconds, ratio.c_str(),
                ratio_cpu.c_str(), r.status.c_str());
    if (i + 1 < rows.size() && rows[i + 1].n != r.n) std::printf("\n");
  }
  return 0;
}
