#include "minima/report/experiment_output.hpp"

#include <fstream>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {

bool ExperimentOutput::all_checks_passed() const {
  for (const auto& c : checks)
    if (!c.passed) return false;
  return true;
}

namespace {

std::string checks_text(const ExperimentOutput& output, bool markdown) {
  std::string s;
  if (output.checks.empty()) return s;
  int passed = 0;
  for (const auto& c : output.checks) passed += c.passed;
  s += markdown ? "## Checks against the seeds\n\n" : "checks against the seeds:\n";
  for (const auto& c : output.checks) {
    const char* mark = c.passed ? "ok  " : "FAIL";
    s += markdown ? fmt::format("- {} {}{}\n", c.passed ? "[x]" : "[ ] **FAILED**", c.claim,
                                c.detail.empty() ? "" : " — " + c.detail)
                  : fmt::format("  {} {}{}\n", mark, c.claim, c.detail.empty() ? "" : " (" + c.detail + ")");
  }
  s += markdown ? fmt::format("\n{} of {} checks passed.\n", passed, output.checks.size())
                : fmt::format("  {} of {} checks passed\n", passed, output.checks.size());
  return s;
}

}  // namespace

std::string render_experiment(const ExperimentOutput& output) {
  std::string s = fmt::format("== {}: {}\n\n", output.name, output.title);
  for (const auto& t : output.tables) s += fmt::format("[{}]\n{}\n", t.file, t.table.render());
  for (const auto& n : output.notes) s += fmt::format("note: {}\n", n);
  if (!output.notes.empty()) s += "\n";
  s += checks_text(output, false);
  return s;
}

std::vector<std::filesystem::path> write_experiment(const ExperimentOutput& output,
                                                    const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    throw InvalidArgument(fmt::format("cannot create the directory '{}': {}", dir.string(), ec.message()));
  std::vector<std::filesystem::path> files;
  auto write_text = [&](const std::filesystem::path& path, const std::string& text) {
    std::ofstream f(path);
    if (!f) throw InvalidArgument(fmt::format("cannot write '{}'", path.string()));
    f << text;
    files.push_back(path);
  };
  std::string summary = fmt::format("# {}\n\n{}\n\n", output.name, output.title);
  for (const auto& t : output.tables) {
    write_text(dir / (t.file + ".md"), t.table.to_markdown());
    write_text(dir / (t.file + ".csv"), t.table.to_csv());
    summary += fmt::format("## {}\n\n{}\n", t.file, t.table.to_markdown());
  }
  for (const auto& fig : output.figures) {
    const auto path = dir / fig.file;
    write_png_grid(fig.panels, fig.columns, path, fig.width, fig.height);
    files.push_back(path);
    summary += fmt::format("![{}]({})\n\n", fig.file, fig.file);
  }
  for (const auto& n : output.notes) summary += fmt::format("{}\n\n", n);
  summary += checks_text(output, true);
  write_text(dir / "summary.md", summary);
  return files;
}

}  // namespace minima
