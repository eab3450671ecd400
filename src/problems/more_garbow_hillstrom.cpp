// The problems of J. J. Moré, B. S. Garbow, K. E. Hillstrom, "Testing Unconstrained Optimization
// Software", ACM TOMS 7(1):17-41, 1981: each f(x) = Σᵢ fᵢ(x)² with the paper's residuals fᵢ, standard
// start x0 and published minimum. (Rosenbrock, #1 and #21, lives in rosenbrock.cpp.)
//
// Minimum values: where the paper gives f* to six digits, f_min is that minimum refined to ~10-12
// digits (a tight Levenberg–Marquardt solve near the published minimizer; every published digit
// agrees); the published value is quoted beside each. Kowalik–Osborne, Meyer and Osborne 1 use the
// NIST StRD certified values of the same problems (MGH09, MGH10, MGH17), minimizers included.
// Dimensions whose f* the paper does not publish are refused (Watson, penalty I/II, Chebyquad).
//
// Problems with simple residual Hessians also get the exact Hessian 2(JᵀJ + Σ fᵢ∇²fᵢ); problems
// with O(n) structure are written as O(n) loops so they scale.
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <numbers>
#include <string>
#include <utility>

#include "problem_family.hpp"

namespace minima::problems_detail {
namespace {

Vector vec(std::initializer_list<double> values) {
  Vector v(static_cast<Index>(values.size()));
  Index i = 0;
  for (double value : values) v[i++] = value;
  return v;
}

ProblemData least_squares(std::string name, Vector x0, double f_min, std::optional<Vector> x_min,
                          SumOfSquares ls) {
  ls.n = x0.size();
  return {std::move(x0), f_min, std::move(x_min), sum_of_squares(std::move(name), std::move(ls))};
}

// MGH #2. f1 = −13 + x1 + ((5 − x2)x2 − 2)x2, f2 = −29 + x1 + ((x2 + 1)x2 − 14)x2.
ProblemData freudenstein_roth(Index) {
  SumOfSquares ls;
  ls.m = 2;
  ls.residuals = [](const Vector& x, Vector& r, Matrix* J) {
    const double b = x[1];
    r[0] = -13.0 + x[0] + ((5.0 - b) * b - 2.0) * b;
    r[1] = -29.0 + x[0] + ((b + 1.0) * b - 14.0) * b;
    if (J) {
      (*J)(0, 0) = 1.0;
      (*J)(0, 1) = 10.0 * b - 3.0 * b * b - 2.0;
      (*J)(1, 0) = 1.0;
      (*J)(1, 1) = 3.0 * b * b + 2.0 * b - 14.0;
    }
  };
  ls.second_order = [](const Vector& x, const Vector& r, Matrix& S) {
    S(1, 1) = r[0] * (10.0 - 6.0 * x[1]) + r[1] * (6.0 * x[1] + 2.0);
  };
  return least_squares("freudenstein-roth", vec({0.5, -2.0}), 0.0, vec({5.0, 4.0}), std::move(ls));
}

// MGH #3. f1 = 10⁴ x1 x2 − 1, f2 = e^{−x1} + e^{−x2} − 1.0001; f* = 0 at (1.098…e−5, 9.106…).
ProblemData powell_badly_scaled(Index) {
  SumOfSquares ls;
  ls.m = 2;
  ls.residuals = [](const Vector& x, Vector& r, Matrix* J) {
    const double e1 = std::exp(-x[0]), e2 = std::exp(-x[1]);
    r[0] = 1e4 * x[0] * x[1] - 1.0;
    r[1] = e1 + e2 - 1.0001;
    if (J) {
      (*J)(0, 0) = 1e4 * x[1];
      (*J)(0, 1) = 1e4 * x[0];
      (*J)(1, 0) = -e1;
      (*J)(1, 1) = -e2;
    }
  };
  ls.second_order = [](const Vector& x, const Vector& r, Matrix& S) {
    S(0, 1) = S(1, 0) = 1e4 * r[0];
    S(0, 0) = r[1] * std::exp(-x[0]);
    S(1, 1) = r[1] * std::exp(-x[1]);
  };
  return least_squares("powell-badly-scaled", vec({0.0, 1.0}), 0.0, std::nullopt, std::move(ls));
}

// MGH #4. f1 = x1 − 10⁶, f2 = x2 − 2·10⁻⁶, f3 = x1 x2 − 2.
ProblemData brown_badly_scaled(Index) {
  SumOfSquares ls;
  ls.m = 3;
  ls.residuals = [](const Vector& x, Vector& r, Matrix* J) {
    r[0] = x[0] - 1e6;
    r[1] = x[1] - 2e-6;
    r[2] = x[0] * x[1] - 2.0;
    if (J) {
      (*J)(0, 0) = 1.0;
      (*J)(1, 1) = 1.0;
      (*J)(2, 0) = x[1];
      (*J)(2, 1) = x[0];
    }
  };
  ls.second_order = [](const Vector&, const Vector& r, Matrix& S) { S(0, 1) = S(1, 0) = r[2]; };
  return least_squares("brown-badly-scaled", vec({1.0, 1.0}), 0.0, vec({1e6, 2e-6}), std::move(ls));
}

// MGH #5. fᵢ = yᵢ − x1(1 − x2ⁱ), y = (1.5, 2.25, 2.625).
ProblemData beale(Index) {
  SumOfSquares ls;
  ls.m = 3;
  ls.residuals = [](const Vector& x, Vector& r, Matrix* J) {
    const double y[3] = {1.5, 2.25, 2.625};
    for (int i = 1; i <= 3; ++i) {
      const double p = std::pow(x[1], i);
      r[i - 1] = y[i - 1] - x[0] * (1.0 - p);
      if (J) {
        (*J)(i - 1, 0) = -(1.0 - p);
        (*J)(i - 1, 1) = i * x[0] * std::pow(x[1], i - 1);
      }
    }
  };
  ls.second_order = [](const Vector& x, const Vector& r, Matrix& S) {
    for (int i = 1; i <= 3; ++i) {
      const double cross = i * std::pow(x[1], i - 1);
      S(0, 1) += r[i - 1] * cross;
      S(1, 1) += r[i - 1] * (i * (i - 1) * x[0] * (i >= 2 ? std::pow(x[1], i - 2) : 0.0));
    }
    S(1, 0) = S(0, 1);
  };
  return least_squares("beale", vec({1.0, 1.0}), 0.0, vec({3.0, 0.5}), std::move(ls));
}

// MGH #6, m = 10. fᵢ = 2 + 2i − (e^{i x1} + e^{i x2}). Published f* = 124.362 at x1 = x2 = 0.2578.
ProblemData jennrich_sampson(Index) {
  SumOfSquares ls;
  ls.m = 10;
  ls.residuals = [](const Vector& x, Vector& r, Matrix* J) {
    for (int i = 1; i <= 10; ++i) {
      const double e1 = std::exp(i * x[0]), e2 = std::exp(i * x[1]);
      r[i - 1] = 2.0 + 2.0 * i - (e1 + e2);
      if (J) {
        (*J)(i - 1, 0) = -i * e1;
        (*J)(i - 1, 1) = -i * e2;
      }
    }
  };
  ls.second_order = [](const Vector& x, const Vector& r, Matrix& S) {
    for (int i = 1; i <= 10; ++i) {
      S(0, 0) -= r[i - 1] * i * i * std::exp(i * x[0]);
      S(1, 1) -= r[i - 1] * i * i * std::exp(i * x[1]);
    }
  };
  return least_squares("jennrich-sampson", vec({0.3, 0.4}), 124.3621823556, std::nullopt, std::move(ls));
}

// MGH #7. f1 = 10(x3 − 10θ), f2 = 10(√(x1² + x2²) − 1), f3 = x3, with
// 2πθ = arctan(x2/x1) for x1 > 0 and arctan(x2/x1) + π for x1 < 0 (the paper's branch).
ProblemData helical_valley(Index) {
  SumOfSquares ls;
  ls.m = 3;
  ls.residuals = [](const Vector& x, Vector& r, Matrix* J) {
    constexpr double two_pi = 2.0 * std::numbers::pi;
    double theta;
    if (x[0] > 0.0)
      theta = std::atan(x[1] / x[0]) / two_pi;
    else if (x[0] < 0.0)
      theta = std::atan(x[1] / x[0]) / two_pi + 0.5;
    else
      theta = x[1] > 0.0 ? 0.25 : (x[1] < 0.0 ? -0.25 : 0.0);  // the limits from x1 > 0
    const double rho2 = x[0] * x[0] + x[1] * x[1];
    const double rho = std::sqrt(rho2);
    r[0] = 10.0 * (x[2] - 10.0 * theta);
    r[1] = 10.0 * (rho - 1.0);
    r[2] = x[2];
    if (J) {
      (*J)(0, 0) = 100.0 * x[1] / (two_pi * rho2);
      (*J)(0, 1) = -100.0 * x[0] / (two_pi * rho2);
      (*J)(0, 2) = 10.0;
      (*J)(1, 0) = 10.0 * x[0] / rho;
      (*J)(1, 1) = 10.0 * x[1] / rho;
      (*J)(2, 2) = 1.0;
    }
  };
  return least_squares("helical-valley", vec({-1.0, 0.0, 0.0}), 0.0, vec({1.0, 0.0, 0.0}), std::move(ls));
}

// MGH #8, m = 15. fᵢ = yᵢ − (x1 + uᵢ/(vᵢ x2 + wᵢ x3)), uᵢ = i, vᵢ = 16 − i, wᵢ = min(uᵢ, vᵢ).
// Published f* = 8.21487e−3 (and 17.4286 at (0.8406, −∞, −∞)).
ProblemData bard(Index) {
  SumOfSquares ls;
  ls.m = 15;
  ls.residuals = [](const Vector& x, Vector& r, Matrix* J) {
    static constexpr double y[15] = {0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39,
                                     0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39};
    for (int i = 1; i <= 15; ++i) {
      const double u = i, v = 16 - i, w = std::min(u, v);
      const double d = v * x[1] + w * x[2];
      r[i - 1] = y[i - 1] - (x[0] + u / d);
      if (J) {
        (*J)(i - 1, 0) = -1.0;
        (*J)(i - 1, 1) = u * v / (d * d);
        (*J)(i - 1, 2) = u * w / (d * d);
      }
    }
  };
  return least_squares("bard", vec({1.0, 1.0, 1.0}), 8.21487730658e-3, std::nullopt, std::move(ls));
}

// MGH #9, m = 15. fᵢ = x1 exp(−x2 (tᵢ − x3)²/2) − yᵢ, tᵢ = (8 − i)/2. Published f* = 1.12793e−8.
ProblemData gaussian(Index) {
  SumOfSquares ls;
  ls.m = 15;
  ls.residuals = [](const Vector& x, Vector& r, Matrix* J) {
    static constexpr double y[15] = {0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989,
                                     0.3521, 0.2420, 0.1295, 0.0540, 0.0175, 0.0044, 0.0009};
    for (int i = 1; i <= 15; ++i) {
      const double t = (8.0 - i) / 2.0;
      const double d = t - x[2];
      const double e = std::exp(-x[1] * d * d / 2.0);
      r[i - 1] = x[0] * e - y[i - 1];
      if (J) {
        (*J)(i - 1, 0) = e;
        (*J)(i - 1, 1) = -x[0] * e * d * d / 2.0;
        (*J)(i - 1, 2) = x[0] * e * x[1] * d;
      }
    }
  };
  return least_squares("gaussian", vec({0.4, 1.0, 0.0}), 1.12793276962e-8, std::nullopt, std::move(ls));
}

// MGH #10, m = 16. fᵢ = x1 exp(x2/(tᵢ + x3)) − yᵢ, tᵢ = 45 + 5i. NIST MGH10 certified values.
ProblemData meyer(Index) {
  SumOfSquares ls;
  ls.m = 16;
  ls.residuals = [](const Vector& x, Vector& r, Matrix* J) {
    static constexpr double y[16] = {34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744,
                                     8261,  7030,  6005,  5147,  4427,  3820,  3307,  2872};
    for (int i = 1; i <= 16; ++i) {
      const double d = 45.0 + 5.0 * i + x[2];
      const double e = std::exp(x[1] / d);
      r[i - 1] = x[0] * e - y[i - 1];
      if (J) {
        (*J)(i - 1, 0) = e;
        (*J)(i - 1, 1) = x[0] * e / d;
        (*J)(i - 1, 2) = -x[0] * e * x[1] / (d * d);
      }
    }
  };
  return least_squares("meyer", vec({0.02, 4000.0, 250.0}), 8.7945855171e1,
                       vec({5.6096364710e-03, 6.1813463463e+03, 3.4522363462e+02}), std::move(ls));
}

// MGH #11, m = 99 (the paper allows n ≤ m ≤ 100). fᵢ = exp(−|yᵢ − x2|^{x3}/x1) − tᵢ, tᵢ = i/100,
// yᵢ = 25 + (−50 ln tᵢ)^{2/3}.
ProblemData gulf_research(Index) {
  SumOfSquares ls;
  ls.m = 99;
  ls.residuals = [](const Vector& x, Vector& r, Matrix* J) {
    for (int i = 1; i <= 99; ++i) {
      const double t = i / 100.0;
      const double y = 25.0 + std::pow(-50.0 * std::log(t), 2.0 / 3.0);
      const double a = y - x[1];
      const double abs_a = std::abs(a);
      const double b = std::pow(abs_a, x[2]);
      const double e = std::exp(-b / x[0]);
      r[i - 1] = e - t;
      if (J) {
        (*J)(i - 1, 0) = e * b / (x[0] * x[0]);
        (*J)(i - 1, 1) = e * x[2] * std::pow(abs_a, x[2] - 1.0) * (a >= 0.0 ? 1.0 : -1.0) / x[0];
        (*J)(i - 1, 2) = -e * b * std::log(abs_a) / x[0];
      }
    }
  };
  return least_squares("gulf-research", vec({5.0, 2.5, 0.15}), 0.0, vec({50.0, 25.0, 1.5}), std::move(ls));
}

// MGH #12, m = 10. fᵢ = e^{−tᵢx1} − e^{−tᵢx2} − x3(e^{−tᵢ} − e^{−10tᵢ}), tᵢ = 0.1 i.
ProblemData box_3d(Index) {
  SumOfSquares ls;
  ls.m = 10;
  ls.residuals = [](const Vector& x, Vector& r, Matrix* J) {
    for (int i = 1; i <= 10; ++i) {
      const double t = 0.1 * i;
      const double e1 = std::exp(-t * x[0]), e2 = std::exp(-t * x[1]);
      const double c = std::exp(-t) - std::exp(-10.0 * t);
      r[i - 1] = e1 - e2 - x[2] * c;
      if (J) {
        (*J)(i - 1, 0) = -t * e1;
        (*J)(i - 1, 1) = t * e2;
        (*J)(i - 1, 2) = -c;
      }
    }
  };
  ls.second_order = [](const Vector& x, const Vector& r, Matrix& S) {
    for (int i = 1; i <= 10; ++i) {
      const double t = 0.1 * i;
      S(0, 0) += r[i - 1] * t * t * std::exp(-t * x[0]);
      S(1, 1) -= r[i - 1] * t * t * std::exp(-t * x[1]);
    }
  };
  return least_squares("box-3d", vec({0.0, 10.0, 20.0}), 0.0, vec({1.0, 10.0, 1.0}), std::move(ls));
}

// MGH #13 (n = 4) and #22 (n a multiple of 4), block by block:
// f = (a + 10b)² + 5(c − d)² + (b − 2c)⁴ + 10(a − d)⁴.
Objective powell_singular_objective(std::string name, Index n) {
  ValueGradientFunction fg = [name, n](const Vector& x, Vector* grad) {
    check_size(name, n, x);
    if (grad) grad->resize(n);
    double f = 0.0;
    for (Index k = 0; k < n; k += 4) {
      const double a = x[k], b = x[k + 1], c = x[k + 2], d = x[k + 3];
      const double p = a + 10.0 * b, q = c - d, s = b - 2.0 * c, t = a - d;
      f += p * p + 5.0 * q * q + s * s * s * s + 10.0 * t * t * t * t;
      if (grad) {
        (*grad)[k] = 2.0 * p + 40.0 * t * t * t;
        (*grad)[k + 1] = 20.0 * p + 4.0 * s * s * s;
        (*grad)[k + 2] = 10.0 * q - 8.0 * s * s * s;
        (*grad)[k + 3] = -10.0 * q - 40.0 * t * t * t;
      }
    }
    return f;
  };
  HessianFunction hess = [name, n](const Vector& x, Matrix& h) {
    check_size(name, n, x);
    h.setZero(n, n);
    for (Index k = 0; k < n; k += 4) {
      const double s = x[k + 1] - 2.0 * x[k + 2], t = x[k] - x[k + 3];
      const Eigen::Vector4d u_p(1.0, 10.0, 0.0, 0.0), u_q(0.0, 0.0, 1.0, -1.0), u_s(0.0, 1.0, -2.0, 0.0),
          u_t(1.0, 0.0, 0.0, -1.0);
      h.block<4, 4>(k, k) = 2.0 * u_p * u_p.transpose() + 10.0 * u_q * u_q.transpose() +
                            12.0 * s * s * u_s * u_s.transpose() + 120.0 * t * t * u_t * u_t.transpose();
    }
  };
  return Objective(std::move(fg), n, std::move(hess));
}

ProblemData powell_singular(const std::string& name, Index n) {
  Vector x0(n);
  for (Index k = 0; k < n; k += 4) x0.segment<4>(k) << 3.0, -1.0, 0.0, 1.0;
  return {std::move(x0), 0.0, Vector::Zero(n), powell_singular_objective(name, n)};
}

// MGH #14. f = 100(x2 − x1²)² + (1 − x1)² + 90(x4 − x3²)² + (1 − x3)² + 10(x2 + x4 − 2)²
// + 0.1(x2 − x4)².
ProblemData wood(Index) {
  const std::string name = "wood";
  ValueGradientFunction fg = [name](const Vector& x, Vector* grad) {
    check_size(name, 4, x);
    const double a = x[1] - x[0] * x[0], b = 1.0 - x[0], c = x[3] - x[2] * x[2], d = 1.0 - x[2];
    const double e = x[1] + x[3] - 2.0, g = x[1] - x[3];
    if (grad) {
      grad->resize(4);
      (*grad)[0] = -400.0 * x[0] * a - 2.0 * b;
      (*grad)[1] = 200.0 * a + 20.0 * e + 0.2 * g;
      (*grad)[2] = -360.0 * x[2] * c - 2.0 * d;
      (*grad)[3] = 180.0 * c + 20.0 * e - 0.2 * g;
    }
    return 100.0 * a * a + b * b + 90.0 * c * c + d * d + 10.0 * e * e + 0.1 * g * g;
  };
  HessianFunction hess = [name](const Vector& x, Matrix& h) {
    check_size(name, 4, x);
    h.setZero(4, 4);
    h(0, 0) = 1200.0 * x[0] * x[0] - 400.0 * x[1] + 2.0;
    h(0, 1) = h(1, 0) = -400.0 * x[0];
    h(1, 1) = 220.2;
    h(1, 3) = h(3, 1) = 19.8;
    h(2, 2) = 1080.0 * x[2] * x[2] - 360.0 * x[3] + 2.0;
    h(2, 3) = h(3, 2) = -360.0 * x[2];
    h(3, 3) = 200.2;
  };
  return {vec({-3.0, -1.0, -3.0, -1.0}), 0.0, Vector::Ones(4), Objective(std::move(fg), 4, std::move(hess))};
}

// MGH #15, m = 11. fᵢ = yᵢ − x1(uᵢ² + uᵢx2)/(uᵢ² + uᵢx3 + x4). NIST MGH09 certified values
// (published f* = 3.07505e−4; a local minimum 1.02734e−3 lies at (+∞, −14.07…, −∞, −∞)).
ProblemData kowalik_osborne(Index) {
  SumOfSquares ls;
  ls.m = 11;
  ls.residuals = [](const Vector& x, Vector& r, Matrix* J) {
    static constexpr double y[11] = {0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627,
                                     0.0456, 0.0342, 0.0323, 0.0235, 0.0246};
    static constexpr double u[11] = {4.0, 2.0, 1.0, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625};
    for (int i = 0; i < 11; ++i) {
      const double num = u[i] * u[i] + u[i] * x[1];
      const double den = u[i] * u[i] + u[i] * x[2] + x[3];
      r[i] = y[i] - x[0] * num / den;
      if (J) {
        (*J)(i, 0) = -num / den;
        (*J)(i, 1) = -x[0] * u[i] / den;
        (*J)(i, 2) = x[0] * num * u[i] / (den * den);
        (*J)(i, 3) = x[0] * num / (den * den);
      }
    }
  };
  return least_squares("kowalik-osborne", vec({0.25, 0.39, 0.415, 0.39}), 3.0750560385e-4,
                       vec({1.9280693458e-01, 1.9128232873e-01, 1.2305650693e-01, 1.3606233068e-01}),
                       std::move(ls));
}

// MGH #16, m = 20. fᵢ = (x1 + tᵢx2 − e^{tᵢ})² + (x3 + x4 sin tᵢ − cos tᵢ)², tᵢ = i/5.
// Published f* = 85822.2.
ProblemData brown_dennis(Index) {
  SumOfSquares ls;
  ls.m = 20;
  ls.residuals = [](const Vector& x, Vector& r, Matrix* J) {
    for (int i = 1; i <= 20; ++i) {
      const double t = i / 5.0;
      const double a = x[0] + t * x[1] - std::exp(t), b = x[2] + x[3] * std::sin(t) - std::cos(t);
      r[i - 1] = a * a + b * b;
      if (J) {
        (*J)(i - 1, 0) = 2.0 * a;
        (*J)(i - 1, 1) = 2.0 * a * t;
        (*J)(i - 1, 2) = 2.0 * b;
        (*J)(i - 1, 3) = 2.0 * b * std::sin(t);
      }
    }
  };
  return least_squares("brown-dennis", vec({25.0, 5.0, -5.0, -1.0}), 85822.2016264, std::nullopt,
                       std::move(ls));
}

// MGH #17, m = 33. fᵢ = yᵢ − (x1 + x2 e^{−tᵢx4} + x3 e^{−tᵢx5}), tᵢ = 10(i − 1). NIST MGH17
// certified values (published f* = 5.46489e−5).
ProblemData osborne_1(Index) {
  SumOfSquares ls;
  ls.m = 33;
  ls.residuals = [](const Vector& x, Vector& r, Matrix* J) {
    static constexpr double y[33] = {0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818,
                                     0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603, 0.580, 0.558,
                                     0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448, 0.438,
                                     0.431, 0.424, 0.420, 0.414, 0.411, 0.406};
    for (int i = 0; i < 33; ++i) {
      const double t = 10.0 * i;
      const double e4 = std::exp(-t * x[3]), e5 = std::exp(-t * x[4]);
      r[i] = y[i] - (x[0] + x[1] * e4 + x[2] * e5);
      if (J) {
        (*J)(i, 0) = -1.0;
        (*J)(i, 1) = -e4;
        (*J)(i, 2) = -e5;
        (*J)(i, 3) = t * x[1] * e4;
        (*J)(i, 4) = t * x[2] * e5;
      }
    }
  };
  return least_squares(
      "osborne-1", vec({0.5, 1.5, -1.0, 0.01, 0.02}), 5.4648946975e-5,
      vec({3.7541005211e-01, 1.9358469127e+00, -1.4646871366e+00, 1.2867534640e-02, 2.2122699662e-02}),
      std::move(ls));
}

// MGH #18, m = 13. fᵢ = x3 e^{−tᵢx1} − x4 e^{−tᵢx2} + x6 e^{−tᵢx5} − yᵢ, tᵢ = 0.1 i,
// yᵢ = e^{−tᵢ} − 5e^{−10tᵢ} + 3e^{−4tᵢ}. f* = 0 at (1, 10, 1, 5, 4, 3) (also at its relabellings;
// the paper also reports a local minimum 5.65565e−3).
ProblemData biggs_exp6(Index) {
  SumOfSquares ls;
  ls.m = 13;
  ls.residuals = [](const Vector& x, Vector& r, Matrix* J) {
    for (int i = 1; i <= 13; ++i) {
      const double t = 0.1 * i;
      const double y = std::exp(-t) - 5.0 * std::exp(-10.0 * t) + 3.0 * std::exp(-4.0 * t);
      const double e1 = std::exp(-t * x[0]), e2 = std::exp(-t * x[1]), e5 = std::exp(-t * x[4]);
      r[i - 1] = x[2] * e1 - x[3] * e2 + x[5] * e5 - y;
      if (J) {
        (*J)(i - 1, 0) = -t * x[2] * e1;
        (*J)(i - 1, 1) = t * x[3] * e2;
        (*J)(i - 1, 2) = e1;
        (*J)(i - 1, 3) = -e2;
        (*J)(i - 1, 4) = -t * x[5] * e5;
        (*J)(i - 1, 5) = e5;
      }
    }
  };
  return least_squares("biggs-exp6", vec({1.0, 2.0, 1.0, 1.0, 1.0, 1.0}), 0.0,
                       vec({1.0, 10.0, 1.0, 5.0, 4.0, 3.0}), std::move(ls));
}

// MGH #19, m = 65. fᵢ = yᵢ − (x1 e^{−tᵢx5} + x2 e^{−(tᵢ−x9)²x6} + x3 e^{−(tᵢ−x10)²x7}
// + x4 e^{−(tᵢ−x11)²x8}), tᵢ = (i − 1)/10. Published f* = 4.01377e−2.
ProblemData osborne_2(Index) {
  SumOfSquares ls;
  ls.m = 65;
  ls.residuals = [](const Vector& x, Vector& r, Matrix* J) {
    static constexpr double y[65] = {
        1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746, 0.679, 0.608,
        0.655, 0.616, 0.606, 0.602, 0.626, 0.651, 0.724, 0.649, 0.649, 0.694, 0.644, 0.624, 0.661,
        0.612, 0.558, 0.533, 0.495, 0.500, 0.423, 0.395, 0.375, 0.372, 0.391, 0.396, 0.405, 0.428,
        0.429, 0.523, 0.562, 0.607, 0.653, 0.672, 0.708, 0.633, 0.668, 0.645, 0.632, 0.591, 0.559,
        0.597, 0.625, 0.739, 0.710, 0.729, 0.720, 0.636, 0.581, 0.428, 0.292, 0.162, 0.098, 0.054};
    for (int i = 0; i < 65; ++i) {
      const double t = i / 10.0;
      const double d9 = t - x[8], d10 = t - x[9], d11 = t - x[10];
      const double e1 = std::exp(-t * x[4]), e2 = std::exp(-d9 * d9 * x[5]), e3 = std::exp(-d10 * d10 * x[6]),
                   e4 = std::exp(-d11 * d11 * x[7]);
      r[i] = y[i] - (x[0] * e1 + x[1] * e2 + x[2] * e3 + x[3] * e4);
      if (J) {
        (*J)(i, 0) = -e1;
        (*J)(i, 1) = -e2;
        (*J)(i, 2) = -e3;
        (*J)(i, 3) = -e4;
        (*J)(i, 4) = t * x[0] * e1;
        (*J)(i, 5) = d9 * d9 * x[1] * e2;
        (*J)(i, 6) = d10 * d10 * x[2] * e3;
        (*J)(i, 7) = d11 * d11 * x[3] * e4;
        (*J)(i, 8) = -2.0 * d9 * x[5] * x[1] * e2;
        (*J)(i, 9) = -2.0 * d10 * x[6] * x[2] * e3;
        (*J)(i, 10) = -2.0 * d11 * x[7] * x[3] * e4;
      }
    }
  };
  return least_squares("osborne-2", vec({1.3, 0.65, 0.65, 0.7, 0.6, 3.0, 5.0, 7.0, 2.0, 4.5, 5.5}),
                       4.01377362935e-2, std::nullopt, std::move(ls));
}

// MGH #20, m = 31. For tᵢ = i/29 (i ≤ 29): fᵢ = Σ_{j≥2}(j−1)xⱼtᵢ^{j−2} − (Σⱼ xⱼtᵢ^{j−1})² − 1;
// f30 = x1, f31 = x2 − x1² − 1. Published f* for n = 6, 9, 12 only.
ProblemData watson(Index n) {
  SumOfSquares ls;
  ls.m = 31;
  ls.residuals = [n](const Vector& x, Vector& r, Matrix* J) {
    for (int i = 1; i <= 29; ++i) {
      const double t = i / 29.0;
      double s1 = 0.0, s2 = 0.0, p = 1.0;  // p = t^{j−1} for j = 1, 2, …
      for (Index j = 0; j < n; ++j) {
        s2 += x[j] * p;
        if (j + 1 < n) s1 += static_cast<double>(j + 1) * x[j + 1] * p;
        p *= t;
      }
      r[i - 1] = s1 - s2 * s2 - 1.0;
      if (J) {
        double pj = 1.0, pj_prev = 0.0;  // t^{j−1} and t^{j−2}
        for (Index j = 0; j < n; ++j) {
          (*J)(i - 1, j) = static_cast<double>(j) * pj_prev - 2.0 * s2 * pj;
          pj_prev = pj;
          pj *= t;
        }
      }
    }
    r[29] = x[0];
    r[30] = x[1] - x[0] * x[0] - 1.0;
    if (J) {
      (*J)(29, 0) = 1.0;
      (*J)(30, 0) = -2.0 * x[0];
      (*J)(30, 1) = 1.0;
    }
  };
  const double f_min = n == 6 ? 2.28767005355e-3 : (n == 9 ? 1.3997601381e-6 : 4.72238e-10);
  return least_squares("watson", Vector::Zero(n), f_min, std::nullopt, std::move(ls));
}

// MGH #23, m = n + 1. fᵢ = √a (xᵢ − 1), f_{n+1} = Σxⱼ² − 1/4, a = 10⁻⁵; xⱼ⁰ = j.
// Published f* = 2.24997e−5 (n = 4), 7.08765e−5 (n = 10).
ProblemData penalty_1(Index n) {
  const std::string name = "penalty-1";
  constexpr double a = 1e-5;
  ValueGradientFunction fg = [name, n](const Vector& x, Vector* grad) {
    check_size(name, n, x);
    const double s = x.squaredNorm() - 0.25;
    if (grad) *grad = 2.0 * a * (x.array() - 1.0).matrix() + 4.0 * s * x;
    return a * (x.array() - 1.0).square().sum() + s * s;
  };
  HessianFunction hess = [name, n](const Vector& x, Matrix& h) {
    check_size(name, n, x);
    const double s = x.squaredNorm() - 0.25;
    h = 8.0 * x * x.transpose();
    h.diagonal().array() += 2.0 * a + 4.0 * s;
  };
  Vector x0 = Vector::LinSpaced(n, 1.0, static_cast<double>(n));
  return {std::move(x0), n == 4 ? 2.2499775009e-5 : 7.08765146709e-5, std::nullopt,
          Objective(std::move(fg), n, std::move(hess))};
}

// MGH #24, m = 2n. f1 = x1 − 0.2; fᵢ = √a (e^{xᵢ/10} + e^{x_{i−1}/10} − yᵢ) for 2 ≤ i ≤ n,
// yᵢ = e^{i/10} + e^{(i−1)/10}; fᵢ = √a (e^{x_{i−n+1}/10} − e^{−1/10}) for n < i < 2n;
// f_{2n} = Σⱼ (n − j + 1)xⱼ² − 1; a = 10⁻⁵. Published f* = 9.37629e−6 (n = 4), 2.93660e−4 (n = 10).
ProblemData penalty_2(Index n) {
  SumOfSquares ls;
  ls.m = 2 * n;
  ls.residuals = [n](const Vector& x, Vector& r, Matrix* J) {
    const double sa = std::sqrt(1e-5);
    r[0] = x[0] - 0.2;
    if (J) (*J)(0, 0) = 1.0;
    for (Index i = 1; i < n; ++i) {  // residual i + 1 of the paper
      const double y = std::exp((i + 1) / 10.0) + std::exp(i / 10.0);
      const double ei = std::exp(x[i] / 10.0), ep = std::exp(x[i - 1] / 10.0);
      r[i] = sa * (ei + ep - y);
      r[n + i - 1] = sa * (ei - std::exp(-0.1));
      if (J) {
        (*J)(i, i) = sa * ei / 10.0;
        (*J)(i, i - 1) = sa * ep / 10.0;
        (*J)(n + i - 1, i) = sa * ei / 10.0;
      }
    }
    double s = 0.0;
    for (Index j = 0; j < n; ++j) {
      const double w = static_cast<double>(n - j);
      s += w * x[j] * x[j];
      if (J) (*J)(2 * n - 1, j) = 2.0 * w * x[j];
    }
    r[2 * n - 1] = s - 1.0;
  };
  return least_squares("penalty-2", Vector::Constant(n, 0.5), n == 4 ? 9.37629300736e-6 : 2.93660537457e-4,
                       std::nullopt, std::move(ls));
}

// MGH #25, m = n + 2. fᵢ = xᵢ − 1, f_{n+1} = Σ j(xⱼ − 1), f_{n+2} = f_{n+1}²; xⱼ⁰ = 1 − j/n.
ProblemData variably_dimensioned(Index n) {
  const std::string name = "variably-dimensioned";
  ValueGradientFunction fg = [name, n](const Vector& x, Vector* grad) {
    check_size(name, n, x);
    double f = 0.0, s = 0.0;
    for (Index j = 0; j < n; ++j) {
      const double d = x[j] - 1.0;
      f += d * d;
      s += static_cast<double>(j + 1) * d;
    }
    if (grad) {
      grad->resize(n);
      const double c = 2.0 * s + 4.0 * s * s * s;
      for (Index j = 0; j < n; ++j) (*grad)[j] = 2.0 * (x[j] - 1.0) + c * static_cast<double>(j + 1);
    }
    return f + s * s + s * s * s * s;
  };
  HessianFunction hess = [name, n](const Vector& x, Matrix& h) {
    check_size(name, n, x);
    const Vector k = Vector::LinSpaced(n, 1.0, static_cast<double>(n));
    const double s = k.dot((x.array() - 1.0).matrix());
    h = (2.0 + 12.0 * s * s) * k * k.transpose();
    h.diagonal().array() += 2.0;
  };
  Vector x0(n);
  for (Index j = 0; j < n; ++j) x0[j] = 1.0 - static_cast<double>(j + 1) / static_cast<double>(n);
  return {std::move(x0), 0.0, Vector::Ones(n), Objective(std::move(fg), n, std::move(hess))};
}

// MGH #26, m = n. fᵢ = n − Σⱼ cos xⱼ + i(1 − cos xᵢ) − sin xᵢ; x⁰ = 1/n. f* = 0 (at x = 0, for one).
ProblemData trigonometric(Index n) {
  const std::string name = "trigonometric";
  ValueGradientFunction fg = [name, n](const Vector& x, Vector* grad) {
    check_size(name, n, x);
    const double cos_sum = x.array().cos().sum();
    double f = 0.0, r_sum = 0.0;
    auto residual = [&](Index i) {
      const double k = static_cast<double>(i + 1);
      return static_cast<double>(n) - cos_sum + k * (1.0 - std::cos(x[i])) - std::sin(x[i]);
    };
    for (Index i = 0; i < n; ++i) {
      const double r = residual(i);
      f += r * r;
      r_sum += r;
    }
    if (grad) {
      grad->resize(n);
      for (Index i = 0; i < n; ++i) {  // ∂fᵢ/∂x_k = sin x_k + δᵢₖ (i sin xᵢ − cos xᵢ)
        const double k = static_cast<double>(i + 1);
        const double s = std::sin(x[i]), c = std::cos(x[i]);
        (*grad)[i] = 2.0 * (s * r_sum + residual(i) * (k * s - c));
      }
    }
    return f;
  };
  return {Vector::Constant(n, 1.0 / static_cast<double>(n)), 0.0, Vector::Zero(n),
          Objective(std::move(fg), n)};
}

// MGH #27, m = n. fᵢ = xᵢ + Σⱼ xⱼ − (n + 1) for i < n, fₙ = Πⱼ xⱼ − 1; x⁰ = 1/2.
// f* = 0 at (1, …, 1) (and at (α, …, α, α^{1−n}) with nαⁿ − (n + 1)α^{n−1} + 1 = 0).
ProblemData brown_almost_linear(Index n) {
  const std::string name = "brown-almost-linear";
  ValueGradientFunction fg = [name, n](const Vector& x, Vector* grad) {
    check_size(name, n, x);
    const double sum = x.sum();
    const double prod = x.prod();
    double f = 0.0, r_sum = 0.0;
    for (Index i = 0; i + 1 < n; ++i) {
      const double r = x[i] + sum - static_cast<double>(n + 1);
      f += r * r;
      r_sum += r;
    }
    const double r_last = prod - 1.0;
    f += r_last * r_last;
    if (grad) {
      grad->resize(n);
      // Π_{j≠k} xⱼ by a forward (prefix) and a backward (suffix) pass: no division by xₖ.
      double prefix = 1.0;
      for (Index k = 0; k < n; ++k) {
        (*grad)[k] = prefix;
        prefix *= x[k];
      }
      double suffix = 1.0;
      for (Index k = n - 1; k >= 0; --k) {
        const double others = (*grad)[k] * suffix;
        suffix *= x[k];
        const double own = k + 1 < n ? x[k] + sum - static_cast<double>(n + 1) : 0.0;
        (*grad)[k] = 2.0 * (own + r_sum + r_last * others);
      }
    }
    return f;
  };
  return {Vector::Constant(n, 0.5), 0.0, Vector::Ones(n), Objective(std::move(fg), n)};
}

// The start of MGH #28 and #29: x⁰ⱼ = tⱼ(tⱼ − 1) with tⱼ = j·h, h = 1/(n + 1).
Vector discretization_start(Index n) {
  Vector x0(n);
  const double h = 1.0 / static_cast<double>(n + 1);
  for (Index j = 0; j < n; ++j) {
    const double t = static_cast<double>(j + 1) * h;
    x0[j] = t * (t - 1.0);
  }
  return x0;
}

// MGH #28, m = n. fᵢ = 2xᵢ − x_{i−1} − x_{i+1} + h²(xᵢ + tᵢ + 1)³/2, h = 1/(n + 1), tᵢ = ih,
// x₀ = x_{n+1} = 0; xⱼ⁰ = tⱼ(tⱼ − 1). f* = 0.
ProblemData discrete_boundary_value(Index n) {
  const std::string name = "discrete-boundary-value";
  ValueGradientFunction fg = [name, n](const Vector& x, Vector* grad) {
    check_size(name, n, x);
    const double h = 1.0 / static_cast<double>(n + 1);
    auto residual = [&](Index i) {
      const double t = static_cast<double>(i + 1) * h;
      const double u = x[i] + t + 1.0;
      return 2.0 * x[i] - (i > 0 ? x[i - 1] : 0.0) - (i + 1 < n ? x[i + 1] : 0.0) + h * h * u * u * u / 2.0;
    };
    double f = 0.0;
    double r_prev = 0.0, r = residual(0);
    if (grad) grad->resize(n);
    for (Index i = 0; i < n; ++i) {
      const double r_next = i + 1 < n ? residual(i + 1) : 0.0;
      f += r * r;
      if (grad) {
        const double t = static_cast<double>(i + 1) * h;
        const double u = x[i] + t + 1.0;
        (*grad)[i] = 2.0 * (r * (2.0 + 1.5 * h * h * u * u) - r_prev - r_next);
      }
      r_prev = r;
      r = r_next;
    }
    return f;
  };
  return {discretization_start(n), 0.0, std::nullopt, Objective(std::move(fg), n)};
}

// MGH #29, m = n. fᵢ = xᵢ + h[(1 − tᵢ) Σ_{j≤i} tⱼ(xⱼ + tⱼ + 1)³ + tᵢ Σ_{j>i} (1 − tⱼ)(xⱼ + tⱼ + 1)³]/2;
// h, tᵢ and x⁰ as in #28. f* = 0. Value and gradient in O(n) by running sums.
ProblemData discrete_integral_equation(Index n) {
  const std::string name = "discrete-integral-equation";
  ValueGradientFunction fg = [name, n](const Vector& x, Vector* grad) {
    check_size(name, n, x);
    const double h = 1.0 / static_cast<double>(n + 1);
    auto t_of = [h](Index i) { return static_cast<double>(i + 1) * h; };
    Vector r(n);
    double upper = 0.0;  // Σ_{j>i} (1 − tⱼ) cⱼ, filled from the back
    for (Index i = n - 1; i >= 0; --i) {
      r[i] = t_of(i) * upper;
      const double u = x[i] + t_of(i) + 1.0;
      upper += (1.0 - t_of(i)) * u * u * u;
    }
    double lower = 0.0;  // Σ_{j≤i} tⱼ cⱼ
    for (Index i = 0; i < n; ++i) {
      const double u = x[i] + t_of(i) + 1.0;
      lower += t_of(i) * u * u * u;
      r[i] = x[i] + h * ((1.0 - t_of(i)) * lower + r[i]) / 2.0;
    }
    if (grad) {
      // ∂fᵢ/∂xₖ = δᵢₖ + (3h/2) uₖ² · (tₖ(1 − tᵢ) if k ≤ i, else tᵢ(1 − tₖ)), uₖ = xₖ + tₖ + 1.
      grad->resize(n);
      double tail = 0.0;  // Σ_{i≥k} (1 − tᵢ) rᵢ
      for (Index k = n - 1; k >= 0; --k) {
        tail += (1.0 - t_of(k)) * r[k];
        (*grad)[k] = t_of(k) * tail;
      }
      double head = 0.0;  // Σ_{i<k} tᵢ rᵢ
      for (Index k = 0; k < n; ++k) {
        const double u = x[k] + t_of(k) + 1.0;
        (*grad)[k] = 2.0 * (r[k] + 1.5 * h * u * u * ((*grad)[k] + (1.0 - t_of(k)) * head));
        head += t_of(k) * r[k];
      }
    }
    return r.squaredNorm();
  };
  return {discretization_start(n), 0.0, std::nullopt, Objective(std::move(fg), n)};
}

// MGH #30, m = n. fᵢ = (3 − 2xᵢ)xᵢ − x_{i−1} − 2x_{i+1} + 1, x₀ = x_{n+1} = 0; x⁰ = −1. f* = 0.
ProblemData broyden_tridiagonal(Index n) {
  const std::string name = "broyden-tridiagonal";
  auto residual = [n](const Vector& x, Index i) {
    return (3.0 - 2.0 * x[i]) * x[i] - (i > 0 ? x[i - 1] : 0.0) - 2.0 * (i + 1 < n ? x[i + 1] : 0.0) + 1.0;
  };
  ValueGradientFunction fg = [name, n, residual](const Vector& x, Vector* grad) {
    check_size(name, n, x);
    double f = 0.0;
    double r_prev = 0.0, r = residual(x, 0);
    if (grad) grad->resize(n);
    for (Index i = 0; i < n; ++i) {
      const double r_next = i + 1 < n ? residual(x, i + 1) : 0.0;
      f += r * r;
      // ∂fᵢ/∂xᵢ = 3 − 4xᵢ, ∂f_{i+1}/∂xᵢ = −1, ∂f_{i−1}/∂xᵢ = −2.
      if (grad) (*grad)[i] = 2.0 * (r * (3.0 - 4.0 * x[i]) - r_next - 2.0 * r_prev);
      r_prev = r;
      r = r_next;
    }
    return f;
  };
  HessianFunction hess = [name, n, residual](const Vector& x, Matrix& h) {
    check_size(name, n, x);
    Matrix jac = Matrix::Zero(n, n);
    h.setZero(n, n);
    for (Index i = 0; i < n; ++i) {
      jac(i, i) = 3.0 - 4.0 * x[i];
      if (i > 0) jac(i, i - 1) = -1.0;
      if (i + 1 < n) jac(i, i + 1) = -2.0;
      h(i, i) = -4.0 * residual(x, i);  // fᵢ ∇²fᵢ: only ∂²fᵢ/∂xᵢ² = −4 is non-zero
    }
    h = 2.0 * (jac.transpose() * jac + h);
  };
  return {Vector::Constant(n, -1.0), 0.0, std::nullopt, Objective(std::move(fg), n, std::move(hess))};
}

// MGH #31, m = n. fᵢ = xᵢ(2 + 5xᵢ²) + 1 − Σ_{j∈Jᵢ} xⱼ(1 + xⱼ), Jᵢ = {j ≠ i : max(1, i−5) ≤ j ≤
// min(n, i+1)}; x⁰ = −1. f* = 0.
ProblemData broyden_banded(Index n) {
  const std::string name = "broyden-banded";
  ValueGradientFunction fg = [name, n](const Vector& x, Vector* grad) {
    check_size(name, n, x);
    Vector r(n);
    for (Index i = 0; i < n; ++i) {
      double band = 0.0;
      for (Index j = std::max<Index>(0, i - 5); j <= std::min<Index>(n - 1, i + 1); ++j)
        if (j != i) band += x[j] * (1.0 + x[j]);
      r[i] = x[i] * (2.0 + 5.0 * x[i] * x[i]) + 1.0 - band;
    }
    if (grad) {
      grad->resize(n);
      for (Index k = 0; k < n; ++k) {
        double hits = 0.0;  // Σ rᵢ over the i whose band Jᵢ holds k: i ∈ [k−1, k+5], i ≠ k
        for (Index i = std::max<Index>(0, k - 1); i <= std::min<Index>(n - 1, k + 5); ++i)
          if (i != k) hits += r[i];
        (*grad)[k] = 2.0 * (r[k] * (2.0 + 15.0 * x[k] * x[k]) - (1.0 + 2.0 * x[k]) * hits);
      }
    }
    return r.squaredNorm();
  };
  return {Vector::Constant(n, -1.0), 0.0, std::nullopt, Objective(std::move(fg), n)};
}

// MGH #35, m = n. fᵢ = (1/n) Σⱼ Tᵢ(2xⱼ − 1) − ∫₀¹ Tᵢ(2s − 1) ds (Tᵢ Chebyshev; the integral is 0 for
// odd i and −1/(i² − 1) for even i); xⱼ⁰ = j/(n + 1). Published f* = 0 for n ≤ 7 and n = 9,
// 3.51687e−3 for n = 8, 6.50395e−3 for n = 10.
ProblemData chebyquad(Index n) {
  SumOfSquares ls;
  ls.m = n;
  ls.residuals = [n](const Vector& x, Vector& r, Matrix* J) {
    r.setZero();
    const double inv_n = 1.0 / static_cast<double>(n);
    for (Index j = 0; j < n; ++j) {
      const double y = 2.0 * x[j] - 1.0;
      double t_prev = 1.0, t = y, d_prev = 0.0, d = 1.0;  // T_{i−1}, T_i and their derivatives
      for (Index i = 0; i < n; ++i) {
        r[i] += t * inv_n;
        if (J) (*J)(i, j) = 2.0 * d * inv_n;
        const double t_next = 2.0 * y * t - t_prev, d_next = 2.0 * t + 2.0 * y * d - d_prev;
        t_prev = t;
        t = t_next;
        d_prev = d;
        d = d_next;
      }
    }
    for (Index i = 0; i < n; ++i) {
      const auto k = static_cast<double>(i + 1);
      if ((i + 1) % 2 == 0) r[i] += 1.0 / (k * k - 1.0);
    }
  };
  Vector x0(n);
  for (Index j = 0; j < n; ++j) x0[j] = static_cast<double>(j + 1) / static_cast<double>(n + 1);
  const double f_min = n == 8 ? 3.51687372568e-3 : (n == 10 ? 6.50395480088e-3 : 0.0);
  return least_squares("chebyquad", std::move(x0), f_min, std::nullopt, std::move(ls));
}

std::string mgh(int k) {
  return "Moré, Garbow & Hillstrom (1981), problem " + std::to_string(k);
}

}  // namespace

std::vector<ProblemEntry> more_garbow_hillstrom_problems() {
  std::vector<ProblemEntry> p;
  p.push_back(
      fixed_dimension("freudenstein-roth",
                      "Freudenstein & Roth (MGH #2), n = 2, f* = 0 at (5, 4); local min 48.9842... at "
                      "(11.41..., -0.8968...)",
                      mgh(2), 2, freudenstein_roth));
  p.push_back(fixed_dimension("powell-badly-scaled",
                              "Powell badly scaled (MGH #3), n = 2, f* = 0 at (1.098...e-5, 9.106...)",
                              mgh(3), 2, powell_badly_scaled));
  p.push_back(fixed_dimension("brown-badly-scaled",
                              "Brown badly scaled (MGH #4), n = 2, f* = 0 at (1e6, 2e-6)", mgh(4), 2,
                              brown_badly_scaled));
  p.push_back(fixed_dimension("beale", "Beale (MGH #5), n = 2, f* = 0 at (3, 0.5)", mgh(5), 2, beale));
  p.push_back(
      fixed_dimension("jennrich-sampson",
                      "Jennrich & Sampson (MGH #6), n = 2, m = 10, f* = 124.362... at x1 = x2 = 0.2578...",
                      mgh(6), 2, jennrich_sampson));
  p.push_back(fixed_dimension("helical-valley", "Helical valley (MGH #7), n = 3, f* = 0 at (1, 0, 0)", mgh(7),
                              3, helical_valley));
  p.push_back(fixed_dimension("bard", "Bard (MGH #8), n = 3, m = 15, f* = 8.21487...e-3", mgh(8), 3, bard));
  p.push_back(fixed_dimension("gaussian", "Gaussian (MGH #9), n = 3, m = 15, f* = 1.12793...e-8", mgh(9), 3,
                              gaussian));
  p.push_back(fixed_dimension("meyer", "Meyer (MGH #10, NIST MGH10), n = 3, m = 16, f* = 87.9458...",
                              mgh(10) + "; NIST StRD MGH10 certified values", 3, meyer));
  p.push_back(fixed_dimension(
      "gulf-research", "Gulf research and development (MGH #11), n = 3, m = 99, f* = 0 at (50, 25, 1.5)",
      mgh(11), 3, gulf_research));
  p.push_back(
      fixed_dimension("box-3d",
                      "Box three-dimensional (MGH #12), n = 3, m = 10, f* = 0 at (1, 10, 1), also (10, 1, "
                      "-1) and x1 = x2, x3 = 0",
                      mgh(12), 3, box_3d));
  p.push_back(fixed_dimension("powell-singular",
                              "Powell singular (MGH #13), n = 4, f* = 0 at 0 (singular Hessian)", mgh(13), 4,
                              [](Index n) { return powell_singular("powell-singular", n); }));
  p.push_back(fixed_dimension("wood", "Wood (MGH #14), n = 4, f* = 0 at (1, 1, 1, 1)", mgh(14), 4, wood));
  p.push_back(fixed_dimension("kowalik-osborne",
                              "Kowalik & Osborne (MGH #15, NIST MGH09), n = 4, m = 11, f* = 3.07505...e-4",
                              mgh(15) + "; NIST StRD MGH09 certified values", 4, kowalik_osborne));
  p.push_back(fixed_dimension("brown-dennis", "Brown & Dennis (MGH #16), n = 4, m = 20, f* = 85822.2...",
                              mgh(16), 4, brown_dennis));
  p.push_back(fixed_dimension("osborne-1",
                              "Osborne 1 (MGH #17, NIST MGH17), n = 5, m = 33, f* = 5.46489...e-5",
                              mgh(17) + "; NIST StRD MGH17 certified values", 5, osborne_1));
  p.push_back(fixed_dimension("biggs-exp6",
                              "Biggs EXP6 (MGH #18), n = 6, m = 13, f* = 0 at (1, 10, 1, 5, 4, 3); local min "
                              "5.65565...e-3",
                              mgh(18), 6, biggs_exp6));
  p.push_back(fixed_dimension("osborne-2", "Osborne 2 (MGH #19), n = 11, m = 65, f* = 4.01377...e-2", mgh(19),
                              11, osborne_2));
  p.push_back(listed_dimensions("watson",
                                "Watson (MGH #20), n in {6, 9, 12}, m = 31, f* = 2.28767e-3, 1.39976e-6, "
                                "4.72238e-10",
                                mgh(20), 6, {6, 9, 12}, watson));
  p.push_back(any_dimension("extended-powell-singular",
                            "Extended Powell singular (MGH #22), n a multiple of 4, f* = 0 at 0", mgh(22), 12,
                            4, 4, [](Index n) { return powell_singular("extended-powell-singular", n); }));
  p.push_back(listed_dimensions("penalty-1",
                                "Penalty I (MGH #23), n in {4, 10}, m = n + 1, f* = 2.24997e-5, 7.08765e-5",
                                mgh(23), 10, {4, 10}, penalty_1));
  p.push_back(listed_dimensions("penalty-2",
                                "Penalty II (MGH #24), n in {4, 10}, m = 2n, f* = 9.37629e-6, 2.93660e-4",
                                mgh(24), 10, {4, 10}, penalty_2));
  p.push_back(any_dimension("variably-dimensioned",
                            "Variably dimensioned (MGH #25), any n, m = n + 2, f* = 0 at (1, ..., 1)",
                            mgh(25), 10, 1, 1, variably_dimensioned));
  p.push_back(any_dimension("trigonometric", "Trigonometric (MGH #26), any n, f* = 0 (at 0, among others)",
                            mgh(26), 10, 1, 1, trigonometric));
  p.push_back(
      any_dimension("brown-almost-linear",
                    "Brown almost-linear (MGH #27), any n >= 2, f* = 0 at (1, ..., 1) (among others); "
                    "local min 1",
                    mgh(27), 10, 2, 1, brown_almost_linear));
  p.push_back(any_dimension("discrete-boundary-value", "Discrete boundary value (MGH #28), any n, f* = 0",
                            mgh(28), 10, 1, 1, discrete_boundary_value));
  p.push_back(any_dimension("discrete-integral-equation",
                            "Discrete integral equation (MGH #29), any n, f* = 0", mgh(29), 10, 1, 1,
                            discrete_integral_equation));
  p.push_back(any_dimension("broyden-tridiagonal", "Broyden tridiagonal (MGH #30), any n, f* = 0", mgh(30),
                            10, 1, 1, broyden_tridiagonal));
  p.push_back(any_dimension("broyden-banded", "Broyden banded (MGH #31), any n, f* = 0", mgh(31), 10, 1, 1,
                            broyden_banded));
  p.push_back(listed_dimensions("chebyquad",
                                "Chebyquad (MGH #35), n in 2..10, m = n, f* = 0 except 3.51687e-3 (n = 8), "
                                "6.50395e-3 (n = 10)",
                                mgh(35), 8, {2, 3, 4, 5, 6, 7, 8, 9, 10}, chebyquad));
  return p;
}

}  // namespace minima::problems_detail
