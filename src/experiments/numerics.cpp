// `minima reproduce numerics`: the cases of seed 001 (Deep Learning book ch. 4): naive against
// stable softmax / log-softmax on extreme inputs, condition numbers, critical points classified.
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "minima/experiments/experiment.hpp"
#include "minima/numerics/conditioning.hpp"
#include "minima/numerics/critical_point.hpp"
#include "minima/numerics/stable.hpp"

namespace minima {
namespace {

std::string show(const Vector& v) {
  std::string s = "(";
  for (Index i = 0; i < v.size(); ++i) {
    if (i) s += ", ";
    s += format_number(v[i]);  // "nan", not "-nan"
  }
  return s + ")";
}

bool is_distribution(const Vector& p) {
  return p.allFinite() && (p.array() >= 0).all() && std::abs(p.sum() - 1.0) < 1e-12;
}

}  // namespace

ExperimentOutput run_numerics_experiment(const ExperimentOptions& /*options*/) {
  ExperimentOutput out;
  out.name = "numerics";
  out.title = "Seed 001: overflow and underflow, conditioning, critical points";

  struct Input {
    std::string label;
    Vector x;
  };
  auto vec = [](std::initializer_list<double> v) {
    Vector x(static_cast<Index>(v.size()));
    Index i = 0;
    for (double d : v) x[i++] = d;
    return x;
  };
  const std::vector<Input> inputs = {
      {"all equal, c = 1000", vec({1000, 1000, 1000})},  {"all equal, c = -1000", vec({-1000, -1000, -1000})},
      {"mixed (1000, -1000)", vec({1000, -1000})},       {"ordinary (1, 2, 3)", vec({1, 2, 3})},
      {"very negative (-800, -801)", vec({-800, -801})},
  };
  Table soft(
      {"input", "naive softmax", "stable softmax", "naive log-softmax", "stable log-softmax", "log-sum-exp"});
  for (const Input& in : inputs) {
    const Vector ns = naive_softmax(in.x), ss = softmax(in.x);
    const Vector nl = naive_log_softmax(in.x), sl = log_softmax(in.x);
    soft.add_row(
        {in.label, show(ns), show(ss), show(nl), show(sl), fmt::format("{:.10g}", log_sum_exp(in.x))});
    out.checks.push_back({fmt::format("softmax of {} is a probability distribution", in.label),
                          is_distribution(ss), show(ss)});
    out.checks.push_back({fmt::format("log-softmax of {} is finite", in.label), sl.allFinite(), show(sl)});
  }
  out.checks.push_back({"naive softmax of c = 1000 overflows (inf/inf = NaN)",
                        !naive_softmax(inputs[0].x).allFinite(), show(naive_softmax(inputs[0].x))});
  out.checks.push_back({"naive softmax of c = -1000 underflows (0/0 = NaN)",
                        !naive_softmax(inputs[1].x).allFinite(), show(naive_softmax(inputs[1].x))});
  out.checks.push_back({"equal entries give 1/n each", std::abs(softmax(inputs[1].x)[0] - 1.0 / 3) < 1e-15,
                        show(softmax(inputs[1].x))});
  out.tables.push_back({"softmax", soft});

  // Condition numbers: max|λ|/min|λ| for symmetric matrices (the seed's definition), σmax/σmin otherwise.
  Table cond({"matrix", "condition number", "what it means"});
  auto add_cond = [&](std::string label, const Matrix& m, std::string meaning) {
    cond.add_row({std::move(label), fmt::format("{:.6g}", condition_number(m)), std::move(meaning)});
  };
  Matrix hilbert(5, 5);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 5; ++j) hilbert(i, j) = 1.0 / (i + j + 1);
  Matrix near_dep(2, 2);
  near_dep << 1, 1, 1, 1 + 1e-8;
  Matrix singular(2, 2);
  singular << 1, 2, 2, 4;
  Matrix rotation(2, 2);
  rotation << 0, -1, 1, 0;
  add_cond("identity I3", Matrix::Identity(3, 3), "perfectly conditioned");
  add_cond("diag(1, 1e-6)", Matrix(Vector(vec({1, 1e-6})).asDiagonal()), "inverse amplifies errors 1e6-fold");
  add_cond("Hilbert H5", hilbert, "classic ill-conditioned matrix (4.766e5)");
  add_cond("[1 1; 1 1+1e-8]", near_dep, "nearly linearly dependent columns");
  add_cond("[1 2; 2 4]", singular, "singular: dependent columns");
  add_cond("rotation [0 -1; 1 0]", rotation, "orthogonal, not symmetric: singular values 1, 1");
  out.tables.push_back({"condition-numbers", cond});
  out.checks.push_back(
      {"diag(1, 1e-6) has condition number 1e6",
       std::abs(condition_number(Matrix(Vector(vec({1, 1e-6})).asDiagonal())) / 1e6 - 1) < 1e-12, ""});
  out.checks.push_back(
      {"a singular matrix has infinite condition number", std::isinf(condition_number(singular)), ""});

  // Critical points by the second-derivative test on the Hessian's eigenvalues.
  struct Point {
    std::string function;
    Vector g;
    Matrix h;
    std::string expected;
  };
  auto mat = [](double a, double b, double c, double d) {
    Matrix m(2, 2);
    m << a, b, c, d;
    return m;
  };
  const std::vector<Point> points = {
      {"x^2 + y^2 at 0", Vector::Zero(2), mat(2, 0, 0, 2), "local_minimum"},
      {"-x^2 - y^2 at 0", Vector::Zero(2), mat(-2, 0, 0, -2), "local_maximum"},
      {"x^2 - y^2 at 0", Vector::Zero(2), mat(2, 0, 0, -2), "saddle_point"},
      {"x*y at 0", Vector::Zero(2), mat(0, 1, 1, 0), "saddle_point"},
      {"x^4 + y^2 at 0", Vector::Zero(2), mat(0, 0, 0, 2), "inconclusive"},
      {"x^3 at 0 (1-D, f''=0)", Vector::Zero(1), Matrix::Zero(1, 1), "inconclusive"},
      {"x^2 + y^2 at (1, 0)", vec({2, 0}), mat(2, 0, 0, 2), "not_critical"},
  };
  Table crit({"function and point", "Hessian eigenvalues", "classified as", "expected"});
  for (const Point& p : points) {
    const auto c = classify_critical_point(p.g, p.h);
    const std::string kind(to_string(c.kind));
    crit.add_row({p.function, show(c.eigenvalues), kind, p.expected});
    out.checks.push_back({fmt::format("{} is a {}", p.function, p.expected), kind == p.expected, kind});
  }
  out.tables.push_back({"critical-points", crit});
  return out;
}

}  // namespace minima
