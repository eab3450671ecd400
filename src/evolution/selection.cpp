// Tournament and truncation selection (tournament_selection.hpp, truncation_selection.hpp).
#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "minima/evolution/tournament_selection.hpp"
#include "minima/evolution/truncation_selection.hpp"

namespace minima {

std::vector<Index> tournament_selection(const Vector& values, Index count, int size, Rng& rng) {
  if (values.size() == 0) throw InvalidArgument("tournament_selection: the population is empty");
  if (count < 0) throw InvalidArgument(fmt::format("tournament_selection: count = {} must be >= 0", count));
  if (size < 1) throw InvalidArgument(fmt::format("tournament_selection: size = {} must be >= 1", size));
  std::vector<Index> out(static_cast<std::size_t>(count));
  for (auto& winner : out) {
    winner = uniform_index(values.size(), rng);
    for (int k = 1; k < size; ++k) {
      const Index challenger = uniform_index(values.size(), rng);
      if (values[challenger] < values[winner]) winner = challenger;
    }
  }
  return out;
}

std::vector<Index> rank_order(const Vector& values) {
  std::vector<Index> order(static_cast<std::size_t>(values.size()));
  std::iota(order.begin(), order.end(), Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return values[a] < values[b]; });
  return order;
}

std::vector<Index> truncation_selection(const Vector& values, Index count) {
  if (count < 0 || count > values.size())
    throw InvalidArgument(
        fmt::format("truncation_selection: count = {} must be in [0, {}]", count, values.size()));
  std::vector<Index> order = rank_order(values);
  order.resize(static_cast<std::size_t>(count));
  return order;
}

}  // namespace minima
