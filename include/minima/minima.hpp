// minima: one include for the whole public API.
#pragma once

#include "minima/core/driver.hpp"
#include "minima/core/error.hpp"
#include "minima/core/constraints.hpp"
#include "minima/core/objective.hpp"
#include "minima/core/result.hpp"
#include "minima/core/status.hpp"
#include "minima/core/stop.hpp"
#include "minima/line_search/line_search.hpp"
#include "minima/numerics/autodiff.hpp"
#include "minima/numerics/conditioning.hpp"
#include "minima/numerics/critical_point.hpp"
#include "minima/numerics/finite_difference.hpp"
#include "minima/numerics/formula.hpp"
#include "minima/numerics/stable.hpp"
#include "minima/problems/test_problem.hpp"
#include "minima/unconstrained/minimize.hpp"
