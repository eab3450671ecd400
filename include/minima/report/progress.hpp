// A progress bar for long runs (experiments, sweeps): one line on a terminal, redrawn in place
//   label [##########··········]  50%  500/1000  suffix
// It draws only when its stream is a terminal (isatty), so redirected output and CI logs stay
// clean; otherwise every call is a no-op. Redraws are limited to about 20 per second (and always
// when done reaches total). update() and finish() may be called from several threads.
#pragma once

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace minima {

class ProgressBar {
 public:
  /// Draws on `stream` (stderr by default) only when it is a terminal, or always with force_enabled
  /// (for tests and for tools that know better).
  explicit ProgressBar(std::string label = {}, std::FILE* stream = stderr, bool force_enabled = false);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// Shows done of total (total <= 0: an unknown total, shown as a count) and a short suffix
  /// such as "f = 1.2e-3".
  void update(long done, long total, std::string_view suffix = {});
  /// Ends the line (a newline after the last drawing); further updates start a new bar.
  void finish();

  bool enabled() const { return enabled_; }

  /// The line update() draws (no carriage return), for a bar `bar_width` characters wide.
  static std::string render_line(std::string_view label, long done, long total, std::string_view suffix,
                                 int bar_width = 30);

 private:
  std::string label_;
  std::FILE* stream_;
  bool enabled_;
  bool drawn_ = false;
  std::size_t last_width_ = 0;
  std::chrono::steady_clock::time_point last_draw_{};
  std::mutex mutex_;
};

}  // namespace minima
