#include "minima/report/plot.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "minima/core/error.hpp"

extern char** environ;

namespace minima {
namespace {

// A gnuplot double-quoted string with \\ and \" escaped. (gnuplot 5.4's tokenizer mis-reads a
// doubled '' inside single quotes, so single-quoted strings cannot hold an apostrophe.)
std::string quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n' || c == '\r') {
      out += ' ';  // a line break would end the command
    } else {
      out += c;
    }
  }
  return out + "\"";
}

void validate(const std::vector<Plot>& plots, int cols, int width, int height) {
  if (plots.empty()) throw InvalidArgument("write_png: no plot to draw");
  if (cols < 1) throw InvalidArgument(fmt::format("write_png_grid: cols = {}: must be >= 1", cols));
  if (width < 16 || height < 16 || width > 20000 || height > 20000) {
    throw InvalidArgument(
        fmt::format("write_png: size {}x{}: each side must be in [16, 20000] pixels", width, height));
  }
  for (const Plot& plot : plots) {
    if (plot.series.empty())
      throw InvalidArgument(fmt::format("write_png: plot '{}' has no series", plot.title));
    for (const Series& s : plot.series) {
      if (!s.x.empty() && s.x.size() != s.y.size()) {
        throw InvalidArgument(fmt::format("write_png: series '{}' has {} x values and {} y values", s.title,
                                          s.x.size(), s.y.size()));
      }
      if (s.style.empty() || s.style.find_first_of(";\n\r") != std::string::npos) {
        throw InvalidArgument(
            fmt::format("write_png: series '{}' style '{}': must be a gnuplot style such as "
                        "'lines' (no ';' or line break)",
                        s.title, s.style));
      }
    }
  }
}

// A value gnuplot can place on the axis, or its missing-value marker "NaN".
std::string datum(double v, bool log_axis) {
  if (!std::isfinite(v) || (log_axis && v <= 0.0)) return "NaN";
  return fmt::format("{:.17g}", v);
}

// Reads a whole file (gnuplot's stderr) for an error message; at most a few lines.
std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (text.size() > 2000) text = text.substr(text.size() - 2000);
  return text;
}

// A unique temporary file; removed by the destructor.
class TempFile {
 public:
  explicit TempFile(const char* suffix) {
    std::string pattern = (std::filesystem::temp_directory_path() / "minima-plot-XXXXXX").string() + suffix;
    const int fd = ::mkstemps(pattern.data(), static_cast<int>(std::strlen(suffix)));
    if (fd < 0)
      throw PlotError(fmt::format("write_png: cannot create a temporary file: {}", std::strerror(errno)));
    ::close(fd);
    path_ = pattern;
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void run_gnuplot(const std::string& script, const std::filesystem::path& png) {
  const std::filesystem::path gnuplot = find_gnuplot();
  if (gnuplot.empty()) throw PlotError("gnuplot not found: apt-get install gnuplot-nox");

  std::error_code ec;
  if (png.has_parent_path()) std::filesystem::create_directories(png.parent_path(), ec);
  std::filesystem::remove(png, ec);  // so a stale image cannot pass for a new one

  TempFile script_file(".gp");
  TempFile error_file(".err");
  {
    std::ofstream out(script_file.path());
    out << script;
    if (!out) throw PlotError(fmt::format("write_png: cannot write '{}'", script_file.path().string()));
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, error_file.path().c_str(), O_WRONLY | O_TRUNC, 0);
  std::string program = gnuplot.string();
  std::string script_path = script_file.path().string();
  char* argv[] = {program.data(), script_path.data(), nullptr};
  pid_t pid = 0;
  const int spawn_error = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) {
    throw PlotError(fmt::format("write_png: cannot run {}: {}", program, std::strerror(spawn_error)));
  }
  int wait_status = 0;
  while (waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  const bool ok = WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0;
  const std::string errors = read_text(error_file.path());
  if (!ok) {
    std::filesystem::remove(png, ec);  // gnuplot opens the output before it fails: no empty image
    throw PlotError(fmt::format("gnuplot failed writing '{}': {}", png.string(),
                                errors.empty() ? "(no message)" : errors));
  }
  if (!std::filesystem::exists(png) || std::filesystem::file_size(png, ec) == 0) {
    throw PlotError(
        fmt::format("gnuplot wrote no image to '{}'{}", png.string(), errors.empty() ? "" : ": " + errors));
  }
}

}  // namespace

std::filesystem::path find_gnuplot() {
  const char* path_env = std::getenv("PATH");
  std::string paths = path_env ? path_env : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= paths.size()) {
    const std::size_t end = std::min(paths.find(':', start), paths.size());
    const std::string dir = paths.substr(start, end - start);
    const std::filesystem::path candidate = std::filesystem::path(dir.empty() ? "." : dir) / "gnuplot";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return {};
}

std::string gnuplot_script(const std::vector<Plot>& plots, int cols, const std::filesystem::path& png,
                           int width, int height) {
  validate(plots, cols, width, height);
  std::string s;
  s += "set encoding utf8\n";
  s += fmt::format("set terminal pngcairo enhanced size {},{} font 'sans,10'\n", width, height);
  s += "set output " + quote(png.string()) + "\n";
  // Data blocks first (one per series), so the plot commands stay short.
  for (std::size_t p = 0; p < plots.size(); ++p) {
    for (std::size_t k = 0; k < plots[p].series.size(); ++k) {
      const Series& series = plots[p].series[k];
      s += fmt::format("$d{}_{} << EOD\n", p, k);
      for (std::size_t i = 0; i < series.y.size(); ++i) {
        const double x = series.x.empty() ? static_cast<double>(i) : series.x[i];
        s += datum(x, plots[p].logx) + " " + datum(series.y[i], plots[p].logy) + "\n";
      }
      s += "EOD\n";
    }
  }
  const int rows =
      static_cast<int>((plots.size() + static_cast<std::size_t>(cols) - 1) / static_cast<std::size_t>(cols));
  const bool grid = plots.size() > 1;
  if (grid) s += fmt::format("set multiplot layout {},{}\n", rows, cols);
  for (std::size_t p = 0; p < plots.size(); ++p) {
    const Plot& plot = plots[p];
    s += "unset logscale\n";
    // The user's text is shown literally (noenhanced); only the tick format uses enhanced text.
    s += "set title " + quote(plot.title) + " noenhanced\n";
    s += "set xlabel " + quote(plot.xlabel) + " noenhanced\n";
    s += "set ylabel " + quote(plot.ylabel) + " noenhanced\n";
    if (plot.logx) s += "set logscale x\n";
    if (plot.logy) s += "set logscale y\n";
    s += "set format y " + quote(plot.logy ? "10^{%L}" : "% h") + "\n";
    s += "set format x " + quote(plot.logx ? "10^{%L}" : "% h") + "\n";
    s += "set grid\nset key top right\n";
    s += "plot ";
    for (std::size_t k = 0; k < plot.series.size(); ++k) {
      const Series& series = plot.series[k];
      if (k > 0) s += ", \\\n     ";
      s += fmt::format("$d{}_{} using 1:2 with {} title {} noenhanced", p, k, series.style,
                       quote(series.title));
    }
    s += "\n";
  }
  if (grid) s += "unset multiplot\n";
  s += "set output\n";
  return s;
}

void write_png(const Plot& plot, const std::filesystem::path& png, int width, int height) {
  run_gnuplot(gnuplot_script({plot}, 1, png, width, height), png);
}

void write_png_grid(const std::vector<Plot>& plots, int cols, const std::filesystem::path& png,
                    int panel_width, int panel_height) {
  if (cols < 1) throw InvalidArgument(fmt::format("write_png_grid: cols = {}: must be >= 1", cols));
  if (plots.empty()) throw InvalidArgument("write_png_grid: no plot to draw");
  const int used_cols = std::min<int>(cols, static_cast<int>(plots.size()));
  const int rows = static_cast<int>((plots.size() + static_cast<std::size_t>(used_cols) - 1) /
                                    static_cast<std::size_t>(used_cols));
  run_gnuplot(gnuplot_script(plots, used_cols, png, used_cols * panel_width, rows * panel_height), png);
}

}  // namespace minima
