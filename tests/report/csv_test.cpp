// Trace CSV: header, columns, x columns, non-finite values, file output.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "minima/core/error.hpp"
#include "minima/report/csv.hpp"

namespace minima {
namespace {

std::vector<IterationRecord> sample_trace(bool with_x) {
  IterationRecord a;
  a.iteration = 0;
  a.f = 24.2;
  a.gradient_norm = 215.6;
  a.evaluations = {1, 1, 0};
  a.seconds = 0.5;
  IterationRecord b;
  b.iteration = 1;
  b.f = 0.1;
  b.gradient_norm = std::numeric_limits<double>::infinity();
  b.step_norm = 0.25;
  b.step_size = 1.0;
  b.evaluations = {3, 3, 1};
  b.seconds = 1.0;
  if (with_x) {
    a.x = Vector::Constant(2, -1.2);
    b.x = Vector::Constant(2, 1.0);
  }
  return {a, b};
}

TEST(Csv, HeaderAndRows) {
  EXPECT_EQ(trace_to_csv(sample_trace(false)),
            "iteration,f,gradient_norm,step_norm,step_size,f_evals,g_evals,h_evals,seconds\n"
            "0,24.199999999999999,215.59999999999999,nan,nan,1,1,0,0.5\n"
            "1,0.10000000000000001,inf,0.25,1,3,3,1,1\n");
}

TEST(Csv, XColumns) {
  auto trace = sample_trace(true);
  trace.push_back(trace.back());
  trace.back().iteration = 2;
  trace.back().x.reset();  // a record without x leaves the x cells empty
  const std::string csv = trace_to_csv(trace);
  std::istringstream in(csv);
  std::string header, row0, row1, row2;
  std::getline(in, header);
  std::getline(in, row0);
  std::getline(in, row1);
  std::getline(in, row2);
  EXPECT_EQ(header, "iteration,f,gradient_norm,step_norm,step_size,f_evals,g_evals,h_evals,seconds,x0,x1");
  EXPECT_EQ(row0.substr(row0.size() - 10), ",-1.2,-1.2");
  EXPECT_EQ(row1.substr(row1.size() - 4), ",1,1");
  EXPECT_EQ(row2.substr(row2.size() - 3), "1,,");
}

TEST(Csv, EmptyTraceIsHeaderOnly) {
  EXPECT_EQ(trace_to_csv({}),
            "iteration,f,gradient_norm,step_norm,step_size,f_evals,g_evals,h_evals,seconds\n");
}

TEST(Csv, WritesFiles) {
  const auto dir = std::filesystem::temp_directory_path() / "minima-report-csv-test";
  std::filesystem::remove_all(dir);
  const auto path = dir / "sub" / "trace.csv";
  write_trace_csv(sample_trace(true), path);
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), trace_to_csv(sample_trace(true)));
  std::ostringstream os;
  write_trace_csv(sample_trace(false), os);
  EXPECT_EQ(os.str(), trace_to_csv(sample_trace(false)));
  // A path below a regular file cannot be created.
  EXPECT_THROW(write_trace_csv(sample_trace(false), path / "x.csv"), InvalidArgument);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace minima
