// Numerically stable softmax, log-softmax and log-sum-exp (Goodfellow, Bengio & Courville, "Deep
// Learning", §4.1 Overflow and Underflow; spec local-methods §1). Each shifts by m = max_i x_i, so
// the largest exponent is exp(0) = 1: no overflow for huge x, and the denominator is >= 1, so no
// 0/0 for very negative x. The naive_* versions are the textbook formulas without the shift,
// kept to demonstrate the failure (`minima reproduce numerics`); do not use them for real work.
//
// Special values (what these functions return, by design):
//   - any NaN entry                → every output is NaN (log_sum_exp: NaN);
//   - +inf entries (k of them)     → softmax puts mass 1/k on each +inf entry and 0 elsewhere;
//                                    log_softmax gives −log k there and −inf elsewhere;
//                                    log_sum_exp = +inf;
//   - −inf entries with a finite maximum → weight exactly 0 (log_softmax −inf), the rest as usual;
//   - all entries −inf             → log_sum_exp = −inf (the log of an empty sum); softmax returns
//                                    the uniform 1/n and log_softmax −log n: the limit of softmax
//                                    over equal entries (softmax is shift-invariant), which keeps
//                                    the output a probability distribution instead of 0/0 = NaN.
//   - empty input                  → throws minima::InvalidArgument.
#pragma once

#include "minima/core/types.hpp"

namespace minima {

/// softmax(x)_i = exp(x_i − m) / Σ_j exp(x_j − m), m = max x. Sums to 1 (see the header for ±inf).
Vector softmax(const Vector& x);

/// log softmax(x)_i = (x_i − m) − log Σ_j exp(x_j − m): finite wherever softmax underflows to 0
/// for finite x (e.g. (1000, −1000) gives (0, −2000)).
Vector log_softmax(const Vector& x);

/// log Σ_i exp(x_i) = m + log1p(Σ_{j≠argmax} exp(x_j − m)); −inf for all −inf, +inf with any +inf.
double log_sum_exp(const Vector& x);

/// exp(x_i) / Σ_j exp(x_j) without the shift: NaN for (1000, 1000) (inf/inf) and for
/// (−1000, −1000) (0/0). For demonstrations only.
Vector naive_softmax(const Vector& x);

/// log(naive_softmax(x)): NaN or −inf where the naive softmax overflows or underflows.
Vector naive_log_softmax(const Vector& x);

}  // namespace minima
