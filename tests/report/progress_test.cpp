// The progress bar: its line, silence when not on a terminal, drawing when forced.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "minima/report/progress.hpp"

namespace minima {
namespace {

std::string read_all(std::FILE* f) {
  std::rewind(f);
  std::string out;
  char buffer[256];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) out.append(buffer, n);
  return out;
}

TEST(Progress, RenderLine) {
  EXPECT_EQ(ProgressBar::render_line("run", 5, 10, "f = 1", 10), "run [#####.....]  50%  5/10  f = 1");
  EXPECT_EQ(ProgressBar::render_line("", 10, 10, "", 4), "[####] 100%  10/10");
  EXPECT_EQ(ProgressBar::render_line("", 0, 3, "", 3), "[...]   0%  0/3");
  EXPECT_EQ(ProgressBar::render_line("x", 12, 10, "", 2), "x [##] 100%  12/10");  // clamped
  EXPECT_EQ(ProgressBar::render_line("scan", 7, 0, ""), "scan 7 done");           // unknown total
}

TEST(Progress, SilentWhenNotATerminal) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    ProgressBar bar("quiet", f);
    EXPECT_FALSE(bar.enabled());
    bar.update(1, 2, "x");
    bar.update(2, 2);
    bar.finish();
  }
  EXPECT_EQ(read_all(f), "");
  std::fclose(f);
}

TEST(Progress, DrawsWhenForced) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    ProgressBar bar("job", f, /*force_enabled=*/true);
    EXPECT_TRUE(bar.enabled());
    bar.update(1, 4, "a long suffix");
    bar.update(2, 4);  // within 50 ms: skipped
    bar.update(4, 4);  // the last one is always drawn, blanking the longer previous line
    bar.finish();
    bar.finish();  // idempotent
  }
  const std::string first = ProgressBar::render_line("job", 1, 4, "a long suffix");
  const std::string last = ProgressBar::render_line("job", 4, 4, "");
  EXPECT_EQ(read_all(f), "\r" + first + "\r" + last + std::string(first.size() - last.size(), ' ') + "\n");
  std::fclose(f);
}

}  // namespace
}  // namespace minima
