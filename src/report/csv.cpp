#include "minima/report/csv.hpp"

#include <cmath>
#include <fstream>
#include <system_error>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {
namespace {

std::string csv_number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return fmt::format("{:.17g}", v);
}

}  // namespace

std::string trace_to_csv(const std::vector<IterationRecord>& trace) {
  Index nx = 0;
  for (const auto& r : trace) {
    if (r.x) nx = std::max(nx, r.x->size());
  }
  std::string out = "iteration,f,gradient_norm,step_norm,step_size,f_evals,g_evals,h_evals,seconds";
  for (Index i = 0; i < nx; ++i) out += fmt::format(",x{}", i);
  out += "\n";
  for (const auto& r : trace) {
    out +=
        fmt::format("{},{},{},{},{},{},{},{},{}", r.iteration, csv_number(r.f), csv_number(r.gradient_norm),
                    csv_number(r.step_norm), csv_number(r.step_size), r.evaluations.function,
                    r.evaluations.gradient, r.evaluations.hessian, csv_number(r.seconds));
    for (Index i = 0; i < nx; ++i) {
      out += ",";
      if (r.x && i < r.x->size()) out += csv_number((*r.x)[i]);
    }
    out += "\n";
  }
  return out;
}

void write_trace_csv(const std::vector<IterationRecord>& trace, std::ostream& out) {
  out << trace_to_csv(trace);
}

void write_trace_csv(const std::vector<IterationRecord>& trace, const std::filesystem::path& path) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  std::ofstream file(path, std::ios::binary);
  if (!file)
    throw InvalidArgument(fmt::format("write_trace_csv: cannot open '{}' for writing", path.string()));
  file << trace_to_csv(trace);
  file.close();
  if (!file) throw InvalidArgument(fmt::format("write_trace_csv: writing '{}' failed", path.string()));
}

}  // namespace minima
