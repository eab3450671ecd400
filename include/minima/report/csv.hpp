// Traces as CSV, for spreadsheets, pandas and gnuplot. One header row, then one row per record:
//   iteration,f,gradient_norm,step_norm,step_size,f_evals,g_evals,h_evals,seconds[,x0,x1,...]
// The x columns appear when any record carries x (Trace::with_x); their count is the largest x
// recorded, and a record without x leaves them empty. Doubles are written with 17 significant
// digits (they read back exactly); NaN and infinities as "nan", "inf", "-inf" (pandas and
// Python's float() read them).
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "minima/core/observer.hpp"

namespace minima {

/// The trace as CSV text (header only for an empty trace).
std::string trace_to_csv(const std::vector<IterationRecord>& trace);

/// Writes trace_to_csv to a stream.
void write_trace_csv(const std::vector<IterationRecord>& trace, std::ostream& out);

/// Writes trace_to_csv to a file, creating its parent folders; throws InvalidArgument when the file
/// cannot be written (the message names the path).
void write_trace_csv(const std::vector<IterationRecord>& trace, const std::filesystem::path& path);

}  // namespace minima
