// bench_ipopt_constrained: IPOPT (COIN-OR, Debian coinor-libipopt-dev) on minima's constrained test
// set (problems/constrained_problem.hpp: the Hock–Schittkowski problems and the bounded versions of
// the unconstrained problems), through minima's loader, from the standard start. IPOPT gets the
// exact Hessian of the Lagrangian (the formulas' dual-number Hessians), dense Jacobian and Hessian.
// One row per problem: solved (|f − f*| ≤ 1e-6·max(1, |f*|) and violation ≤ 1e-6, the criterion of
// bench/constrained_peers.py), evaluation counts, wall seconds. bench/constrained.py merges these
// rows with scipy's into the table of bench/README.md.
//
//   bench_ipopt_constrained [--json] [--tol 1e-8] [--kind hock-schittkowski|bounded]
//                           [--only hs071,rosenbrock-bounded] [--limited-memory]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <IpoptConfig.h>
#include <fmt/format.h>
#include <IpIpoptApplication.hpp>
#include <IpSolveStatistics.hpp>
#include <IpTNLP.hpp>
#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "minima/problems/constrained_problem.hpp"

namespace {

using minima::ConstrainedProblem;
using minima::Index;
using minima::Matrix;
using minima::Vector;

constexpr double kSolvedRtol = 1e-6;
constexpr double kFeasTol = 1e-6;
constexpr double kIpoptInf = 1e20;  // IPOPT treats |bound| ≥ 1e19 as infinite

struct Counts {
  long f = 0, grad = 0, g = 0, jac = 0, hess = 0;
};

/// The TNLP view of a ConstrainedProblem: constraints c = (g, h) with g = 0 and h ≤ 0.
class ProblemNlp : public Ipopt::TNLP {
 public:
  explicit ProblemNlp(const ConstrainedProblem& p) : p_(p), n_(p.dimension()) {
    for (const auto& g : p.constraints.equalities) c_.push_back(&g);
    for (const auto& h : p.constraints.inequalities) c_.push_back(&h);
    m_eq_ = static_cast<Index>(p.constraints.equalities.size());
  }
  Counts counts;
  Vector x_final;
  double f_final = std::nan("");

  bool get_nlp_info(Ipopt::Index& n, Ipopt::Index& m, Ipopt::Index& nnz_jac, Ipopt::Index& nnz_h,
                    IndexStyleEnum& style) override {
    n = static_cast<Ipopt::Index>(n_);
    m = static_cast<Ipopt::Index>(c_.size());
    nnz_jac = n * m;
    nnz_h = n * (n + 1) / 2;
    style = C_STYLE;
    return true;
  }
  bool get_bounds_info(Ipopt::Index n, Ipopt::Number* xl, Ipopt::Number* xu, Ipopt::Index m,
                       Ipopt::Number* gl, Ipopt::Number* gu) override {
    const minima::Bounds b = p_.constraints.bounds.expanded(n);
    for (Ipopt::Index i = 0; i < n; ++i) {
      xl[i] = std::isfinite(b.lower[i]) ? b.lower[i] : -kIpoptInf;
      xu[i] = std::isfinite(b.upper[i]) ? b.upper[i] : kIpoptInf;
    }
    for (Ipopt::Index j = 0; j < m; ++j) {
      gl[j] = j < m_eq_ ? 0.0 : -kIpoptInf;
      gu[j] = 0.0;
    }
    return true;
  }
  bool get_starting_point(Ipopt::Index n, bool init_x, Ipopt::Number* x, bool, Ipopt::Number*, Ipopt::Number*,
                          Ipopt::Index, bool, Ipopt::Number*) override {
    if (init_x)
      for (Ipopt::Index i = 0; i < n; ++i) x[i] = p_.x0[i];
    return true;
  }
  bool eval_f(Ipopt::Index n, const Ipopt::Number* x, bool, Ipopt::Number& f) override {
    ++counts.f;
    f = p_.objective(map(x, n));
    return std::isfinite(f);
  }
  bool eval_grad_f(Ipopt::Index n, const Ipopt::Number* x, bool, Ipopt::Number* grad) override {
    ++counts.grad;
    Vector g(n);
    p_.objective(map(x, n), &g);
    for (Ipopt::Index i = 0; i < n; ++i) grad[i] = g[i];
    return g.allFinite();
  }
  bool eval_g(Ipopt::Index n, const Ipopt::Number* x, bool, Ipopt::Index m, Ipopt::Number* c) override {
    ++counts.g;
    const Vector xv = map(x, n);
    for (Ipopt::Index j = 0; j < m; ++j) c[j] = (*c_[static_cast<std::size_t>(j)])(xv);
    return true;
  }
  bool eval_jac_g(Ipopt::Index n, const Ipopt::Number* x, bool, Ipopt::Index m, Ipopt::Index,
                  Ipopt::Index* rows, Ipopt::Index* cols, Ipopt::Number* values) override {
    if (values == nullptr) {
      for (Ipopt::Index j = 0, k = 0; j < m; ++j)
        for (Ipopt::Index i = 0; i < n; ++i, ++k) {
          rows[k] = j;
          cols[k] = i;
        }
      return true;
    }
    ++counts.jac;
    const Vector xv = map(x, n);
    Vector g(n);
    for (Ipopt::Index j = 0; j < m; ++j) {
      (*c_[static_cast<std::size_t>(j)])(xv, &g);
      for (Ipopt::Index i = 0; i < n; ++i) values[j * n + i] = g[i];
    }
    return true;
  }
  bool eval_h(Ipopt::Index n, const Ipopt::Number* x, bool, Ipopt::Number obj_factor, Ipopt::Index m,
              const Ipopt::Number* lambda, bool, Ipopt::Index, Ipopt::Index* rows, Ipopt::Index* cols,
              Ipopt::Number* values) override {
    if (values == nullptr) {
      for (Ipopt::Index r = 0, k = 0; r < n; ++r)
        for (Ipopt::Index c = 0; c <= r; ++c, ++k) {
          rows[k] = r;
          cols[k] = c;
        }
      return true;
    }
    ++counts.hess;
    const Vector xv = map(x, n);
    Matrix h(n, n), hc(n, n);
    p_.objective.hessian(xv, h);
    h *= obj_factor;
    for (Ipopt::Index j = 0; j < m; ++j) {
      c_[static_cast<std::size_t>(j)]->hessian(xv, hc);
      h += lambda[j] * hc;
    }
    for (Ipopt::Index r = 0, k = 0; r < n; ++r)
      for (Ipopt::Index c = 0; c <= r; ++c, ++k) values[k] = h(r, c);
    return true;
  }
  void finalize_solution(Ipopt::SolverReturn, Ipopt::Index n, const Ipopt::Number* x, const Ipopt::Number*,
                         const Ipopt::Number*, Ipopt::Index, const Ipopt::Number*, const Ipopt::Number*,
                         Ipopt::Number obj, const Ipopt::IpoptData*,
                         Ipopt::IpoptCalculatedQuantities*) override {
    x_final = map(x, n);
    f_final = obj;
  }

 private:
  static Vector map(const Ipopt::Number* x, Ipopt::Index n) { return Eigen::Map<const Vector>(x, n); }
  const ConstrainedProblem& p_;
  Index n_;
  Index m_eq_ = 0;
  std::vector<const minima::Objective*> c_;
};

std::string status_text(Ipopt::ApplicationReturnStatus s) {
  switch (s) {
    case Ipopt::Solve_Succeeded:
      return "Solve_Succeeded";
    case Ipopt::Solved_To_Acceptable_Level:
      return "Solved_To_Acceptable_Level";
    case Ipopt::Infeasible_Problem_Detected:
      return "Infeasible_Problem_Detected";
    case Ipopt::Search_Direction_Becomes_Too_Small:
      return "Search_Direction_Becomes_Too_Small";
    case Ipopt::Diverging_Iterates:
      return "Diverging_Iterates";
    case Ipopt::Maximum_Iterations_Exceeded:
      return "Maximum_Iterations_Exceeded";
    case Ipopt::Restoration_Failed:
      return "Restoration_Failed";
    case Ipopt::Error_In_Step_Computation:
      return "Error_In_Step_Computation";
    default:
      return fmt::format("status {}", static_cast<int>(s));
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool as_json = false, limited_memory = false;
  double tol = 1e-8;
  std::string kind, only;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&] { return minima::bench::flag_value(argc, argv, i); };
    if (a == "--json") {
      as_json = true;
    } else if (a == "--limited-memory") {
      limited_memory = true;
    } else if (a == "--tol") {
      tol = std::stod(value());
    } else if (a == "--kind") {
      kind = value();
    } else if (a == "--only") {
      only = value();
    } else {
      std::fprintf(stderr,
                   "usage: bench_ipopt_constrained [--json] [--tol T] [--kind hock-schittkowski|bounded] "
                   "[--only a,b] [--limited-memory]\n");
      return 2;
    }
  }
  std::set<std::string> wanted;
  std::stringstream names(only);
  for (std::string s; std::getline(names, s, ',');)
    if (!s.empty()) wanted.insert(s);

  nlohmann::json rows = nlohmann::json::array();
  for (const minima::ConstrainedProblemInfo& info : minima::list_constrained_problems()) {
    if (!kind.empty() && minima::to_string(info.kind) != kind) continue;
    if (!wanted.empty() && !wanted.count(info.name)) continue;
    const ConstrainedProblem p = minima::make_constrained_problem(info.name);
    Ipopt::SmartPtr<ProblemNlp> nlp = new ProblemNlp(p);
    Ipopt::SmartPtr<Ipopt::IpoptApplication> app = IpoptApplicationFactory();
    app->Options()->SetIntegerValue("print_level", 0);
    app->Options()->SetStringValue("sb", "yes");
    app->Options()->SetNumericValue("tol", tol);
    app->Options()->SetIntegerValue("max_iter", 3000);
    app->Options()->SetStringValue("hessian_approximation", limited_memory ? "limited-memory" : "exact");
    if (app->Initialize() != Ipopt::Solve_Succeeded) {
      std::fprintf(stderr, "IPOPT failed to initialize\n");
      return 1;
    }
    const auto t0 = std::chrono::steady_clock::now();
    const Ipopt::ApplicationReturnStatus status = app->OptimizeTNLP(nlp);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    Vector x =
        nlp->x_final.size() == p.dimension() ? nlp->x_final : Vector::Constant(p.dimension(), std::nan(""));
    const double f = p.objective(x);
    const double violation = p.violation(x);
    const bool solved = x.allFinite() &&
                        std::abs(f - p.f_min) <= kSolvedRtol * std::max(1.0, std::abs(p.f_min)) &&
                        violation <= kFeasTol;
    rows.push_back({{"problem", p.name},
                    {"kind", std::string(minima::to_string(p.kind))},
                    {"solver", limited_memory ? "IPOPT (L-BFGS)" : "IPOPT"},
                    {"solved", solved},
                    {"f", f},
                    {"f_min", p.f_min},
                    {"violation", violation},
                    {"x", std::vector<double>(x.data(), x.data() + x.size())},
                    {"function_evaluations", nlp->counts.f},
                    {"gradient_evaluations", nlp->counts.grad},
                    {"hessian_evaluations", nlp->counts.hess},
                    {"constraint_evaluations", nlp->counts.g},
                    {"jacobian_evaluations", nlp->counts.jac},
                    {"iterations", IsValid(app->Statistics()) ? app->Statistics()->IterationCount() : -1},
                    {"seconds", seconds},
                    {"message", status_text(status)}});
  }
  if (as_json) {
    nlohmann::json doc = {{"ipopt", IPOPT_VERSION}, {"rows", rows}};
    std::printf("%s\n", doc.dump(1).c_str());
    return 0;
  }
  for (const auto& r : rows)
    std::printf("%-34s %-4s f=%-22.15g viol=%.1e nf=%ld ng=%ld nh=%ld t=%.4fs %s\n",
                r["problem"].get<std::string>().c_str(), r["solved"].get<bool>() ? "yes" : "NO",
                r["f"].get<double>(), r["violation"].get<double>(), r["function_evaluations"].get<long>(),
                r["gradient_evaluations"].get<long>(), r["hessian_evaluations"].get<long>(),
                r["seconds"].get<double>(), r["message"].get<std::string>().c_str());
  return 0;
}
