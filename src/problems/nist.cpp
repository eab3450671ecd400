#include "minima/problems/nist.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "minima/numerics/dual.hpp"
#include "minima/problems/data_files.hpp"
#include "nist_models.hpp"
#include "text_numbers.hpp"

namespace minima {
namespace {

using problems_detail::parse_double;
using problems_detail::split_whitespace;
using problems_detail::trim;

// ----- the models, keyed by data set name ---------------------------------------------------------

struct NistData {
  Vector y;  // the response (log y for Nelson)
  Matrix x;  // predictors, row per observation
};

template <class Model>
ResidualObjective make_residuals(std::shared_ptr<const NistData> data, std::vector<std::string> names,
                                 const std::string& name) {
  auto function = [data, name](const Vector& b, Vector& r, Matrix* jacobian) {
    // Inside the lambda: clang does not let a lambda use an enclosing constexpr local as an array
    // bound without capturing it.
    constexpr int n = Model::parameters;
    constexpr int k = Model::predictors;
    if (b.size() != n)
      throw InvalidArgument(
          fmt::format("{}: {} parameters given, the model has {}", name, b.size(), int{Model::parameters}));
    const Index m = data->y.size();
    r.resize(m);
    double xi[k];
    if (!jacobian) {
      for (Index i = 0; i < m; ++i) {
        for (int c = 0; c < k; ++c) xi[c] = data->x(i, c);
        r[i] = data->y[i] - Model::template eval<double>(b.data(), xi);
      }
      return;
    }
    using D = Dual<double, n>;
    D bd[n];
    for (int j = 0; j < n; ++j) bd[j] = D::variable(b[j], j);
    jacobian->resize(m, n);
    for (Index i = 0; i < m; ++i) {
      for (int c = 0; c < k; ++c) xi[c] = data->x(i, c);
      const D v = Model::template eval<D>(bd, xi);
      r[i] = data->y[i] - v.value;
      jacobian->row(i) = -v.derivative.transpose();
    }
  };
  return ResidualObjective(std::move(function), data->y.size(), Model::parameters, DerivativeSource::autodiff,
                           std::move(names));
}

struct ModelEntry {
  const char* name;
  int parameters;
  int predictors;
  bool log_response;
  ResidualObjective (*make)(std::shared_ptr<const NistData>, std::vector<std::string>, const std::string&);
};

template <class M>
constexpr ModelEntry entry(const char* name, bool log_response = false) {
  return {name, M::parameters, M::predictors, log_response, &make_residuals<M>};
}

// NIST's order: lower, average, higher difficulty.
const ModelEntry kModels[] = {
    entry<nist_models::Misra1a>("Misra1a"),     entry<nist_models::Chwirut>("Chwirut2"),
    entry<nist_models::Chwirut>("Chwirut1"),    entry<nist_models::Lanczos>("Lanczos3"),
    entry<nist_models::Gauss>("Gauss1"),        entry<nist_models::Gauss>("Gauss2"),
    entry<nist_models::DanWood>("DanWood"),     entry<nist_models::Misra1b>("Misra1b"),
    entry<nist_models::Kirby2>("Kirby2"),       entry<nist_models::Hahn1>("Hahn1"),
    entry<nist_models::Nelson>("Nelson", true), entry<nist_models::MGH17>("MGH17"),
    entry<nist_models::Lanczos>("Lanczos1"),    entry<nist_models::Lanczos>("Lanczos2"),
    entry<nist_models::Gauss>("Gauss3"),        entry<nist_models::Misra1c>("Misra1c"),
    entry<nist_models::Misra1d>("Misra1d"),     entry<nist_models::Roszman1>("Roszman1"),
    entry<nist_models::ENSO>("ENSO"),           entry<nist_models::MGH09>("MGH09"),
    entry<nist_models::Thurber>("Thurber"),     entry<nist_models::BoxBOD>("BoxBOD"),
    entry<nist_models::Rat42>("Rat42"),         entry<nist_models::MGH10>("MGH10"),
    entry<nist_models::Eckerle4>("Eckerle4"),   entry<nist_models::Rat43>("Rat43"),
    entry<nist_models::Bennett5>("Bennett5"),
};

const ModelEntry* find_model(std::string_view name) {
  for (const auto& e : kModels)
    if (name == e.name) return &e;
  return nullptr;
}

// ----- reading the files ---------------------------------------------------------------------------

/// Significant digits of a number as printed: "2.1380940889E+02" → 11, "1.20196866396E-0" → 12.
int significant_digits(std::string_view text) {
  const auto e = text.find_first_of("eE");
  std::string_view mantissa = text.substr(0, e);
  int digits = 0;
  bool leading = true;
  for (char c : mantissa) {
    if (!std::isdigit(static_cast<unsigned char>(c))) continue;
    if (leading && c == '0') continue;
    leading = false;
    ++digits;
  }
  return std::max(digits, 1);
}

class Reader {
 public:
  Reader(std::string path, std::vector<std::string> lines)
      : path_(std::move(path)), lines_(std::move(lines)) {}

  [[noreturn]] void fail(std::size_t line, const std::string& what) const {
    throw ParseError(line ? fmt::format("{}:{}: {}", path_, line, what) : fmt::format("{}: {}", path_, what));
  }
  std::size_t count() const { return lines_.size(); }
  const std::string& line(std::size_t k) const {  // 1-based
    if (k == 0 || k > lines_.size())
      fail(0,
           fmt::format("the file is truncated: it ends at line {}, line {} was expected", lines_.size(), k));
    return lines_[k - 1];
  }
  /// The first line (1-based) containing `key`, or 0.
  std::size_t find(std::string_view key, std::size_t from = 1, std::size_t to = 0) const {
    if (to == 0 || to > lines_.size()) to = lines_.size();
    for (std::size_t k = from; k <= to; ++k)
      if (lines_[k - 1].find(key) != std::string::npos) return k;
    return 0;
  }
  /// "(lines A to B)" on the header line containing `key`.
  std::pair<std::size_t, std::size_t> range(std::string_view key) const {
    const std::size_t k = find(key, 1, std::min<std::size_t>(count(), 20));
    if (!k) fail(0, fmt::format("no '{}  (lines A to B)' line in the header", key));
    const std::string& text = lines_[k - 1];
    const auto open = text.find("(lines");
    const auto to = text.find("to", open == std::string::npos ? 0 : open);
    const auto close = text.find(')', to == std::string::npos ? 0 : to);
    if (open == std::string::npos || to == std::string::npos || close == std::string::npos)
      fail(k, fmt::format("expected '{}  (lines A to B)'", key));
    const auto a = parse_double(std::string_view(text).substr(open + 6, to - open - 6));
    const auto b = parse_double(std::string_view(text).substr(to + 2, close - to - 2));
    // Bounded before the cast: a double past SIZE_MAX (1e300) converted to size_t is undefined.
    if (!a || !b || *a < 1 || *b < *a || *a != std::floor(*a) || *b != std::floor(*b) || *b > 1e9)
      fail(k, fmt::format("expected '{}  (lines A to B)' with line numbers 1 <= A <= B <= 1e9", key));
    return {static_cast<std::size_t>(*a), static_cast<std::size_t>(*b)};
  }
  double number(std::size_t k, std::string_view text, std::string_view what) const {
    const auto v = parse_double(text);
    if (!v) fail(k, fmt::format("{}: '{}' is not a number", what, text));
    if (!std::isfinite(*v)) fail(k, fmt::format("{}: '{}' is not finite", what, text));
    return *v;
  }
  /// The value after "label:" on the first line in [from, to] that has the label.
  CertifiedValue labelled(std::string_view label, std::size_t from, std::size_t to) const {
    const std::size_t k = find(label, from, to);
    if (!k) fail(0, fmt::format("no '{}' line among the certified values (lines {} to {})", label, from, to));
    const std::string& text = lines_[k - 1];
    const auto fields = split_whitespace(std::string_view(text).substr(text.find(':') + 1));
    if (fields.size() != 1) fail(k, fmt::format("expected one number after '{}'", label));
    return {number(k, fields[0], label), significant_digits(fields[0])};
  }

 private:
  std::string path_;
  std::vector<std::string> lines_;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

const Vector& NistProblem::start(int which) const {
  if (which == 1) return start1;
  if (which == 2) return start2;
  throw InvalidArgument(fmt::format("NIST start {}: must be 1 or 2", which));
}

ResidualObjective NistProblem::residuals() const {
  const ModelEntry* model = find_model(name);
  if (!model) throw InvalidArgument(fmt::format("no NIST model is known for the data set '{}'", name));
  auto data = std::make_shared<NistData>();
  data->y = model->log_response ? Vector(y.array().log()) : y;
  data->x = x;
  return model->make(std::move(data), parameter_names, name);
}

NistProblem read_nist(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ParseError(fmt::format("{}: cannot open the file", file.string()));
  std::stringstream buffer;
  buffer << in.rdbuf();
  const Reader rd(file.string(), problems_detail::split_lines(buffer.str()));

  NistProblem p;
  p.path = file.string();
  const std::size_t name_line = rd.find("Dataset Name:", 1, 5);
  if (!name_line) rd.fail(0, "no 'Dataset Name:' line: not a NIST StRD file");
  {
    const auto fields =
        split_whitespace(std::string_view(rd.line(name_line)).substr(rd.line(name_line).find(':') + 1));
    if (fields.empty()) rd.fail(name_line, "the data set has no name");
    p.name = std::string(fields[0]);
  }
  const ModelEntry* model = find_model(p.name);
  if (!model)
    throw InvalidArgument(fmt::format("{}: no NIST model is known for the data set '{}'", p.path, p.name));

  const auto [start_first, start_last] = rd.range("Starting Values");
  const auto [cert_first, cert_last] = rd.range("Certified Values");
  const auto [data_first, data_last] = rd.range("Data    ");

  if (const std::size_t k = rd.find("Level of Difficulty"); k)
    p.difficulty = std::string(split_whitespace(rd.line(k))[0]);
  if (const std::size_t k = rd.find("Model:"); k) {
    for (std::size_t j = k + 1; j < start_first && j <= rd.count(); ++j) {
      const std::string_view t = trim(rd.line(j));
      if (t.find('=') != std::string_view::npos && (t.starts_with("y") || t.starts_with("log")) &&
          p.model.empty()) {
        p.model = std::string(t);
        for (std::size_t c = j + 1; c < start_first && !trim(rd.line(c)).empty(); ++c)
          p.model += " " + std::string(trim(rd.line(c)));
        break;
      }
    }
  }

  // Parameter lines: "  b1 =   1   100   2.1380940889E+02  1.2354515176E+01".
  const auto n = static_cast<std::size_t>(model->parameters);
  std::vector<double> s1, s2;
  for (std::size_t k = start_first; k <= start_last; ++k) {
    const auto fields = split_whitespace(rd.line(k));
    if (fields.size() != 6 || fields[1] != "=")
      rd.fail(k, "expected 'bK = start1 start2 certified-value standard-deviation'");
    p.parameter_names.emplace_back(fields[0]);
    s1.push_back(rd.number(k, fields[2], "start 1"));
    s2.push_back(rd.number(k, fields[3], "start 2"));
    p.certified.push_back({rd.number(k, fields[4], "certified value"), significant_digits(fields[4])});
    p.certified_sd.push_back(
        {rd.number(k, fields[5], "certified standard deviation"), significant_digits(fields[5])});
  }
  if (p.parameter_names.size() != n)
    rd.fail(start_first,
            fmt::format("{} parameters listed, the {} model has {}", p.parameter_names.size(), p.name, n));
  p.start1 = Eigen::Map<const Vector>(s1.data(), static_cast<Index>(n));
  p.start2 = Eigen::Map<const Vector>(s2.data(), static_cast<Index>(n));
  p.residual_sum_of_squares = rd.labelled("Residual Sum of Squares:", cert_first, cert_last);
  p.residual_standard_deviation = rd.labelled("Residual Standard Deviation:", cert_first, cert_last);
  const CertifiedValue dof = rd.labelled("Degrees of Freedom:", cert_first, cert_last);
  const CertifiedValue observations = rd.labelled("Number of Observations:", cert_first, cert_last);
  // Checked before the cast (a double outside Index's range converted to it is undefined).
  if (!(dof.value >= 0 && dof.value <= 1e9 && dof.value == std::floor(dof.value)))
    rd.fail(0, fmt::format("Degrees of Freedom: {} is not a whole number in [0, 1e9]", dof.value));
  p.degrees_of_freedom = static_cast<Index>(dof.value);

  // The data: a header "Data:  y  x" on the line before, then one observation per line.
  const std::string& header = rd.line(data_first - 1);
  auto columns = split_whitespace(header);
  if (columns.empty() || columns[0] != "Data:")
    rd.fail(data_first - 1, "expected the column header 'Data:  y  x'");
  for (std::size_t c = 1; c < columns.size(); ++c) p.columns.emplace_back(columns[c]);
  const auto y_column = std::find(p.columns.begin(), p.columns.end(), "y");
  if (y_column == p.columns.end()) rd.fail(data_first - 1, "the data have no column 'y'");
  if (p.columns.size() != static_cast<std::size_t>(model->predictors) + 1)
    rd.fail(data_first - 1, fmt::format("{} data columns, the {} model takes {} predictors and y",
                                        p.columns.size(), p.name, model->predictors));
  const auto m = static_cast<Index>(data_last - data_first + 1);
  if (static_cast<double>(m) != observations.value)
    rd.fail(data_first, fmt::format("data lines {} to {} hold {} observations, the header says {}",
                                    data_first, data_last, m, observations.value));
  if (rd.count() < data_last)
    rd.fail(rd.count(), fmt::format("the file is truncated: it ends at line {}, the data run to line {}",
                                    rd.count(), data_last));
  const auto y_index = static_cast<std::size_t>(y_column - p.columns.begin());
  p.y.resize(m);
  p.x.resize(m, model->predictors);
  for (Index i = 0; i < m; ++i) {
    const std::size_t k = data_first + static_cast<std::size_t>(i);
    const auto fields = split_whitespace(rd.line(k));
    if (fields.size() != p.columns.size())
      rd.fail(k, fmt::format("{} numbers on a data line, expected {}", fields.size(), p.columns.size()));
    Index pred = 0;
    for (std::size_t c = 0; c < fields.size(); ++c) {
      const double v = rd.number(k, fields[c], fmt::format("column {} ({})", c + 1, p.columns[c]));
      if (c == y_index)
        p.y[i] = v;
      else
        p.x(i, pred++) = v;
    }
  }
  if (model->log_response && (p.y.array() <= 0).any())
    rd.fail(data_first, "log response: every y must be > 0");
  return p;
}

NistProblem load_nist(std::string_view name_or_path) {
  const std::string wanted = lower(name_or_path);
  for (const auto& name : nist_problem_names())
    if (lower(name) == wanted) return read_nist(data_file("nist/" + name + ".dat"));
  const std::filesystem::path path{std::string(name_or_path)};
  if (!std::filesystem::exists(path))
    throw InvalidArgument(
        fmt::format("'{}' is neither a NIST data set name (e.g. BoxBOD, Misra1a) nor a file", name_or_path));
  return read_nist(path);
}

const std::vector<std::string>& nist_problem_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& e : kModels) out.emplace_back(e.name);
    return out;
  }();
  return names;
}

double log_relative_error(double estimate, double certified, int digits) {
  if (!std::isfinite(estimate)) return 0.0;
  const double error =
      certified == 0.0 ? std::abs(estimate) : std::abs(estimate - certified) / std::abs(certified);
  const double lre = error == 0.0 ? static_cast<double>(digits) : -std::log10(error);
  return std::clamp(lre, 0.0, static_cast<double>(digits));
}

}  // namespace minima
