// ExperimentOutput: what an experiment hands to report — named tables, plots (one or more panels
// per PNG) and the checks it made against the seeds' claims. Rendered as text for the terminal and
// written to a directory (Markdown + CSV per table, PNG per plot, a summary.md).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "minima/report/plot.hpp"
#include "minima/report/table.hpp"

namespace minima {

struct ExperimentCheck {
  std::string claim;  ///< what the seed says, e.g. "x^4, step 0.13: diverges"
  bool passed = false;
  std::string detail;  ///< what was measured
};

struct ExperimentOutput {
  std::string name;   ///< file-name friendly, e.g. "local-methods"
  std::string title;  ///< one line
  struct NamedTable {
    std::string file;  ///< stem, e.g. "one-dimensional" → one-dimensional.md / .csv
    Table table;
  };
  struct Figure {
    std::string file;  ///< e.g. "x4-fixed-steps.png"
    std::vector<Plot> panels;
    int columns = 1;
    int width = 600, height = 450;  ///< per panel
  };
  std::vector<NamedTable> tables;
  std::vector<Figure> figures;
  std::vector<ExperimentCheck> checks;
  std::vector<std::string> notes;

  bool all_checks_passed() const;
};

/// The tables, checks and notes as text for a terminal.
std::string render_experiment(const ExperimentOutput& output);
/// Writes `<dir>/<table>.md` and `.csv`, `<dir>/<figure>.png`, and `<dir>/summary.md`; returns the files.
std::vector<std::filesystem::path> write_experiment(const ExperimentOutput& output,
                                                    const std::filesystem::path& dir);

}  // namespace minima
