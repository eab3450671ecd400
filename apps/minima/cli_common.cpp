#include "cli_common.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

namespace minima::cli {

Vector parse_vector(std::string_view text, std::string_view what, bool allow_infinite) {
  std::vector<double> values;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    std::string item(
        text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    const auto first = item.find_first_not_of(" \t");
    const auto last = item.find_last_not_of(" \t");
    item = first == std::string::npos ? std::string() : item.substr(first, last - first + 1);
    if (item.empty())
      throw UsageError(fmt::format("{}: entry {} is empty in '{}'", what, values.size() + 1, text));
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(item.c_str(), &end);
    if (end != item.c_str() + item.size())
      throw UsageError(fmt::format("{}: entry {} '{}' is not a number", what, values.size() + 1, item));
    if (allow_infinite) {
      if (std::isnan(v)) throw UsageError(fmt::format("{}: entry {} is NaN", what, values.size() + 1));
    } else if (!std::isfinite(v) || errno == ERANGE) {
      throw UsageError(fmt::format("{}: entry {} '{}' is not finite", what, values.size() + 1, item));
    }
    values.push_back(v);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return Eigen::Map<const Vector>(values.data(), static_cast<Index>(values.size()));
}

std::vector<std::string> parse_names(std::string_view text, std::string_view what) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    std::string name(
        text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    const bool ok =
        !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_') &&
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
            std::string::npos;
    if (!ok) throw UsageError(fmt::format("{}: '{}' is not a variable name", what, name));
    names.push_back(std::move(name));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return names;
}

Vector parse_bounds(const std::string& text, const char* what, Index n) {
  if (text.empty()) return Vector();
  Vector values = parse_vector(text, what, /*allow_infinite=*/true);
  if (values.size() == 1) return Vector::Constant(n, values[0]);
  if (values.size() != n)
    throw UsageError(
        fmt::format("{} has {} values for {} variables (give one value for all, or one per variable)", what,
                    values.size(), n));
  return values;
}

int exit_code(const Result& result) {
  if (result.converged()) return kConverged;
  if (result.usable()) return kLimit;
  if (result.status == Status::invalid_input) return kUsage;
  return kFailed;
}

int& exit_status() {
  static int code = 0;
  return code;
}

}  // namespace minima::cli
