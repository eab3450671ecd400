// CountedObjective: the checked, counted view of an Objective that every solver uses.
//  - counts function, gradient and Hessian evaluations separately (a value-and-gradient call counts
//    one of each, as scipy's nfev/njev do);
//  - catches the user's exceptions and wrong-sized outputs: they are recorded as a failure
//    (Status::function_error with the message) and the call returns NaN, so methods treat the
//    point as unusable and the driver stops with that status;
//  - never throws.
// It refers to the Objective (no copy: objectives may own large data), which must outlive it.
#pragma once

#include <string>

#include "minima/core/objective.hpp"
#include "minima/core/status.hpp"

namespace minima {

struct EvaluationCounts {
  long function = 0;
  long gradient = 0;
  long hessian = 0;
  long total() const { return function + gradient + hessian; }
};

class CountedObjective {
 public:
  CountedObjective(const Objective& objective, Index n) : objective_(objective), n_(n) {}

  Index dimension() const { return n_; }
  const Objective& objective() const { return objective_; }
  bool has_hessian() const { return objective_.has_hessian(); }

  /// f(x); NaN if the user's function threw (see failed()).
  double value(const Vector& x);
  /// f(x) and ∇f(x) into grad (resized to n); NaN if the user's function failed.
  double value_gradient(const Vector& x, Vector& grad);
  /// ∇²f(x) into hess (resized n×n); false if the user's function failed or gave a non-finite
  /// entry (failed() tells which).
  bool hessian(const Vector& x, Matrix& hess);

  const EvaluationCounts& counts() const { return counts_; }
  /// True once the user's function threw or returned a wrong-sized result; the run must stop.
  bool failed() const { return failed_; }
  const std::string& failure_message() const { return failure_message_; }

 private:
  void fail(std::string message);

  const Objective& objective_;
  Index n_;
  EvaluationCounts counts_;
  bool failed_ = false;
  std::string failure_message_;
};

}  // namespace minima
