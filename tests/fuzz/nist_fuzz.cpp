// libFuzzer target: the NIST StRD loader (a file reader, so the input goes through a file in
// memory-backed /dev/shm). It either loads a problem whose sizes agree or throws ParseError.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "minima/core/error.hpp"
#include "minima/problems/nist.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace minima;
  static const std::string path = "/dev/shm/minima-nist-fuzz-" + std::to_string(::getpid()) + ".dat";
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    const NistProblem p = read_nist(path);
    if (p.start1.size() != static_cast<Index>(p.parameter_names.size())) std::abort();
    if (p.start2.size() != p.start1.size()) std::abort();
  } catch (const ParseError&) {
  } catch (const InvalidArgument&) {
  }
  return 0;
}
