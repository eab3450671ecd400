#include "minima/report/progress.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include "minima/report/table.hpp"

namespace minima {
namespace {

// The terminal's width in columns, or 0 if unknown.
std::size_t terminal_columns(std::FILE* stream) {
  winsize size{};
  if (::ioctl(::fileno(stream), TIOCGWINSZ, &size) == 0) return size.ws_col;
  return 0;
}

// Cuts text to at most `columns` display columns at a UTF-8 code point boundary: a line wider
// than the terminal would wrap, and "\r" would then redraw only its last part.
std::string fit(std::string text, std::size_t columns) {
  while (!text.empty() && display_width(text) > columns) {
    text.pop_back();
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0u) == 0x80u) text.pop_back();
    if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0u) text.pop_back();
  }
  return text;
}

}  // namespace

ProgressBar::ProgressBar(std::string label, std::FILE* stream, bool force_enabled)
    : label_(std::move(label)),
      stream_(stream),
      enabled_(stream != nullptr && (force_enabled || ::isatty(::fileno(stream)) == 1)) {}

ProgressBar::~ProgressBar() {
  finish();
}

std::string ProgressBar::render_line(std::string_view label, long done, long total, std::string_view suffix,
                                     int bar_width) {
  std::string out(label);
  if (!out.empty()) out += " ";
  if (total > 0) {
    const double fraction = std::clamp(static_cast<double>(done) / static_cast<double>(total), 0.0, 1.0);
    const int filled = static_cast<int>(fraction * bar_width);
    out += '[';
    out.append(static_cast<std::size_t>(filled), '#');
    out.append(static_cast<std::size_t>(bar_width - filled), '.');
    out += ']';
    out += fmt::format(" {:3d}%  {}/{}", static_cast<int>(fraction * 100.0), done, total);
  } else {
    out += fmt::format("{} done", done);
  }
  if (!suffix.empty()) out += fmt::format("  {}", suffix);
  return out;
}

void ProgressBar::update(long done, long total, std::string_view suffix) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  const bool last = total > 0 && done >= total;
  if (drawn_ && !last && now - last_draw_ < std::chrono::milliseconds(50)) return;
  last_draw_ = now;
  std::string line = render_line(label_, done, total, suffix);
  if (const std::size_t columns = terminal_columns(stream_); columns > 1)
    line = fit(std::move(line), columns - 1);
  const std::size_t width = display_width(line);
  // Blank out what a longer previous line left behind.
  const std::string blank(last_width_ > width ? last_width_ - width : 0, ' ');
  std::fprintf(stream_, "\r%s%s", line.c_str(), blank.c_str());
  std::fflush(stream_);
  last_width_ = width;
  drawn_ = true;
}

void ProgressBar::finish() {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  if (!drawn_) return;
  std::fputc('\n', stream_);
  std::fflush(stream_);
  drawn_ = false;
  last_width_ = 0;
}

}  // namespace minima
