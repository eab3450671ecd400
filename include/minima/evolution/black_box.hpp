// Black-box minimization by name: the registry of population methods that the CLI
// (`minima blackbox --method NAME`) and later the Python bindings share. Each method also has its
// own free function with its settings struct (gaussian_eda(), cma_es(), midea(), mboa(), ...).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "minima/core/result.hpp"
#include "minima/evolution/population_method.hpp"

namespace minima {

struct BlackBoxMethodInfo {
  std::string name;         ///< e.g. "cma-es"
  std::string description;  ///< one line
  /// The method with its defaults, or with population size N when given (for IPOP-CMA-ES: the
  /// initial λ). Throws InvalidArgument when N is invalid for the method.
  std::function<std::unique_ptr<PopulationMethod>(std::optional<Index> population)> make;
};

/// Every registered method, in listing order.
const std::vector<BlackBoxMethodInfo>& list_black_box_methods();

/// The method called `name` (InvalidArgument listing the known names otherwise).
std::unique_ptr<PopulationMethod> make_black_box_method(std::string_view name,
                                                        std::optional<Index> population = std::nullopt);

/// run_population with the method called `name`.
Result minimize_black_box(const BatchObjective& objective, const Bounds& box, std::string_view name,
                          const BlackBoxSettings& settings = {}, const PopulationObserver& observer = {},
                          std::optional<Index> population = std::nullopt);

}  // namespace minima
