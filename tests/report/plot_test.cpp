// PNG plots through gnuplot: a real image is written (skipped when gnuplot is missing), the script
// carries the data and settings, and bad input is rejected before gnuplot runs.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>

#include "minima/core/error.hpp"
#include "minima/report/plot.hpp"

namespace minima {
namespace {

namespace fs = std::filesystem;

Plot convergence_plot() {
  Plot p;
  p.title = "Rosenbrock: f_k against k";
  p.xlabel = "iteration";
  p.ylabel = "f - f*";
  p.logy = true;
  Series a{"gradient_descent", {}, {}, "lines lw 2"};
  Series b{"newton", {}, {}, "linespoints"};
  for (int k = 0; k <= 60; ++k) {
    a.x.push_back(k);
    a.y.push_back(24.2 * std::pow(0.85, k));
  }
  for (int k = 0; k <= 8; ++k) {
    b.x.push_back(k);
    b.y.push_back(k == 8 ? 0.0 : 24.2 * std::pow(10.0, -(std::pow(2.0, k) - 1) / 8.0));  // 0: a gap on log y
  }
  p.series = {a, b};
  return p;
}

bool is_png(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char sig[8] = {};
  in.read(reinterpret_cast<char*>(sig), 8);
  const unsigned char expected[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  return in.gcount() == 8 && std::equal(sig, sig + 8, expected);
}

fs::path output_dir() {
  // MINIMA_PLOT_DIR keeps the images for a look; by default they go to a temporary folder.
  const char* keep = std::getenv("MINIMA_PLOT_DIR");
  return keep ? fs::path(keep) : fs::temp_directory_path() / "minima-report-plot-test";
}

TEST(Plot, WritesAPng) {
  if (find_gnuplot().empty()) GTEST_SKIP() << "gnuplot not installed (apt-get install gnuplot-nox)";
  const fs::path png = output_dir() / "convergence.png";
  write_png(convergence_plot(), png, 640, 400);
  ASSERT_TRUE(fs::exists(png));
  EXPECT_TRUE(is_png(png));
  EXPECT_GT(fs::file_size(png), 1000u);
}

TEST(Plot, WritesAGrid) {
  if (find_gnuplot().empty()) GTEST_SKIP() << "gnuplot not installed (apt-get install gnuplot-nox)";
  Plot path;
  // ASCII and DejaVu's symbols only: Hangul needs a Korean font (fonts-nanum) to render.
  path.title = "path in (x, y) — ‖x‖ → 0";
  path.xlabel = "x";
  path.ylabel = "y";
  Series s{"it's a spiral", {}, {}, "points pt 7 ps 0.6"};
  for (int i = 0; i < 80; ++i) {
    s.x.push_back(std::exp(-0.03 * i) * std::cos(0.3 * i));
    s.y.push_back(std::exp(-0.03 * i) * std::sin(0.3 * i));
  }
  path.series = {s};
  Plot nan_gap;
  nan_gap.title = "with NaN";
  nan_gap.series = {{"y", {}, {1, 2, std::numeric_limits<double>::quiet_NaN(), 4, 5}}};
  const fs::path png = output_dir() / "grid.png";
  write_png_grid({convergence_plot(), path, nan_gap}, 2, png, 400, 300);
  EXPECT_TRUE(is_png(png));
  EXPECT_GT(fs::file_size(png), 1000u);
}

TEST(Plot, ScriptCarriesDataAndSettings) {
  const std::string script = gnuplot_script({convergence_plot()}, 1, "/tmp/o'ut.png", 640, 400);
  EXPECT_NE(script.find("set terminal pngcairo enhanced size 640,400"), std::string::npos);
  EXPECT_NE(script.find("set output \"/tmp/o'ut.png\""), std::string::npos);  // apostrophes kept
  EXPECT_NE(script.find("set logscale y"), std::string::npos);
  EXPECT_NE(script.find("with lines lw 2 title \"gradient_descent\" noenhanced"), std::string::npos);
  EXPECT_NE(script.find("8 NaN\n"), std::string::npos);  // y = 0 on a log axis is a gap
  EXPECT_NE(script.find("0 24.199999999999999\n"), std::string::npos);
  EXPECT_EQ(script.find("multiplot"), std::string::npos);
  const std::string grid =
      gnuplot_script({convergence_plot(), convergence_plot(), convergence_plot()}, 2, "g.png", 800, 600);
  EXPECT_NE(grid.find("set multiplot layout 2,2"), std::string::npos);
}

TEST(Plot, BadInputThrows) {
  Plot p = convergence_plot();
  p.series[0].x.pop_back();
  EXPECT_THROW(write_png(p, output_dir() / "bad.png"), InvalidArgument);
  p = convergence_plot();
  p.series[1].style = "lines; system 'rm -rf /'";
  EXPECT_THROW(write_png(p, output_dir() / "bad.png"), InvalidArgument);
  Plot empty;
  EXPECT_THROW(write_png(empty, output_dir() / "bad.png"), InvalidArgument);
  EXPECT_THROW(write_png(convergence_plot(), output_dir() / "bad.png", 0, 100), InvalidArgument);
  EXPECT_THROW(write_png_grid({convergence_plot()}, 0, output_dir() / "bad.png"), InvalidArgument);
  EXPECT_THROW(write_png_grid({}, 2, output_dir() / "bad.png"), InvalidArgument);
}

TEST(Plot, MissingGnuplotIsAClearError) {
  const char* old = std::getenv("PATH");
  const std::string saved = old ? old : "";
  ::setenv("PATH", "/nonexistent-minima-test", 1);
  EXPECT_TRUE(find_gnuplot().empty());
  try {
    write_png(convergence_plot(), output_dir() / "never.png");
    ADD_FAILURE() << "expected PlotError";
  } catch (const PlotError& e) {
    EXPECT_STREQ(e.what(), "gnuplot not found: apt-get install gnuplot-nox");
  }
  ::setenv("PATH", saved.c_str(), 1);
}

TEST(Plot, GnuplotErrorsAreReported) {
  if (find_gnuplot().empty()) GTEST_SKIP() << "gnuplot not installed";
  Plot p = convergence_plot();
  p.series[0].style = "nosuchstyle";
  try {
    write_png(p, output_dir() / "fails.png");
    ADD_FAILURE() << "expected PlotError";
  } catch (const PlotError& e) {
    EXPECT_NE(std::string(e.what()).find("gnuplot failed"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace minima
