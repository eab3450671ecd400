// libFuzzer target: the VAE model loader. Any text either loads a model or throws a ParseError or
// InvalidArgument (wrong shapes, non-finite weights); nothing else.
#include <cstddef>
#include <cstdint>
#include <string>

#include "minima/core/error.hpp"
#include "minima/neural/vae_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace minima;
  using neural::Vae;
  using neural::vae_from_json;
  if (size > 1 << 16) return 0;
  try {
    const Vae model = vae_from_json(std::string(reinterpret_cast<const char*>(data), size), "<fuzz>");
    (void)model;
  } catch (const ParseError&) {
  } catch (const InvalidArgument&) {
  }
  return 0;
}
