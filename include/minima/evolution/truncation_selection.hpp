// Truncation selection: the best `count` members (MIDEA's τ-fraction, Bosman & Thierens 2001; the
// single Gaussian EDA, EMNA, Larrañaga & Lozano 2002).
#pragma once

#include <vector>

#include "minima/core/types.hpp"

namespace minima {

/// Indices of the `count` smallest values, best first (ties by index, so the order is
/// deterministic). Throws InvalidArgument for count outside [0, values.size()].
std::vector<Index> truncation_selection(const Vector& values, Index count);

/// All indices sorted by value, best first (ties by index).
std::vector<Index> rank_order(const Vector& values);

}  // namespace minima
