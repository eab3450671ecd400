// Data profiles (Moré & Wild 2009) of minima's derivative-free methods against NLopt's on the
// 53 smooth Moré–Wild problems: this program runs minima (nelder-mead, bobyqa, and L-BFGS on
// central differences, the fallback without derivatives) and NLopt (LN_BOBYQA, LN_NEWUOA,
// LN_SBPLX, LN_NELDERMEAD) with a budget of 100(n + 1) evaluations each and writes every run's f
// history as JSON; bench/data_profiles.py adds scipy's methods, computes the profiles and plots them.
//
//   bench_data_profiles --out FILE.json        run everything
//   bench_data_profiles --serve                evaluate "problem x1 ... xn" lines from stdin (for scipy)
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <nlopt.hpp>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "minima/constrained/minimize_constrained.hpp"
#include "minima/numerics/finite_difference.hpp"
#include "minima/problems/more_wild.hpp"
#include "minima/unconstrained/minimize.hpp"

using namespace minima;

namespace {

/// The initial step every method that takes one is given: 0.1 max(1, ‖x0‖∞).
double initial_step(const MoreWildProblem& p) {
  return 0.1 * std::max(1.0, p.x0.lpNorm<Eigen::Infinity>());
}

/// Records f of every value evaluation, up to the budget.
struct History {
  std::vector<double> f;
  long budget;
  void add(double v) {
    if (static_cast<long>(f.size()) < budget) f.push_back(v);
  }
};

std::vector<double> run_minima(const MoreWildProblem& p, const std::string& solver, long budget) {
  History h{{}, budget};
  auto value = [&](const Vector& x) {
    const double v = p.residuals(x).squaredNorm();
    h.add(v);
    return v;
  };
  Stop stop;
  stop.max_evaluations = budget;
  stop.max_iterations = 100 * budget;
  if (solver == "minima trust-region-cg (finite differences)") {
    // The default for value-only objectives before bobyqa: f, ∇f and ∇²f all from values.
    const Objective f = finite_difference(value, p.n);
    stop.g_abstol = 0.0;  // the budget ends the run (the methods without gradients refuse g_abstol)
    stop.max_evaluations = budget / (2 * p.n + 1) + 1;  // the history stops at the budget anyway
    minimize(f, p.x0, method_from_name("trust-region-cg"), stop);
  } else if (solver == "minima lbfgs (central differences)") {
    // Every value the central differences take is counted (the driver counts gradients apart).
    const Objective f = finite_difference(value, p.n);
    stop.g_abstol = 0.0;
    stop.max_evaluations = budget / (2 * p.n + 1) + 1;
    minimize(f, p.x0, Lbfgs{}, stop);
  } else {
    const Objective f([&](const Vector& x, Vector*) { return value(x); }, p.n);
    if (solver == "minima nelder-mead")
      minimize(f, p.x0, NelderMead{.x_abstol = 1e-14, .f_abstol = 1e-14}, stop);
    else
      minimize(f, p.x0, Bobyqa{.rho_begin = initial_step(p), .rho_end = 1e-12}, stop);
  }
  return h.f;
}

std::vector<double> run_nlopt(const MoreWildProblem& p, nlopt::algorithm algorithm, long budget) {
  History h{{}, budget};
  std::function<double(const std::vector<double>&)> value = [&](const std::vector<double>& x) {
    const double v = p.residuals(Eigen::Map<const Vector>(x.data(), p.n)).squaredNorm();
    h.add(v);
    return v;
  };
  nlopt::opt opt(algorithm, static_cast<unsigned>(p.n));
  opt.set_min_objective(
      [](const std::vector<double>& x, std::vector<double>&, void* data) {
        return (*static_cast<std::function<double(const std::vector<double>&)>*>(data))(x);
      },
      &value);
  opt.set_initial_step(initial_step(p));
  opt.set_maxeval(static_cast<int>(budget));
  opt.set_xtol_abs(1e-12);
  std::vector<double> x(p.x0.data(), p.x0.data() + p.n);
  double f = 0;
  try {
    opt.optimize(x, f);
  } catch (const std::exception&) {
    // NLopt throws on roundoff-limited stops; the history so far stands.
  }
  return h.f;
}

int serve() {
  const auto problems = more_wild_problems();
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    int k = 0;
    in >> k;
    const MoreWildProblem& p = problems.at(static_cast<std::size_t>(k - 1));
    Vector x(p.n);
    for (Index i = 0; i < p.n; ++i) in >> x[i];
    std::printf("%.17g\n", p.residuals(x).squaredNorm());
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string out = "data_profiles_cpp.json";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--serve") return serve();
    if (a == "--out" && i + 1 < argc) out = argv[++i];
  }
  const std::vector<std::string> minima_solvers = {"minima nelder-mead", "minima bobyqa",
                                                   "minima lbfgs (central differences)",
                                                   "minima trust-region-cg (finite differences)"};
  const std::vector<std::pair<std::string, nlopt::algorithm>> nlopt_solvers = {
      {"NLopt LN_BOBYQA", nlopt::LN_BOBYQA},
      {"NLopt LN_NEWUOA", nlopt::LN_NEWUOA},
      {"NLopt LN_SBPLX", nlopt::LN_SBPLX},
      {"NLopt LN_NELDERMEAD", nlopt::LN_NELDERMEAD}};
  nlohmann::json problems = nlohmann::json::array();
  for (const MoreWildProblem& p : more_wild_problems()) {
    const long budget = 100 * (p.n + 1);
    nlohmann::json row = {{"number", p.number},
                          {"name", p.name},
                          {"n", p.n},
                          {"m", p.m},
                          {"s", p.s},
                          {"x0", std::vector<double>(p.x0.data(), p.x0.data() + p.n)},
                          {"f0", p.residuals(p.x0).squaredNorm()},
                          {"initial_step", initial_step(p)},
                          {"budget", budget}};
    for (const auto& s : minima_solvers) row["histories"][s] = run_minima(p, s, budget);
    for (const auto& [name, algorithm] : nlopt_solvers)
      row["histories"][name] = run_nlopt(p, algorithm, budget);
    problems.push_back(row);
    std::fprintf(stderr, "\r  problem %2d/53 (%s, n = %ld)   ", p.number, p.name.c_str(),
                 static_cast<long>(p.n));
  }
  std::fprintf(stderr, "\n");
  std::ofstream(out) << nlohmann::json{{"problems", problems}}.dump();
  return 0;
}
