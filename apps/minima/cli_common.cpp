#include "cli_common.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

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
    } else if (!std::isfinite(v) || (errno == ERANGE && std::abs(v) > 1.0)) {
      // ERANGE also flags underflow: 1e-320 is a subnormal, finite and usable; only overflow is refused.
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

CLI::Validator whole_number(long long min, unsigned long long max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        const bool negative = !text.empty() && text[0] == '-';
        char* end = nullptr;
        errno = 0;
        if (negative) {
          const long long v = std::strtoll(text.c_str(), &end, 10);
          if (end == text.c_str() || *end != '\0') return "'" + text + "' is not a whole number";
          if (errno == ERANGE || v < min) return fmt::format("{} is below the minimum {}", text, min);
          return {};
        }
        const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
        if (end == text.c_str() || *end != '\0') return "'" + text + "' is not a whole number";
        if (errno == ERANGE || v > max) return fmt::format("{} is above the maximum {}", text, max);
        if (min > 0 && v < static_cast<unsigned long long>(min))
          return fmt::format("{} is below the minimum {}", text, min);
        return {};
      },
      "INT", "whole_number");
}

void check_writable_directory(const std::string& path, std::string_view what) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec || !std::filesystem::is_directory(path))
    throw UsageError(
        fmt::format("{}: cannot create the folder '{}'{}", what, path,
                    ec ? " (" + ec.message() + ")" : std::string(" (a file of that name exists)")));
  const auto probe = std::filesystem::path(path) / fmt::format(".minima-write-test-{}", ::getpid());
  {
    std::ofstream out(probe);
    if (!out) throw UsageError(fmt::format("{}: cannot write in the folder '{}'", what, path));
  }
  std::filesystem::remove(probe, ec);
}

void check_writable_file(const std::string& path, std::string_view what) {
  std::error_code ec;
  const bool existed = std::filesystem::exists(path, ec);
  if (existed && std::filesystem::is_directory(path, ec))
    throw UsageError(fmt::format("{}: '{}' is a folder, not a file", what, path));
  {
    std::ofstream out(path, std::ios::app);
    if (!out) throw UsageError(fmt::format("{}: cannot write '{}'", what, path));
  }
  if (!existed) std::filesystem::remove(path, ec);
}

void check_memory(double bytes, std::string_view what) {
  const double pages = static_cast<double>(::sysconf(_SC_PHYS_PAGES));
  const double page = static_cast<double>(::sysconf(_SC_PAGE_SIZE));
  const double physical = pages > 0 && page > 0 ? pages * page : 0.0;
  if (physical > 0 && bytes > physical)
    throw UsageError(fmt::format("{} needs about {:.3g} GB of memory; this machine has {:.3g} GB", what,
                                 bytes / 1e9, physical / 1e9));
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
