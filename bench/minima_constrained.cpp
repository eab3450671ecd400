// bench_minima_constrained: minima's constrained methods on minima's constrained test set
// (problems/constrained_problem.hpp), from the standard start, in the row format of
// bench_ipopt_constrained --json so that bench/constrained.py puts them beside IPOPT and scipy.
// Solved: |f − f*| ≤ 1e-6·max(1, |f*|) and violation ≤ 1e-6 (the criterion of
// bench/constrained_peers.py). Evaluations are counted by wrappers around the objective and the
// constraints (a value-and-gradient call counts one value and one gradient), so they include the one
// evaluation of the final KKT report that every minima result carries.
//
//   bench_minima_constrained [--json] [--method default|augmented-lagrangian|sqp|lbfgsb]
//                            [--bounds-method NAME] [--gtol 1e-8] [--ftol 0]
//                            [--kind hock-schittkowski|bounded] [--only hs071,rosenbrock-bounded]
// default: minimize_constrained's own choice (lbfgsb for bounds only, else sqp up to 50 variables).
// --bounds-method: the method for the problems with bounds only (e.g. lbfgsb beside the augmented
// Lagrangian). --gtol, --ftol: Stop::g_abstol and Stop::f_abstol.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "minima/constrained/minimize_constrained.hpp"
#include "minima/core/status.hpp"
#include "minima/problems/constrained_problem.hpp"

namespace {

using minima::Index;
using minima::Objective;
using minima::Vector;

constexpr double kSolvedRtol = 1e-6;
constexpr double kFeasTol = 1e-6;

struct Counts {
  long f = 0, grad = 0, constraint_calls = 0, constraint_grads = 0;
};

Objective counted(const Objective& inner, long* values, long* grads) {
  return Objective(
      [inner, values, grads](const Vector& x, Vector* g) {
        ++*values;
        if (g) ++*grads;
        return inner(x, g);
      },
      inner.dimension());
}

}  // namespace

int main(int argc, char** argv) {
  bool as_json = false;
  std::string method = "default", bounds_method, kind, only;
  double gtol = 1e-8, ftol = 0.0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&] { return minima::bench::flag_value(argc, argv, i); };
    if (a == "--json") {
      as_json = true;
    } else if (a == "--method") {
      method = value();
    } else if (a == "--bounds-method") {
      bounds_method = value();
    } else if (a == "--gtol") {
      gtol = std::stod(value());
    } else if (a == "--ftol") {
      ftol = std::stod(value());
    } else if (a == "--kind") {
      kind = value();
    } else if (a == "--only") {
      only = value();
    } else {
      std::fprintf(stderr,
                   "usage: bench_minima_constrained [--json] [--method default|NAME] "
                   "[--kind hock-schittkowski|bounded] [--only a,b]\n");
      return 2;
    }
  }
  for (const std::string& name : {method, bounds_method})
    if (!name.empty() && name != "default" && !minima::is_constrained_method_name(name)) {
      std::fprintf(stderr, "unknown method '%s'\n", name.c_str());
      return 2;
    }
  std::set<std::string> wanted;
  std::stringstream names(only);
  for (std::string s; std::getline(names, s, ',');)
    if (!s.empty()) wanted.insert(s);

  nlohmann::json rows = nlohmann::json::array();
  for (const minima::ConstrainedProblemInfo& info : minima::list_constrained_problems()) {
    if (!kind.empty() && minima::to_string(info.kind) != kind) continue;
    if (!wanted.empty() && !wanted.count(info.name)) continue;
    const minima::ConstrainedProblem p = minima::make_constrained_problem(info.name);
    Counts counts;
    const Objective f = counted(p.objective, &counts.f, &counts.grad);
    minima::Constraints c = p.constraints;
    for (auto& g : c.equalities) g = counted(g, &counts.constraint_calls, &counts.constraint_grads);
    for (auto& h : c.inequalities) h = counted(h, &counts.constraint_calls, &counts.constraint_grads);
    const auto m = static_cast<long>(c.equalities.size() + c.inequalities.size());
    minima::Stop stop;
    stop.max_iterations = 3000;
    stop.g_abstol = gtol;
    stop.f_abstol = ftol;
    const std::string used = !bounds_method.empty() && !c.has_general() ? bounds_method : method;
    const auto t0 = std::chrono::steady_clock::now();
    const minima::Result r =
        method == "default"
            ? minima::minimize_constrained(f, p.x0, c, stop)
            : minima::minimize_constrained(f, p.x0, c, minima::constrained_method_from_name(method), stop);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const Vector x = r.x.size() == p.dimension() ? r.x : Vector::Constant(p.dimension(), std::nan(""));
    const double fx = p.objective(x);
    const double violation = p.violation(x);
    const bool solved = x.allFinite() &&
                        std::abs(fx - p.f_min) <= kSolvedRtol * std::max(1.0, std::abs(p.f_min)) &&
                        violation <= kFeasTol;
    std::string solver = method == "default" ? "minima" : "minima " + method;
    if (!bounds_method.empty()) solver += " (" + bounds_method + " for bounds only)";
    rows.push_back({{"problem", p.name},
                    {"kind", std::string(minima::to_string(p.kind))},
                    {"solver", solver},
                    {"method", r.method},
                    {"solved", solved},
                    {"f", fx},
                    {"f_min", p.f_min},
                    {"violation", violation},
                    {"x", std::vector<double>(x.data(), x.data() + x.size())},
                    {"function_evaluations", counts.f},
                    {"gradient_evaluations", counts.grad},
                    {"hessian_evaluations", 0},
                    {"constraint_evaluations", m ? counts.constraint_calls / m : 0},
                    {"jacobian_evaluations", m ? counts.constraint_grads / m : 0},
                    {"iterations", r.iterations},
                    {"status", std::string(minima::to_string(r.status))},
                    {"stationarity", r.kkt ? r.kkt->stationarity : std::nan("")},
                    {"seconds", seconds},
                    {"message", r.message}});
  }
  if (as_json) {
    nlohmann::json doc = {{"method", method}, {"rows", rows}};
    std::printf("%s\n", doc.dump(1).c_str());
    return 0;
  }
  for (const auto& r : rows)
    std::printf("%-34s %-4s f=%-22.15g viol=%.1e nf=%ld ng=%ld t=%.4fs %s: %s\n",
                r["problem"].get<std::string>().c_str(), r["solved"].get<bool>() ? "yes" : "NO",
                r["f"].get<double>(), r["violation"].get<double>(), r["function_evaluations"].get<long>(),
                r["gradient_evaluations"].get<long>(), r["seconds"].get<double>(),
                r["status"].get<std::string>().c_str(), r["message"].get<std::string>().c_str());
  return 0;
}
