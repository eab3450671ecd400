// The 24 noiseless BBOB functions and COCO's legacy instance generator (bbob.hpp).
#include "minima/problems/bbob.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <numbers>
#include <numeric>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {

namespace bbob_legacy {

std::int64_t lcg_step(std::int64_t x) {
  // Schrage's factorisation of 16807 x mod (2³¹ − 1), as the legacy code computes it.
  const std::int64_t q = x / 127773;
  std::int64_t next = 16807 * (x - q * 127773) - 2836 * q;
  if (next < 0) next += 2147483647;
  return next;
}

std::vector<double> uniform(long n, long seed) {
  std::int64_t state = seed < 0 ? -static_cast<std::int64_t>(seed) : seed;
  if (state < 1) state = 1;
  std::array<std::int64_t, 32> table{};
  // 40 warm-up steps; the last 32 fill the shuffle table from the top down.
  for (int i = 39; i >= 0; --i) {
    state = lcg_step(state);
    if (i < 32) table[static_cast<std::size_t>(i)] = state;
  }
  std::int64_t chosen = table[0];
  std::vector<double> out(static_cast<std::size_t>(std::max(0L, n)));
  for (double& r : out) {
    state = lcg_step(state);
    const auto slot = static_cast<std::size_t>(chosen / 67108865);  // 0..31
    chosen = table[slot];
    table[slot] = state;
    r = static_cast<double>(chosen) / 2.147483647e9;
    if (r == 0.0) r = 1e-99;
  }
  return out;
}

std::vector<double> gauss(long n, long seed) {
  const std::vector<double> u = uniform(2 * n, seed);
  std::vector<double> g(static_cast<std::size_t>(std::max(0L, n)));
  for (std::size_t i = 0; i < g.size(); ++i) {
    g[i] = std::sqrt(-2.0 * std::log(u[i])) * std::cos(2.0 * std::numbers::pi * u[g.size() + i]);
    if (g[i] == 0.0) g[i] = 1e-99;
  }
  return g;
}

Matrix rotation(Index dimension, long seed) {
  const Index n = dimension;
  const std::vector<double> g = gauss(static_cast<long>(n * n), seed);
  Matrix b(n, n);
  for (Index j = 0; j < n; ++j)
    for (Index i = 0; i < n; ++i) b(i, j) = g[static_cast<std::size_t>(j * n + i)];
  // Gram–Schmidt column after column, each projection taken from the column as already reduced
  // (the modified form, as the legacy code computes it).
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < i; ++j) b.col(i) -= b.col(i).dot(b.col(j)) * b.col(j);
    b.col(i) /= std::sqrt(b.col(i).squaredNorm());
  }
  return b;
}

Vector x_opt(Index dimension, long seed) {
  const std::vector<double> u = uniform(static_cast<long>(dimension), seed);
  Vector x(dimension);
  for (Index i = 0; i < dimension; ++i) {
    x[i] = 8.0 * std::floor(1e4 * u[static_cast<std::size_t>(i)]) / 1e4 - 4.0;
    if (x[i] == 0.0) x[i] = -1e-5;
  }
  return x;
}

double f_opt(int function, int instance) {
  const long base = function == 4 ? 3 : function == 18 ? 17 : function;
  const long seed = base + 10000L * instance;
  const double g1 = gauss(1, seed)[0], g2 = gauss(1, seed + 1)[0];
  return std::min(1000.0, std::max(-1000.0, std::floor(100.0 * 100.0 * g1 / g2 + 0.5) / 100.0));
}

}  // namespace bbob_legacy

namespace {

constexpr double kPi = std::numbers::pi;

/// T_osz: the smooth oscillation that breaks symmetry and regularity, elementwise.
double tosz(double x) {
  if (x == 0.0) return 0.0;
  const double xh = std::log(std::abs(x));
  if (x > 0) return std::exp(xh + 0.049 * (std::sin(10.0 * xh) + std::sin(7.9 * xh)));
  return -std::exp(xh + 0.049 * (std::sin(5.5 * xh) + std::sin(3.1 * xh)));
}

Vector tosz(Vector x) {
  for (Index i = 0; i < x.size(); ++i) x[i] = tosz(x[i]);
  return x;
}

/// T_asy^β: x_i^(1 + β (i/(n−1)) √x_i) for x_i > 0 (i from 0).
Vector tasy(Vector x, double beta) {
  const Index n = x.size();
  for (Index i = 0; i < n; ++i)
    if (x[i] > 0)
      x[i] =
          std::pow(x[i], 1.0 + beta * static_cast<double>(i) / static_cast<double>(n - 1) * std::sqrt(x[i]));
  return x;
}

/// The diagonal of Λ^α: α^(i / (2(n−1))).
Vector lambda(Index n, double alpha) {
  Vector d(n);
  for (Index i = 0; i < n; ++i)
    d[i] = std::pow(std::sqrt(alpha), static_cast<double>(i) / static_cast<double>(n - 1));
  return d;
}

/// f_pen: Σ max(0, |x_i| − 5)².
double fpen(const Vector& x) {
  double s = 0.0;
  for (Index i = 0; i < x.size(); ++i) {
    const double t = std::abs(x[i]) - 5.0;
    if (t > 0) s += t * t;
  }
  return s;
}

double rastrigin(const Vector& z) {
  double c = 0.0;
  for (Index i = 0; i < z.size(); ++i) c += std::cos(2.0 * kPi * z[i]);
  return 10.0 * (static_cast<double>(z.size()) - c) + z.squaredNorm();
}

double rosenbrock(const Vector& z) {
  double a = 0.0, b = 0.0;
  for (Index i = 0; i + 1 < z.size(); ++i) {
    const double t = z[i] * z[i] - z[i + 1], u = z[i] - 1.0;
    a += t * t;
    b += u * u;
  }
  return 100.0 * a + b;
}

/// The ratio i/(n−1) of the conditioning exponents.
double ratio(Index i, Index n) {
  return static_cast<double>(i) / static_cast<double>(n - 1);
}

/// floor(x + 1/2): the definitions' rounding (ties upwards).
double round_half_up(double x) {
  return std::floor(x + 0.5);
}

const std::array<const char*, 24> kNames = {"sphere",
                                            "ellipsoid",
                                            "rastrigin",
                                            "buche-rastrigin",
                                            "linear-slope",
                                            "attractive-sector",
                                            "step-ellipsoid",
                                            "rosenbrock",
                                            "rosenbrock-rotated",
                                            "ellipsoid-rotated",
                                            "discus",
                                            "bent-cigar",
                                            "sharp-ridge",
                                            "different-powers",
                                            "rastrigin-rotated",
                                            "weierstrass",
                                            "schaffers-f7",
                                            "schaffers-f7-ill",
                                            "griewank-rosenbrock",
                                            "schwefel",
                                            "gallagher-101",
                                            "gallagher-21",
                                            "katsuura",
                                            "lunacek-bi-rastrigin"};

const std::array<const char*, 24> kDescriptions = {
    "sphere",
    "separable ellipsoid, condition 1e6, T_osz",
    "separable Rastrigin, T_osz, T_asy^0.2, Lambda^10",
    "Buche-Rastrigin, skewed odd coordinates, T_osz, penalty 100 f_pen",
    "linear slope, optimum on the box's boundary",
    "attractive sector, Q Lambda^10 R, T_osz, power 0.9",
    "step ellipsoid, condition 100, plateaus, penalty f_pen",
    "Rosenbrock, scaled max(1, sqrt(n)/8), x_opt in [-3, 3]^n",
    "Rosenbrock rotated, scaled max(1, sqrt(n)/8)",
    "ellipsoid rotated, condition 1e6, T_osz",
    "discus, condition 1e6, T_osz",
    "bent cigar, condition 1e6, T_asy^0.5",
    "sharp ridge, Q Lambda^10 R",
    "different powers, exponents 2..6",
    "Rastrigin rotated, R Lambda^10 Q T_asy^0.2 T_osz R",
    "Weierstrass, 12 terms, R Lambda^(1/100) Q T_osz R, penalty 10/n f_pen",
    "Schaffers F7, condition 10, T_asy^0.5, penalty 10 f_pen",
    "Schaffers F7, condition 1000, T_asy^0.5, penalty 10 f_pen",
    "composite Griewank-Rosenbrock F8F2",
    "Schwefel x sin(sqrt|x|), tridiagonal coupling, Lambda^10, penalty 100 f_pen(z/100)",
    "Gallagher, 101 Gaussian peaks, condition up to 1000, penalty f_pen",
    "Gallagher, 21 Gaussian peaks, condition up to 1000, penalty f_pen",
    "Katsuura, Q Lambda^100 R, 32 terms, penalty f_pen",
    "Lunacek bi-Rastrigin, Q Lambda^100 R, penalty 1e4 f_pen"};

/// Q diag(λ) R: the outer rotation times the scaling times the inner one.
Matrix scaled_product(const Matrix& q, const Vector& lam, const Matrix& r) {
  return q * lam.asDiagonal() * r;
}

using Core = std::function<double(const Vector&)>;

/// The core (f − f_opt) of function `f` and the instance data it needs: x_opt and the rotations
/// are written into `out`.
Core make_core(int f, Index n, int instance, BbobFunction& out) {
  const long seed = f + 10000L * instance;
  const double dn = static_cast<double>(n);
  auto& rot = out.rotations;
  switch (f) {
    case 1: {
      out.x_opt = bbob_legacy::x_opt(n, seed);
      return [xo = out.x_opt](const Vector& x) { return (x - xo).squaredNorm(); };
    }
    case 2: {
      out.x_opt = bbob_legacy::x_opt(n, seed);
      Vector w(n);
      for (Index i = 0; i < n; ++i) w[i] = std::pow(1e6, ratio(i, n));
      return [xo = out.x_opt, w](const Vector& x) { return w.dot(tosz(x - xo).array().square().matrix()); };
    }
    case 3: {
      out.x_opt = bbob_legacy::x_opt(n, seed);
      return [xo = out.x_opt, lam = lambda(n, 10.0)](const Vector& x) {
        return rastrigin(lam.cwiseProduct(tasy(tosz(x - xo), 0.2)));
      };
    }
    case 4: {
      // Seeded as f3; the odd coordinates (1-based) of x_opt made positive, where the skew acts.
      out.x_opt = bbob_legacy::x_opt(n, 3 + 10000L * instance);
      for (Index i = 0; i < n; i += 2) out.x_opt[i] = std::abs(out.x_opt[i]);
      return [xo = out.x_opt, lam = lambda(n, 10.0)](const Vector& x) {
        Vector z = tosz(x - xo);
        for (Index i = 0; i < z.size(); ++i) {
          if (i % 2 == 0 && z[i] > 0) z[i] *= 10.0;
          z[i] *= lam[i];
        }
        return rastrigin(z) + 100.0 * fpen(x);
      };
    }
    case 5: {
      // x_opt = 5 sign(x_opt of the seed): a corner of the box.
      const Vector signs = bbob_legacy::x_opt(n, seed);
      out.x_opt = Vector(n);
      Vector s(n);
      for (Index i = 0; i < n; ++i) {
        out.x_opt[i] = signs[i] > 0 ? 5.0 : -5.0;
        s[i] = (signs[i] > 0 ? 1.0 : -1.0) * std::pow(10.0, ratio(i, n));
      }
      return [xo = out.x_opt, s](const Vector& x) {
        double v = 0.0;
        for (Index i = 0; i < x.size(); ++i) {
          // Past the optimum's face the slope is flat: z_i = x_opt_i there.
          const double z = xo[i] * x[i] < 25.0 ? x[i] : xo[i];
          v += 5.0 * std::abs(s[i]) - s[i] * z;
        }
        return v;
      };
    }
    case 6: {
      out.x_opt = bbob_legacy::x_opt(n, seed);
      rot = {bbob_legacy::rotation(n, seed + 1000000), bbob_legacy::rotation(n, seed)};
      const Matrix m = scaled_product(rot[0], lambda(n, 10.0), rot[1]);
      return [xo = out.x_opt, m](const Vector& x) {
        const Vector z = m * (x - xo);
        double s = 0.0;
        for (Index i = 0; i < z.size(); ++i) {
          const double zi = z[i] * xo[i] > 0 ? 100.0 * z[i] : z[i];
          s += zi * zi;
        }
        return std::pow(tosz(s), 0.9);
      };
    }
    case 7: {
      out.x_opt = bbob_legacy::x_opt(n, seed);
      rot = {bbob_legacy::rotation(n, seed), bbob_legacy::rotation(n, seed + 1000000)};
      const Matrix inner = lambda(n, 10.0).asDiagonal() * rot[0];
      Vector w(n);
      for (Index i = 0; i < n; ++i) w[i] = std::pow(100.0, ratio(i, n));
      return [xo = out.x_opt, inner, outer = rot[1], w](const Vector& x) {
        Vector zh = inner * (x - xo);
        const double first = zh[0];
        // Plateaus: round to integers far out, to tenths near the optimum.
        for (Index i = 0; i < zh.size(); ++i)
          zh[i] = std::abs(zh[i]) > 0.5 ? round_half_up(zh[i]) : round_half_up(10.0 * zh[i]) / 10.0;
        const Vector z = outer * zh;
        return 0.1 * std::max(1e-4 * std::abs(first), w.dot(z.array().square().matrix())) + fpen(x);
      };
    }
    case 8: {
      out.x_opt = 0.75 * bbob_legacy::x_opt(n, seed);
      const double scale = std::max(1.0, std::sqrt(dn) / 8.0);
      return [xo = out.x_opt, scale](const Vector& x) {
        return rosenbrock(((scale * (x - xo)).array() + 1.0).matrix());
      };
    }
    case 9:
    case 19: {
      // z = s R x + 1/2; x_opt is where z = 1: x_opt = Rᵀ 1 / (2s).
      const double scale = std::max(1.0, std::sqrt(dn) / 8.0);
      rot = {bbob_legacy::rotation(n, seed)};
      const Matrix m = scale * rot[0];
      out.x_opt = rot[0].transpose() * Vector::Constant(n, 0.5 / scale);
      if (f == 9) return [m](const Vector& x) { return rosenbrock(((m * x).array() + 0.5).matrix()); };
      return [m](const Vector& x) {
        const Vector z = ((m * x).array() + 0.5).matrix();
        double s = 0.0;
        for (Index i = 0; i + 1 < z.size(); ++i) {
          const double t = z[i] * z[i] - z[i + 1], u = 1.0 - z[i];
          const double block = 100.0 * t * t + u * u;
          s += block / 4000.0 - std::cos(block);
        }
        return 10.0 * s / static_cast<double>(z.size() - 1) + 10.0;
      };
    }
    case 10:
    case 11: {
      out.x_opt = bbob_legacy::x_opt(n, seed);
      rot = {bbob_legacy::rotation(n, seed + 1000000)};
      Vector w = Vector::Ones(n);
      if (f == 10)
        for (Index i = 0; i < n; ++i) w[i] = std::pow(1e6, ratio(i, n));
      else
        w[0] = 1e6;
      return [xo = out.x_opt, r = rot[0], w](const Vector& x) {
        return w.dot(tosz(r * (x - xo)).array().square().matrix());
      };
    }
    case 12: {
      // x_opt from seed + 10⁶, as the legacy code has it.
      out.x_opt = bbob_legacy::x_opt(n, seed + 1000000);
      rot = {bbob_legacy::rotation(n, seed + 1000000)};
      return [xo = out.x_opt, r = rot[0]](const Vector& x) {
        const Vector z = r * tasy(r * (x - xo), 0.5);
        return z[0] * z[0] + 1e6 * z.tail(z.size() - 1).squaredNorm();
      };
    }
    case 13: {
      out.x_opt = bbob_legacy::x_opt(n, seed);
      rot = {bbob_legacy::rotation(n, seed + 1000000), bbob_legacy::rotation(n, seed)};
      const Matrix m = scaled_product(rot[0], lambda(n, 10.0), rot[1]);
      return [xo = out.x_opt, m](const Vector& x) {
        const Vector z = m * (x - xo);
        return z[0] * z[0] + 100.0 * z.tail(z.size() - 1).norm();
      };
    }
    case 14: {
      out.x_opt = bbob_legacy::x_opt(n, seed);
      rot = {bbob_legacy::rotation(n, seed + 1000000)};
      return [xo = out.x_opt, r = rot[0]](const Vector& x) {
        const Vector z = r * (x - xo);
        double s = 0.0;
        for (Index i = 0; i < z.size(); ++i) s += std::pow(std::abs(z[i]), 2.0 + 4.0 * ratio(i, z.size()));
        return std::sqrt(s);
      };
    }
    case 15: {
      out.x_opt = bbob_legacy::x_opt(n, seed);
      rot = {bbob_legacy::rotation(n, seed + 1000000), bbob_legacy::rotation(n, seed)};
      const Matrix m = scaled_product(rot[0], lambda(n, 10.0), rot[1]);
      return [xo = out.x_opt, r = rot[0], m](const Vector& x) {
        return rastrigin(m * tasy(tosz(r * (x - xo)), 0.2));
      };
    }
    case 16: {
      out.x_opt = bbob_legacy::x_opt(n, seed);
      rot = {bbob_legacy::rotation(n, seed + 1000000), bbob_legacy::rotation(n, seed)};
      const Matrix m = scaled_product(rot[0], lambda(n, 1.0 / 100.0), rot[1]);
      return [xo = out.x_opt, r = rot[0], m](const Vector& x) {
        const Vector z = m * tosz(r * (x - xo));
        // Σ_k 2^−k cos(2π 3^k (z + 1/2)), k = 0..11; f0 is its value at z = 0.
        auto series = [](double t) {
          double s = 0.0, a = 1.0, b = 1.0;
          for (int k = 0; k < 12; ++k, a *= 0.5, b *= 3.0) s += a * std::cos(2.0 * kPi * b * (t + 0.5));
          return s;
        };
        const double f0 = series(0.0);
        double s = 0.0;
        for (Index i = 0; i < z.size(); ++i) s += series(z[i]) - f0;
        const double d = s / static_cast<double>(z.size());
        return 10.0 * d * d * d + 10.0 / static_cast<double>(z.size()) * fpen(x);
      };
    }
    case 17:
    case 18: {
      const long s18 = f == 18 ? 17 + 10000L * instance : seed;
      out.x_opt = bbob_legacy::x_opt(n, s18);
      rot = {bbob_legacy::rotation(n, s18 + 1000000), bbob_legacy::rotation(n, s18)};
      const Matrix outer = lambda(n, f == 17 ? 10.0 : 1000.0).asDiagonal() * rot[1];
      return [xo = out.x_opt, r = rot[0], outer](const Vector& x) {
        const Vector z = outer * tasy(r * (x - xo), 0.5);
        double s = 0.0;
        for (Index i = 0; i + 1 < z.size(); ++i) {
          const double si = std::sqrt(z[i] * z[i] + z[i + 1] * z[i + 1]);
          const double sn = std::sin(50.0 * std::pow(si, 0.2));
          s += std::sqrt(si) * (1.0 + sn * sn);
        }
        const double m = s / static_cast<double>(z.size() - 1);
        return m * m + 10.0 * fpen(x);
      };
    }
    case 20: {
      // x_opt = ±4.2096874633/2 with the signs of uniform(n, seed) − 1/2.
      const std::vector<double> u = bbob_legacy::uniform(static_cast<long>(n), seed);
      out.x_opt = Vector(n);
      for (Index i = 0; i < n; ++i)
        out.x_opt[i] = (u[static_cast<std::size_t>(i)] < 0.5 ? -0.5 : 0.5) * 4.2096874633;
      return [xo = out.x_opt, lam = lambda(n, 10.0)](const Vector& x) {
        const Index m = x.size();
        const Vector two_abs = 2.0 * xo.cwiseAbs();
        Vector xh(m);
        for (Index i = 0; i < m; ++i) xh[i] = xo[i] < 0 ? -2.0 * x[i] : 2.0 * x[i];
        Vector z(m);
        z[0] = xh[0];
        for (Index i = 1; i < m; ++i) z[i] = xh[i] + 0.25 * (xh[i - 1] - two_abs[i - 1]);
        z = 100.0 * (lam.cwiseProduct(z - two_abs) + two_abs);
        double s = 0.0;
        for (Index i = 0; i < m; ++i) s += z[i] * std::sin(std::sqrt(std::abs(z[i])));
        return 0.01 * (418.9828872724339 - s / static_cast<double>(m)) + 100.0 * fpen(z / 100.0);
      };
    }
    case 21:
    case 22: {
      // Gallagher: peaks y_k with weights w_k, each with its own permuted scaling C_k; peak 0 is
      // the global one (weight 10) at x_opt.
      const int peaks = f == 21 ? 101 : 21;
      const double span = f == 21 ? 10.0 : 9.8, max_condition = 1000.0;
      rot = {bbob_legacy::rotation(n, seed)};
      auto argsort = [](const std::vector<double>& v) {
        std::vector<Index> idx(v.size());
        std::iota(idx.begin(), idx.end(), Index{0});
        std::stable_sort(idx.begin(), idx.end(), [&](Index a, Index b) {
          return v[static_cast<std::size_t>(a)] < v[static_cast<std::size_t>(b)];
        });
        return idx;
      };
      const auto order = argsort(bbob_legacy::uniform(peaks - 1, seed));
      std::vector<double> condition(static_cast<std::size_t>(peaks)), weight(static_cast<std::size_t>(peaks));
      // √α of each peak: α_0 = 1000 (f21) or 1000² (f22); the others 1000^(2j/(peaks−2)), permuted.
      condition[0] = f == 21 ? std::sqrt(max_condition) : max_condition;
      weight[0] = 10.0;
      for (int k = 1; k < peaks; ++k) {
        condition[static_cast<std::size_t>(k)] =
            std::pow(max_condition, static_cast<double>(order[static_cast<std::size_t>(k - 1)]) /
                                        static_cast<double>(peaks - 2));
        weight[static_cast<std::size_t>(k)] =
            static_cast<double>(k - 1) / static_cast<double>(peaks - 2) * 8.0 + 1.1;
      }
      Matrix scales(n, peaks);  // column k: the diagonal of C_k
      for (int k = 0; k < peaks; ++k) {
        const auto perm = argsort(bbob_legacy::uniform(static_cast<long>(n), seed + 1000L * k));
        for (Index j = 0; j < n; ++j)
          scales(j, k) = std::pow(
              condition[static_cast<std::size_t>(k)],
              static_cast<double>(perm[static_cast<std::size_t>(j)]) / static_cast<double>(n - 1) - 0.5);
      }
      const std::vector<double> u = bbob_legacy::uniform(static_cast<long>(n) * peaks, seed);
      Matrix centres(n, peaks);  // R y_k, in the rotated coordinates
      out.x_opt = Vector(n);
      for (Index i = 0; i < n; ++i) out.x_opt[i] = 0.8 * (span * u[static_cast<std::size_t>(i)] - span / 2.0);
      centres.col(0) = rot[0] * out.x_opt;
      for (int k = 1; k < peaks; ++k) {
        Vector y(n);
        for (Index i = 0; i < n; ++i)
          y[i] = span * u[static_cast<std::size_t>(static_cast<Index>(k) * n + i)] - span / 2.0;
        centres.col(k) = rot[0] * y;
      }
      return [r = rot[0], centres, scales, weight](const Vector& x) {
        const Vector y = r * x;
        const double factor = -0.5 / static_cast<double>(y.size());
        double best = 0.0;
        for (Index k = 0; k < centres.cols(); ++k) {
          const double q = scales.col(k).dot((y - centres.col(k)).array().square().matrix());
          best = std::max(best, weight[static_cast<std::size_t>(k)] * std::exp(factor * q));
        }
        const double t = tosz(10.0 - best);
        return t * t + fpen(x);
      };
    }
    case 23: {
      out.x_opt = bbob_legacy::x_opt(n, seed);
      rot = {bbob_legacy::rotation(n, seed + 1000000), bbob_legacy::rotation(n, seed)};
      const Matrix m = scaled_product(rot[0], lambda(n, 100.0), rot[1]);
      return [xo = out.x_opt, m](const Vector& x) {
        const Vector z = m * (x - xo);
        const double d = static_cast<double>(z.size());
        double product = 1.0;
        for (Index i = 0; i < z.size(); ++i) {
          double s = 0.0, p = 1.0;
          for (int j = 1; j <= 32; ++j) {
            p *= 2.0;
            const double a = p * z[i];
            s += std::abs(a - round_half_up(a)) / p;
          }
          product *= 1.0 + static_cast<double>(i + 1) * s;
        }
        return 10.0 / (d * d) * (std::pow(product, 10.0 / std::pow(d, 1.2)) - 1.0) + fpen(x);
      };
    }
    case 24: {
      // x_opt = μ0/2 with the signs of gauss(n, seed); x̂ = 2 sign(x_opt) x puts the μ0 funnel at x_opt.
      static constexpr double mu0 = 2.5;
      const std::vector<double> g = bbob_legacy::gauss(static_cast<long>(n), seed);
      out.x_opt = Vector(n);
      for (Index i = 0; i < n; ++i)
        out.x_opt[i] = g[static_cast<std::size_t>(i)] < 0 ? -0.5 * mu0 : 0.5 * mu0;
      rot = {bbob_legacy::rotation(n, seed + 1000000), bbob_legacy::rotation(n, seed)};
      const Matrix m = scaled_product(rot[0], lambda(n, 100.0), rot[1]);
      const double s = 1.0 - 0.5 / (std::sqrt(dn + 20.0) - 4.1);
      const double mu1 = -std::sqrt((mu0 * mu0 - 1.0) / s);
      return [xo = out.x_opt, m, s, mu1](const Vector& x) {
        const Index k = x.size();
        Vector xh(k);
        for (Index i = 0; i < k; ++i) xh[i] = xo[i] < 0 ? -2.0 * x[i] : 2.0 * x[i];
        const double near = (xh.array() - mu0).square().sum();
        const double far = static_cast<double>(k) + s * (xh.array() - mu1).square().sum();
        const Vector z = m * (xh.array() - mu0).matrix();
        double c = 0.0;
        for (Index i = 0; i < k; ++i) c += std::cos(2.0 * kPi * z[i]);
        return std::min(near, far) + 10.0 * (static_cast<double>(k) - c) + 1e4 * fpen(x);
      };
    }
    default:
      break;
  }
  throw InvalidArgument(fmt::format("bbob: function = {} must be in 1..24", f));
}

}  // namespace

GlobalProblem BbobFunction::global_problem() const {
  GlobalProblem p;
  p.name = name;
  p.description = description;
  p.reference = "Hansen, Finck, Ros, Auger, INRIA RR-6829 (2009); instances of COCO's legacy code";
  p.box = box;
  p.f_min = f_opt;
  p.x_min = x_opt;
  p.function = value;
  return p;
}

std::vector<std::string> list_bbob_functions() {
  return {kNames.begin(), kNames.end()};
}

BbobFunction make_bbob(int function, Index dimension, int instance) {
  if (function < 1 || function > 24)
    throw InvalidArgument(fmt::format("bbob: function = {} must be in 1..24", function));
  if (dimension < 2)
    throw InvalidArgument(
        fmt::format("bbob: dimension = {} must be >= 2 (the conditioning divides by n - 1)", dimension));
  // The seeds (f + 10000 i + 10⁶ + 1000 · 100 peaks) stay inside the legacy code's 32-bit ints.
  if (instance < 1 || instance > 100000)
    throw InvalidArgument(fmt::format("bbob: instance = {} must be in 1..100000", instance));
  BbobFunction b;
  b.function = function;
  b.instance = instance;
  b.name = fmt::format("f{}-{}", function, kNames[static_cast<std::size_t>(function - 1)]);
  b.description = fmt::format("BBOB f{} {}, n = {}, instance {}", function,
                              kDescriptions[static_cast<std::size_t>(function - 1)], dimension, instance);
  b.box = {.lower = Vector::Constant(dimension, -5.0), .upper = Vector::Constant(dimension, 5.0)};
  b.f_opt = bbob_legacy::f_opt(function, instance);
  Core core = make_core(function, dimension, instance, b);
  b.value = [core = std::move(core), f_opt = b.f_opt, dimension, name = b.name](const Vector& x) {
    if (x.size() != dimension)
      throw InvalidArgument(
          fmt::format("{}: x has {} entries, the function is {}-dimensional", name, x.size(), dimension));
    return core(x) + f_opt;
  };
  return b;
}

}  // namespace minima
