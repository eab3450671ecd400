// The update rules behind make_stochastic_update, one per algorithm file.
#pragma once

#include <memory>

#include "minima/stochastic/minimize_stochastic.hpp"

namespace minima::detail {

std::unique_ptr<StochasticUpdate> make_update(const Sgd& method, Index n);
std::unique_ptr<StochasticUpdate> make_update(const Momentum& method, Index n);
std::unique_ptr<StochasticUpdate> make_update(const Adam& method, Index n);
std::unique_ptr<StochasticUpdate> make_update(const AdamW& method, Index n);

/// InvalidArgument "<what>.learning_rate = v: must be finite and > 0" unless it is.
void check_learning_rate(const char* what, double learning_rate);

}  // namespace minima::detail
