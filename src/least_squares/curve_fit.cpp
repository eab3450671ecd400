#include "minima/least_squares/curve_fit.hpp"

#include <cmath>
#include <memory>
#include <span>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "minima/numerics/formula.hpp"

namespace minima {
namespace {

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

struct FitData {
  Formula formula;
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> inputs;  // row per observation
  Vector y;
  Vector inverse_sigma;  ///< 1/σ_i, or empty (unweighted)
};

}  // namespace

ResidualObjective formula_residuals(std::string_view model, std::vector<std::string> parameters,
                                    const DataTable& data, std::string_view response, const Vector& sigma) {
  if (parameters.empty()) throw InvalidArgument("curve fit: no parameters given");
  if (data.rows() == 0) throw InvalidArgument("curve fit: the data have no rows");
  const auto y_column = data.find(response);
  if (!y_column)
    throw InvalidArgument(
        fmt::format("curve fit: no response column '{}' (the columns are {})", response, join(data.names)));
  std::vector<std::string> inputs;
  std::vector<Index> input_columns;
  for (Index c = 0; c < data.columns(); ++c) {
    if (c == *y_column) continue;
    inputs.push_back(data.names[static_cast<std::size_t>(c)]);
    input_columns.push_back(c);
  }
  if (sigma.size() != 0) {
    if (sigma.size() != data.rows())
      throw InvalidArgument(
          fmt::format("curve fit: sigma has {} entries but the data have {} rows", sigma.size(), data.rows()));
    for (Index i = 0; i < sigma.size(); ++i)
      if (!(sigma[i] > 0) || !std::isfinite(sigma[i]))
        throw InvalidArgument(fmt::format(
            "curve fit: sigma[{}] = {} (row {}): standard deviations must be finite and > 0", i, sigma[i], i + 1));
  }
  for (const auto& p : parameters)
    if (data.find(p))
      throw InvalidArgument(fmt::format("curve fit: '{}' is both a parameter and a data column", p));
  std::optional<Formula> formula;
  try {
    formula = Formula::parse(model, parameters, inputs);
  } catch (const FormulaParseError& e) {
    throw ParseError(fmt::format("model '{}': {}", model, e.what()));
  }
  auto fit = std::make_shared<FitData>(
      FitData{*formula, {}, data.values.col(*y_column), sigma.size() ? Vector(sigma.cwiseInverse()) : Vector()});
  fit->inputs.resize(data.rows(), static_cast<Index>(inputs.size()));
  for (std::size_t k = 0; k < input_columns.size(); ++k)
    fit->inputs.col(static_cast<Index>(k)) = data.values.col(input_columns[k]);

  const auto n = static_cast<Index>(parameters.size());
  auto function = [fit, n](const Vector& b, Vector& r, Matrix* jacobian) {
    if (b.size() != n)
      throw InvalidArgument(fmt::format("curve fit: {} parameter values, the model has {}", b.size(), n));
    const Index m = fit->y.size();
    const auto k = static_cast<std::size_t>(fit->inputs.cols());
    const std::span<const double> params(b.data(), static_cast<std::size_t>(n));
    r.resize(m);
    if (jacobian) jacobian->resize(m, n);
    Vector grad(n);
    for (Index i = 0; i < m; ++i) {
      const std::span<const double> row(fit->inputs.row(i).data(), k);
      if (jacobian) {
        r[i] =
            fit->y[i] - fit->formula.value_gradient(params, row, std::span<double>(grad.data(), grad.size()));
        jacobian->row(i) = -grad.transpose();
      } else {
        r[i] = fit->y[i] - fit->formula.evaluate(params, row);
      }
    }
    if (fit->inverse_sigma.size()) {
      r.array() *= fit->inverse_sigma.array();
      if (jacobian) jacobian->array().colwise() *= fit->inverse_sigma.array();
    }
  };
  return ResidualObjective(std::move(function), data.rows(), n, DerivativeSource::autodiff,
                           std::move(parameters));
}

}  // namespace minima
