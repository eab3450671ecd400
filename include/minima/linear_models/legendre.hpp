// Legendre polynomial features: x ∈ [−1, 1] ↦ (L_0(x), …, L_Q(x)), by Bonnet's recurrence
// (q+1) L_{q+1}(x) = (2q+1) x L_q(x) − q L_{q−1}(x). Abramowitz & Stegun 22.7.10.
#pragma once

#include "minima/core/types.hpp"

namespace minima {

/// The n × (Q+1) matrix [L_0(x_i) … L_Q(x_i)] (L_0 = 1). Throws InvalidArgument for Q < 0 or a
/// non-finite x (values outside [−1, 1] are allowed: the polynomials are defined everywhere).
Matrix legendre_features(const Vector& x, int order);

/// L_q(x) for one q and x.
double legendre(int q, double x);

}  // namespace minima
