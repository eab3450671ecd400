// Private to problems: the 27 NIST StRD nonlinear regression models, each written once as a template
// on the scalar type (double, or a dual number for the exact Jacobian). `b` holds the parameters
// b1..bn (b[0] = b1), `x` the predictors of one observation.
#pragma once

#include <cmath>
#include <numbers>

namespace minima::nist_models {

using std::atan2;
using std::cos;
using std::exp;
using std::log;
using std::pow;
using std::sin;
using std::sqrt;

inline constexpr double kPi = std::numbers::pi;

#define MINIMA_NIST_MODEL(NAME, N, P, ...)       \
  struct NAME {                                  \
    static constexpr int parameters = N;         \
    static constexpr int predictors = P;         \
    template <class T>                           \
    static T eval(const T* b, const double* x) { \
      __VA_ARGS__                                \
    }                                            \
  };

MINIMA_NIST_MODEL(Misra1a, 2, 1, return b[0] * (1.0 - exp(-b[1] * x[0]));)
MINIMA_NIST_MODEL(Chwirut, 3, 1, return exp(-b[0] * x[0]) / (b[1] + b[2] * x[0]);)
MINIMA_NIST_MODEL(Lanczos, 6, 1,
                  return b[0] * exp(-b[1] * x[0]) + b[2] * exp(-b[3] * x[0]) + b[4] * exp(-b[5] * x[0]);)
MINIMA_NIST_MODEL(Gauss, 8, 1, const double t = x[0];
                  return b[0] * exp(-b[1] * t) + b[2] * exp(-((t - b[3]) * (t - b[3])) / (b[4] * b[4])) +
                         b[5] * exp(-((t - b[6]) * (t - b[6])) / (b[7] * b[7]));)
MINIMA_NIST_MODEL(DanWood, 2, 1, return b[0] * pow(x[0], b[1]);)
MINIMA_NIST_MODEL(Misra1b, 2, 1, const T u = 1.0 + b[1] * x[0] / 2.0; return b[0] * (1.0 - 1.0 / (u * u));)
MINIMA_NIST_MODEL(Kirby2, 5, 1, const double t = x[0];
                  return (b[0] + b[1] * t + b[2] * (t * t)) / (1.0 + b[3] * t + b[4] * (t * t));)
MINIMA_NIST_MODEL(Hahn1, 7, 1, const double t = x[0];
                  return (b[0] + b[1] * t + b[2] * (t * t) + b[3] * (t * t * t)) /
                         (1.0 + b[4] * t + b[5] * (t * t) + b[6] * (t * t * t));)
MINIMA_NIST_MODEL(Nelson, 3, 2, return b[0] - b[1] * x[0] * exp(-b[2] * x[1]);)
MINIMA_NIST_MODEL(MGH17, 5, 1, return b[0] + b[1] * exp(-x[0] * b[3]) + b[2] * exp(-x[0] * b[4]);)
MINIMA_NIST_MODEL(Misra1c, 2, 1, return b[0] * (1.0 - 1.0 / sqrt(1.0 + 2.0 * b[1] * x[0]));)
MINIMA_NIST_MODEL(Misra1d, 2, 1, return b[0] * b[1] * x[0] / (1.0 + b[1] * x[0]);)
MINIMA_NIST_MODEL(Roszman1, 4, 1, return b[0] - b[1] * x[0] - atan2(b[2], x[0] - b[3]) / kPi;)
MINIMA_NIST_MODEL(ENSO, 9, 1, const double t = x[0]; const double w = 2.0 * kPi * t;
                  return b[0] + b[1] * std::cos(w / 12.0) + b[2] * std::sin(w / 12.0) + b[4] * cos(w / b[3]) +
                         b[5] * sin(w / b[3]) + b[7] * cos(w / b[6]) + b[8] * sin(w / b[6]);)
MINIMA_NIST_MODEL(MGH09, 4, 1, const double t = x[0];
                  return b[0] * (t * t + t * b[1]) / (t * t + t * b[2] + b[3]);)
MINIMA_NIST_MODEL(Thurber, 7, 1, const double t = x[0];
                  return (b[0] + b[1] * t + b[2] * (t * t) + b[3] * (t * t * t)) /
                         (1.0 + b[4] * t + b[5] * (t * t) + b[6] * (t * t * t));)
MINIMA_NIST_MODEL(BoxBOD, 2, 1, return b[0] * (1.0 - exp(-b[1] * x[0]));)
MINIMA_NIST_MODEL(Rat42, 3, 1, return b[0] / (1.0 + exp(b[1] - b[2] * x[0]));)
MINIMA_NIST_MODEL(MGH10, 3, 1, return b[0] * exp(b[1] / (x[0] + b[2]));)
MINIMA_NIST_MODEL(Eckerle4, 3, 1, const T u = (x[0] - b[2]) / b[1];
                  return (b[0] / b[1]) * exp(-0.5 * (u * u));)
MINIMA_NIST_MODEL(Rat43, 4, 1, return b[0] / pow(1.0 + exp(b[1] - b[2] * x[0]), 1.0 / b[3]);)
MINIMA_NIST_MODEL(Bennett5, 3, 1, return b[0] * pow(b[1] + x[0], -1.0 / b[2]);)

#undef MINIMA_NIST_MODEL

}  // namespace minima::nist_models
