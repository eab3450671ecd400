// The Moré–Wild benchmark set (see the header). Residuals as in their dfovec, written from the
// Moré–Garbow–Hillstrom definitions; starts as in their dfoxs.
#include "minima/problems/more_wild.hpp"

#include <cmath>
#include <numbers>
#include <utility>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "minima/numerics/finite_difference.hpp"

namespace minima {
namespace {

using std::numbers::pi;

Vector residuals(int nprob, Index n, Index m, const Vector& x) {
  if (x.size() != n)
    throw InvalidArgument(fmt::format("More-Wild problem: x has {} entries, expected {}", x.size(), n));
  Vector r = Vector::Zero(m);
  switch (nprob) {
    case 1: {  // linear, full rank
      const double t = 2.0 * x.sum() / static_cast<double>(m) + 1.0;
      for (Index i = 0; i < m; ++i) r[i] = (i < n ? x[i] : 0.0) - t;
      break;
    }
    case 2: {  // linear, rank 1
      double s = 0.0;
      for (Index j = 0; j < n; ++j) s += static_cast<double>(j + 1) * x[j];
      for (Index i = 0; i < m; ++i) r[i] = static_cast<double>(i + 1) * s - 1.0;
      break;
    }
    case 3: {  // linear, rank 1 with zero columns and rows
      double s = 0.0;
      for (Index j = 1; j < n - 1; ++j) s += static_cast<double>(j + 1) * x[j];
      for (Index i = 0; i < m - 1; ++i) r[i] = static_cast<double>(i) * s - 1.0;
      r[m - 1] = -1.0;
      break;
    }
    case 4:  // Rosenbrock
      r[0] = 10.0 * (x[1] - x[0] * x[0]);
      r[1] = 1.0 - x[0];
      break;
    case 5: {  // helical valley
      double th = 0.25;
      if (x[0] > 0) th = std::atan(x[1] / x[0]) / (2.0 * pi);
      if (x[0] < 0) th = std::atan(x[1] / x[0]) / (2.0 * pi) + 0.5;
      r[0] = 10.0 * (x[2] - 10.0 * th);
      r[1] = 10.0 * (std::hypot(x[0], x[1]) - 1.0);
      r[2] = x[2];
      break;
    }
    case 6:  // Powell singular
      r[0] = x[0] + 10.0 * x[1];
      r[1] = std::sqrt(5.0) * (x[2] - x[3]);
      r[2] = std::pow(x[1] - 2.0 * x[2], 2);
      r[3] = std::sqrt(10.0) * std::pow(x[0] - x[3], 2);
      break;
    case 7:  // Freudenstein and Roth
      r[0] = -13.0 + x[0] + ((5.0 - x[1]) * x[1] - 2.0) * x[1];
      r[1] = -29.0 + x[0] + ((1.0 + x[1]) * x[1] - 14.0) * x[1];
      break;
    case 8: {  // Bard
      const double y[15] = {0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39,
                            0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39};
      for (int i = 1; i <= 15; ++i) {
        const double u = i, v = 16 - i, w = i > 8 ? v : u;
        r[i - 1] = y[i - 1] - (x[0] + u / (x[1] * v + x[2] * w));
      }
      break;
    }
    case 9: {  // Kowalik and Osborne
      const double y[11] = {0.1957, 0.1947, 0.1735, 0.16,   0.0844, 0.0627,
                            0.0456, 0.0342, 0.0323, 0.0235, 0.0246};
      const double v[11] = {4.0, 2.0, 1.0, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625};
      for (int i = 0; i < 11; ++i) r[i] = y[i] - x[0] * v[i] * (v[i] + x[1]) / (v[i] * (v[i] + x[2]) + x[3]);
      break;
    }
    case 10: {  // Meyer
      const double y[16] = {34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744,
                            8261,  7030,  6005,  5147,  4427,  3820,  3307,  2872};
      for (int i = 1; i <= 16; ++i) r[i - 1] = x[0] * std::exp(x[1] / (5.0 * i + 45.0 + x[2])) - y[i - 1];
      break;
    }
    case 11: {  // Watson
      for (int i = 1; i <= 29; ++i) {
        const double t = i / 29.0;
        double s1 = 0.0, s2 = 0.0, dx = 1.0;
        for (Index j = 1; j < n; ++j) {
          s1 += static_cast<double>(j) * dx * x[j];
          dx *= t;
        }
        dx = 1.0;
        for (Index j = 0; j < n; ++j) {
          s2 += dx * x[j];
          dx *= t;
        }
        r[i - 1] = s1 - s2 * s2 - 1.0;
      }
      r[29] = x[0];
      r[30] = x[1] - x[0] * x[0] - 1.0;
      break;
    }
    case 12:  // Box 3-dimensional
      for (Index i = 1; i <= m; ++i) {
        const double t = static_cast<double>(i) / 10.0;
        r[i - 1] = std::exp(-t * x[0]) - std::exp(-t * x[1]) +
                   (std::exp(-static_cast<double>(i)) - std::exp(-t)) * x[2];
      }
      break;
    case 13:  // Jennrich and Sampson
      for (Index i = 1; i <= m; ++i) {
        const double t = static_cast<double>(i);
        r[i - 1] = 2.0 + 2.0 * t - std::exp(t * x[0]) - std::exp(t * x[1]);
      }
      break;
    case 14:  // Brown and Dennis
      for (Index i = 1; i <= m; ++i) {
        const double t = static_cast<double>(i) / 5.0;
        const double a = x[0] + t * x[1] - std::exp(t), b = x[2] + std::sin(t) * x[3] - std::cos(t);
        r[i - 1] = a * a + b * b;
      }
      break;
    case 15: {  // Chebyquad
      for (Index j = 0; j < n; ++j) {
        double t1 = 1.0, t2 = 2.0 * x[j] - 1.0;
        const double t = 2.0 * t2;
        for (Index i = 0; i < m; ++i) {
          r[i] += t2;
          const double th = t * t2 - t1;
          t1 = t2;
          t2 = th;
        }
      }
      for (Index i = 1; i <= m; ++i) {
        r[i - 1] /= static_cast<double>(n);
        if (i % 2 == 0) r[i - 1] += 1.0 / (static_cast<double>(i * i) - 1.0);
      }
      break;
    }
    case 16: {  // Brown almost-linear
      const double sum = x.sum() - static_cast<double>(n + 1);
      for (Index i = 0; i < n - 1; ++i) r[i] = x[i] + sum;
      r[n - 1] = x.prod() - 1.0;
      break;
    }
    case 17: {  // Osborne 1
      const double y[33] = {0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751,
                            0.718, 0.685, 0.658, 0.628, 0.603, 0.580, 0.558, 0.538, 0.522, 0.506, 0.490,
                            0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406};
      for (int i = 0; i < 33; ++i) {
        const double t = 10.0 * i;
        r[i] = y[i] - (x[0] + x[1] * std::exp(-x[3] * t) + x[2] * std::exp(-x[4] * t));
      }
      break;
    }
    case 18: {  // Osborne 2
      const double y[65] = {1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746,
                            0.679, 0.608, 0.655, 0.616, 0.606, 0.602, 0.626, 0.651, 0.724, 0.649, 0.649,
                            0.694, 0.644, 0.624, 0.661, 0.612, 0.558, 0.533, 0.495, 0.500, 0.423, 0.395,
                            0.375, 0.372, 0.391, 0.396, 0.405, 0.428, 0.429, 0.523, 0.562, 0.607, 0.653,
                            0.672, 0.708, 0.633, 0.668, 0.645, 0.632, 0.591, 0.559, 0.597, 0.625, 0.739,
                            0.710, 0.729, 0.720, 0.636, 0.581, 0.428, 0.292, 0.162, 0.098, 0.054};
      for (int i = 0; i < 65; ++i) {
        const double t = i / 10.0;
        r[i] = y[i] - (x[0] * std::exp(-x[4] * t) + x[1] * std::exp(-x[5] * std::pow(t - x[8], 2)) +
                       x[2] * std::exp(-x[6] * std::pow(t - x[9], 2)) +
                       x[3] * std::exp(-x[7] * std::pow(t - x[10], 2)));
      }
      break;
    }
    case 19:  // BDQRTIC, m = 2(n − 4)
      for (Index i = 0; i < n - 4; ++i) {
        r[i] = -4.0 * x[i] + 3.0;
        r[n - 4 + i] = x[i] * x[i] + 2.0 * x[i + 1] * x[i + 1] + 3.0 * x[i + 2] * x[i + 2] +
                       4.0 * x[i + 3] * x[i + 3] + 5.0 * x[n - 1] * x[n - 1];
      }
      break;
    case 20:  // CUBE
      r[0] = x[0] - 1.0;
      for (Index i = 1; i < n; ++i) r[i] = 10.0 * (x[i] - std::pow(x[i - 1], 3));
      break;
    case 21:  // MANCINO
      for (Index i = 1; i <= n; ++i) {
        double ss = 0.0;
        for (Index j = 1; j <= n; ++j) {
          const double v = std::sqrt(x[i - 1] * x[i - 1] + static_cast<double>(i) / static_cast<double>(j));
          const double l = std::log(v);
          ss += v * (std::pow(std::sin(l), 5) + std::pow(std::cos(l), 5));
        }
        r[i - 1] = 1400.0 * x[i - 1] + std::pow(static_cast<double>(i) - 50.0, 3) + ss;
      }
      break;
    case 22: {  // HEART8
      const double a = x[0], b = x[1], c = x[2], d = x[3], t = x[4], u = x[5], v = x[6], w = x[7];
      r[0] = a + b + 0.69;
      r[1] = c + d + 0.044;
      r[2] = t * a + u * b - v * c - w * d + 1.57;
      r[3] = v * a + w * b + t * c + u * d + 1.31;
      r[4] = a * (t * t - v * v) - 2.0 * c * t * v + b * (u * u - w * w) - 2.0 * d * u * w + 2.65;
      r[5] = c * (t * t - v * v) + 2.0 * a * t * v + d * (u * u - w * w) + 2.0 * b * u * w - 2.0;
      r[6] = a * t * (t * t - 3.0 * v * v) + c * v * (v * v - 3.0 * t * t) + b * u * (u * u - 3.0 * w * w) +
             d * w * (w * w - 3.0 * u * u) + 12.6;
      r[7] = c * t * (t * t - 3.0 * v * v) - a * v * (v * v - 3.0 * t * t) + d * u * (u * u - 3.0 * w * w) -
             b * w * (w * w - 3.0 * u * u) - 9.48;
      break;
    }
    default:
      throw InvalidArgument(fmt::format("More-Wild function {} does not exist (1..22)", nprob));
  }
  return r;
}

Vector standard_start(int nprob, Index n) {
  Vector x = Vector::Zero(n);
  auto set = [&x](std::initializer_list<double> v) {
    Index i = 0;
    for (double value : v) x[i++] = value;
  };
  switch (nprob) {
    case 1:
    case 2:
    case 3:
    case 19:
      x.setOnes();
      break;
    case 4:
      set({-1.2, 1.0});
      break;
    case 5:
      set({-1.0, 0.0, 0.0});
      break;
    case 6:
      set({3.0, -1.0, 0.0, 1.0});
      break;
    case 7:
      set({0.5, -2.0});
      break;
    case 8:
      set({1.0, 1.0, 1.0});
      break;
    case 9:
      set({0.25, 0.39, 0.415, 0.39});
      break;
    case 10:
      set({0.02, 4000.0, 250.0});
      break;
    case 11:
    case 16:
    case 20:
      x.setConstant(0.5);
      break;
    case 12:
      set({0.0, 10.0, 20.0});
      break;
    case 13:
      set({0.3, 0.4});
      break;
    case 14:
      set({25.0, 5.0, -5.0, -1.0});
      break;
    case 15:
      for (Index k = 0; k < n; ++k) x[k] = static_cast<double>(k + 1) / static_cast<double>(n + 1);
      break;
    case 17:
      set({0.5, 1.5, 1.0, 0.01, 0.02});
      break;
    case 18:
      set({1.3, 0.65, 0.65, 0.7, 0.6, 3.0, 5.0, 7.0, 2.0, 4.5, 5.5});
      break;
    case 21:
      for (Index i = 1; i <= n; ++i) {
        double ss = 0.0;
        for (Index j = 1; j <= n; ++j) {
          const double v = std::sqrt(static_cast<double>(i) / static_cast<double>(j));
          const double l = std::log(v);
          ss += v * (std::pow(std::sin(l), 5) + std::pow(std::cos(l), 5));
        }
        x[i - 1] = -8.710996e-4 * (std::pow(static_cast<double>(i) - 50.0, 3) + ss);
      }
      break;
    case 22:
      set({-0.3, -0.39, 0.3, -0.344, -1.2, 2.69, 1.59, -1.5});
      break;
    default:
      break;
  }
  return x;
}

struct Row {
  int nprob;
  Index n, m;
  int s;
};

// Moré & Wild's table (dfo.dat): nprob, n, m, s.
constexpr Row kTable[53] = {
    {1, 9, 45, 0},   {1, 9, 45, 1},   {2, 7, 35, 0},   {2, 7, 35, 1},   {3, 7, 35, 0},   {3, 7, 35, 1},
    {4, 2, 2, 0},    {4, 2, 2, 1},    {5, 3, 3, 0},    {5, 3, 3, 1},    {6, 4, 4, 0},    {6, 4, 4, 1},
    {7, 2, 2, 0},    {7, 2, 2, 1},    {8, 3, 15, 0},   {8, 3, 15, 1},   {9, 4, 11, 0},   {10, 3, 16, 0},
    {11, 6, 31, 0},  {11, 6, 31, 1},  {11, 9, 31, 0},  {11, 9, 31, 1},  {11, 12, 31, 0}, {11, 12, 31, 1},
    {12, 3, 10, 0},  {13, 2, 10, 0},  {14, 4, 20, 0},  {14, 4, 20, 1},  {15, 6, 6, 0},   {15, 7, 7, 0},
    {15, 8, 8, 0},   {15, 9, 9, 0},   {15, 10, 10, 0}, {15, 11, 11, 0}, {16, 10, 10, 0}, {17, 5, 33, 0},
    {18, 11, 65, 0}, {18, 11, 65, 1}, {19, 8, 8, 0},   {19, 10, 12, 0}, {19, 11, 14, 0}, {19, 12, 16, 0},
    {20, 5, 5, 0},   {20, 6, 6, 0},   {20, 8, 8, 0},   {21, 5, 5, 0},   {21, 5, 5, 1},   {21, 8, 8, 0},
    {21, 10, 10, 0}, {21, 12, 12, 0}, {21, 12, 12, 1}, {22, 8, 8, 0},   {22, 8, 8, 1}};

const char* kNames[22] = {"linear-full-rank",
                          "linear-rank-1",
                          "linear-rank-1-zero",
                          "rosenbrock",
                          "helical-valley",
                          "powell-singular",
                          "freudenstein-roth",
                          "bard",
                          "kowalik-osborne",
                          "meyer",
                          "watson",
                          "box-3d",
                          "jennrich-sampson",
                          "brown-dennis",
                          "chebyquad",
                          "brown-almost-linear",
                          "osborne-1",
                          "osborne-2",
                          "bdqrtic",
                          "cube",
                          "mancino",
                          "heart8"};

}  // namespace

std::vector<MoreWildProblem> more_wild_problems() {
  std::vector<MoreWildProblem> out;
  for (int k = 0; k < 53; ++k) {
    const Row row = kTable[k];
    MoreWildProblem p;
    p.number = k + 1;
    p.function = row.nprob;
    p.name = kNames[row.nprob - 1];
    p.n = row.n;
    p.m = row.m;
    p.s = row.s;
    p.x0 = std::pow(10.0, row.s) * standard_start(row.nprob, row.n);
    p.residuals = [row](const Vector& x) { return residuals(row.nprob, row.n, row.m, x); };
    p.objective = finite_difference(
        [row](const Vector& x) { return residuals(row.nprob, row.n, row.m, x).squaredNorm(); }, row.n);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace minima
