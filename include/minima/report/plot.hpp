// PNG plots through gnuplot (Debian gnuplot-nox, terminal pngcairo): convergence curves
// (f or ‖∇f‖ against iterations, log y), paths, comparisons. The data go inline in the gnuplot
// script (a data block per series), the script to a temporary file, and gnuplot runs as a child
// process (no shell), so titles and paths need no quoting by the caller.
//
//   Plot p{.title = "Rosenbrock", .xlabel = "iteration", .ylabel = "f", .logy = true};
//   p.series.push_back({"lbfgs", iterations, values});
//   write_png(p, "out/rosenbrock.png");
//
// Values that cannot be drawn (NaN, ±inf, and on a log axis values <= 0) are written as gnuplot's
// missing value and leave a gap. Titles and labels are UTF-8 and shown literally ("a_b" is not a
// subscript); a log axis labels its ticks as powers of ten. Hangul and other CJK text need a font
// that covers it (Debian fonts-nanum or fonts-noto-cjk); without one, cairo draws garbage glyphs.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace minima {

/// gnuplot is missing, failed, or wrote no image; the message says which and quotes gnuplot's
/// error output.
class PlotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Series {
  std::string title;
  std::vector<double> x;  ///< empty: 0, 1, 2, ... (the index)
  std::vector<double> y;
  /// A gnuplot style: "lines", "points", "linespoints", "steps", "impulses", "dots", optionally with
  /// options such as "lines lw 2" or "points pt 7 ps 0.5". No ';' or line breaks.
  std::string style = "lines";
};

struct Plot {
  std::string title{}, xlabel{}, ylabel{};
  bool logy = false, logx = false;
  std::vector<Series> series{};
};

/// Writes one plot as a PNG of width × height pixels, creating the parent folders. Throws
/// InvalidArgument for malformed input (x and y of different lengths, a bad style or size) and
/// PlotError when gnuplot is missing ("gnuplot not found: apt-get install gnuplot-nox") or fails.
void write_png(const Plot& plot, const std::filesystem::path& png, int width = 900, int height = 600);

/// Several plots in one PNG, `cols` per row (gnuplot multiplot), each panel panel_width ×
/// panel_height pixels.
void write_png_grid(const std::vector<Plot>& plots, int cols, const std::filesystem::path& png,
                    int panel_width = 600, int panel_height = 450);

/// The gnuplot script that write_png_grid runs (one panel when plots has one element), for
/// inspection and tests.
std::string gnuplot_script(const std::vector<Plot>& plots, int cols, const std::filesystem::path& png,
                           int width, int height);

/// The full path of the gnuplot program found on PATH, or empty.
std::filesystem::path find_gnuplot();

}  // namespace minima
