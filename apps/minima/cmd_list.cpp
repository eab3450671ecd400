// minima methods / minima problems: what exists, one line each.
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "minima/constrained/minimize_constrained.hpp"
#include "minima/evolution/black_box.hpp"
#include "minima/problems/constrained_problem.hpp"
#include "minima/problems/global_problems.hpp"
#include "minima/problems/test_problem.hpp"
#include "minima/unconstrained/minimize.hpp"

namespace minima::cli {

void add_list_commands(CLI::App& app) {
  app.add_subcommand("methods", "List the methods, one line each")->callback([] {
    for (const MethodInfo& m : method_registry())
      std::cout << fmt::format("{:<22} {}\n", m.name, m.description);
    for (const ConstrainedMethodInfo& m : constrained_method_registry())
      std::cout << fmt::format("{:<22} {}\n", m.name, m.description);
    for (const BlackBoxMethodInfo& m : list_black_box_methods())
      std::cout << fmt::format("{:<22} {} (minima blackbox)\n", m.name, m.description);
  });
  app.add_subcommand("problems", "List the built-in test problems, one line each")->callback([] {
    for (const ProblemInfo& p : list_problems()) {
      const std::string dim = p.any_dimension
                                  ? fmt::format("n={}+ (default {})", p.min_dimension, p.default_dimension)
                                  : fmt::format("n={}", p.default_dimension);
      std::cout << fmt::format("{:<26} {:<22} {}\n", p.name, dim, p.description);
    }
    for (const ConstrainedProblemInfo& p : list_constrained_problems())
      std::cout << fmt::format("{:<26} {:<22} {} (constrained: {} equalities, {} inequalities{})\n", p.name,
                               fmt::format("n={}", p.dimension), p.description, p.equalities, p.inequalities,
                               p.has_bounds ? ", bounds" : "");
    for (const std::string& name : list_global_problems()) {
      const GlobalProblem p = make_global_problem(name);
      std::cout << fmt::format("{:<26} {:<22} {} (minima blackbox)\n", p.name,
                               name == "fletcher-powell" ? "n=10" : "n=2+ (default 10)", p.description);
    }
  });
}

}  // namespace minima::cli
