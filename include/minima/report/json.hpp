// Results as JSON, for `minima ... --json` and for programs that drive minima (the keys follow
// scipy's OptimizeResult where it has one: x, fun → f, nit → iterations, ...).
//
//   {"x": [1.0, 1.0], "f": 1.2e-14, "gradient_norm": 3.1e-09, "status": "converged_gradient",
//    "message": "...", "method": "lbfgs", "iterations": 33,
//    "evaluations": {"function": 40, "gradient": 40, "hessian": 0}, "seconds": 0.0012,
//    "converged": true, "trace": [{"iteration": 0, "f": ..., "gradient_norm": ..., "step_norm": ...,
//    "step_size": ..., "evaluations": {...}, "seconds": ..., "x": [...]}, ...]}
//
// A least-squares result adds "least_squares": {"parameter_names", "observations",
// "degrees_of_freedom", "cost", "residual_sum_of_squares", "residual_standard_deviation",
// "standard_errors", "covariance" (rows), "correlation" (rows), "jacobian_rank",
// "residual_evaluations", "jacobian_evaluations", "jacobian_source"}.
// A population (black-box) result adds "population": {"generations", "restarts", "population_size",
// "non_finite_evaluations", "failed_evaluations", "first_failure", "outside_box", "seed", "threads",
// "best_trace": [{"evaluations", "f"}, ...] (each improvement of the best), and, when generations
// were kept, "series": {"generation": [...], "evaluations": [...], "best_f": [...], "generation_best_f":
// [...], "population_size": [...], and one array per method-specific value, e.g. "analysers": [...]}}.
// `trace` appears only when the result has one; a record's `x` only when it was recorded.
// Non-finite numbers: JSON has no NaN or Infinity, so they are written as the strings "nan", "inf"
// and "-inf" (which Python's float() and most parsers' number readers accept back), never as
// bare NaN (invalid JSON) and not as null (which would lose which one it was). Finite doubles are
// written with enough digits to read back the same double.
#pragma once

#include <string>
#include <vector>

#include "minima/core/observer.hpp"
#include "minima/core/result.hpp"

namespace minima {

/// The result as a JSON document; `indent` spaces per level, or a single line for indent < 0.
std::string result_to_json(const Result& result, int indent = 2);

/// A trace alone, as a JSON array of the records described above.
std::string trace_to_json(const std::vector<IterationRecord>& trace, int indent = 2);

}  // namespace minima
