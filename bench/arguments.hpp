// The benchmark programs' flag reading: the value after a flag, or a one-line error and exit 2.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace minima::bench {

/// argv[i + 1], advancing i past it; without one, "FLAG needs a value" on stderr and exit status 2.
inline std::string flag_value(int argc, char** argv, int& i) {
  if (i + 1 >= argc) {
    std::fprintf(stderr, "%s needs a value\n", argv[i]);
    std::exit(2);
  }
  return argv[++i];
}

}  // namespace minima::bench
