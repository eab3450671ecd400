#include "constraint_evaluation.hpp"

#include <exception>
#include <stdexcept>

#include <fmt/format.h>

namespace minima::constrained_detail {

std::string constraint_name(const Constraints& c, bool equality, std::size_t i) {
  const auto& names = equality ? c.equality_names : c.inequality_names;
  if (i < names.size() && !names[i].empty()) return fmt::format("'{}'", names[i]);
  return fmt::format("{} {}", equality ? "equality" : "inequality", i + 1);
}

void evaluate_constraints(const Constraints& c, bool equality, const Vector& x, Index n, bool gradients,
                          Vector& v, Matrix& jac) {
  const auto& list = equality ? c.equalities : c.inequalities;
  const auto m = static_cast<Index>(list.size());
  v.resize(m);
  if (gradients) jac.resize(m, n);
  Vector grad(n);
  for (Index i = 0; i < m; ++i) {
    const auto ii = static_cast<std::size_t>(i);
    grad.resize(n);
    try {
      v[i] = list[ii](x, gradients ? &grad : nullptr);
    } catch (const std::exception& e) {
      throw std::runtime_error(
          fmt::format("constraint {} threw: {}", constraint_name(c, equality, ii), e.what()));
    } catch (...) {
      throw std::runtime_error(
          fmt::format("constraint {} threw a non-standard exception", constraint_name(c, equality, ii)));
    }
    if (gradients) {
      if (grad.size() != n)
        throw std::runtime_error(fmt::format("constraint {}: the gradient has {} entries, expected {}",
                                             constraint_name(c, equality, ii), grad.size(), n));
      jac.row(i) = grad.transpose();
    }
  }
}

double squared_violation(const Vector& g, const Vector& h, const Matrix& jg, const Matrix& jh, Index n,
                         Vector* grad) {
  const Vector hp = h.cwiseMax(0.0);
  if (grad) {
    grad->setZero(n);
    if (g.size()) grad->noalias() += jg.transpose() * g;
    if (h.size()) grad->noalias() += jh.transpose() * hp;
  }
  return 0.5 * (g.squaredNorm() + hp.squaredNorm());
}

}  // namespace minima::constrained_detail
