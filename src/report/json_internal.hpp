// The nlohmann-json form of results, for other modules' sources (the CLI, experiments) that want
// to add keys before printing. Private to the library: include it only from .cpp files, never
// from a public header (nlohmann-json is a PRIVATE dependency of minima).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "minima/core/observer.hpp"
#include "minima/core/result.hpp"
#include "minima/core/types.hpp"

namespace minima::report_detail {

/// Keys stay in insertion order (x, f, gradient_norm, status, ...), the order a person reads.
using Json = nlohmann::ordered_json;

/// A finite double as a JSON number; NaN and ±inf as the strings "nan", "inf", "-inf".
Json json_number(double value);
/// The text of j, `indent` spaces per level (one line for indent < 0); invalid UTF-8 is replaced.
std::string dump(const Json& j, int indent);
/// A vector as an array of json_number.
Json json_array(const Vector& v);
Json json_evaluations(const EvaluationCounts& counts);
Json json_record(const IterationRecord& record);
Json json_trace(const std::vector<IterationRecord>& trace);
/// A matrix as an array of rows.
Json json_matrix(const Matrix& m);
/// The "least_squares" object of a result (see json.hpp).
Json json_least_squares(const LeastSquaresSummary& summary);
/// The object that result_to_json prints.
Json json_kkt(const KktReport& kkt);
Json json_result(const Result& result);

}  // namespace minima::report_detail
