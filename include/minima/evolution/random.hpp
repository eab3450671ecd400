// The random numbers moved to core (every stochastic method uses them); this header stays for code
// that still includes it.
#pragma once

#include "minima/core/random.hpp"
