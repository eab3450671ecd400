// libFuzzer target: the formula language. Any text either parses or throws a ParseError; a formula
// that parses is evaluated plainly and with duals at points taken from the input, and the
// differential checks of tests/numerics/formula_differential.hpp must hold (values equal bit for
// bit, derivatives agree with consistent central differences). Any other exception, a crash, a
// sanitizer report or a failed check is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "../numerics/formula_differential.hpp"
#include "minima/core/error.hpp"
#include "minima/numerics/formula.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace minima;
  if (size > 4096) return 0;  // long inputs only slow the search down
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<Formula> formula;
  try {
    formula = Formula::parse(text);
  } catch (const ParseError&) {
    return 0;
  } catch (const InvalidArgument&) {
    return 0;
  }
  const Index n = static_cast<Index>(formula->variables().size());
  if (n == 0 || n > 6) return 0;
  // Points from a hash of the text: reproducible, varied, mostly where the usual functions are defined.
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  for (int p = 0; p < 3; ++p) {
    Vector x(n);
    for (Index i = 0; i < n; ++i) {
      h = h * 6364136223846793005ull + 1442695040888963407ull;
      const double u = static_cast<double>(h >> 11) * 0x1.0p-53;
      x[i] = p == 0 ? 0.1 + 2.4 * u : -3.0 + 6.0 * u;
    }
    const auto finding = minima::testing::check_formula_at(*formula, x, 1e-7, 1e-2);
    if (!finding.ok) {
      std::fprintf(stderr, "formula '%.*s': %s\n", static_cast<int>(size), text.data(), finding.what.c_str());
      std::abort();
    }
  }
  return 0;
}
