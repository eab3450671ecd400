// Uses an installed minima: minimize Rosenbrock written as a generic lambda (exact derivatives by
// dual numbers) with L-BFGS, and a built-in test problem by method name.
#include <cmath>
#include <iostream>

#include <minima/minima.hpp>

int main() {
  auto rosenbrock = minima::autodiff(
      [](const auto& x) {
        using std::pow;
        return 100 * pow(x[1] - x[0] * x[0], 2) + pow(1 - x[0], 2);
      },
      2);
  minima::Vector x0(2);
  x0 << -1.2, 1.0;
  const minima::Result r = minima::minimize(rosenbrock, x0, minima::Lbfgs{.memory = 10});
  std::cout << r.brief() << "\n";

  const minima::TestProblem wood = minima::make_problem("wood");
  const minima::Result w = minima::minimize(wood.objective, wood.x0, minima::method_from_name("bfgs"));
  std::cout << w.brief() << "\n";
  return r.converged() && w.converged() && std::abs(r.x[0] - 1) < 1e-6 ? 0 : 1;
}
