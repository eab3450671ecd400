// Known answers: f at the standard start, f at the published (or closed-form) minimizer, and the
// published minimum values of Moré, Garbow & Hillstrom (1981) reached at reference minimizers.
//
// The f(x0) values were computed independently of this code (NumPy, from the paper's formulas);
// the reference minimizers come from tight Levenberg–Marquardt solves (SciPy) and reproduce every
// published digit of f*. Together they catch a wrong data table, start or residual.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "minima/problems/test_problem.hpp"

namespace minima {
namespace {

Vector vec(std::vector<double> v) {
  return Eigen::Map<Vector>(v.data(), static_cast<Index>(v.size()));
}

struct StartValue {
  const char* name;
  Index n;
  double f0;
};

TEST(KnownValues, ValueAtStandardStart) {
  const StartValue table[] = {
      {"rosenbrock", 2, 24.2},
      {"freudenstein-roth", 2, 400.5},
      {"powell-badly-scaled", 2, 1.1352617173483783},
      {"brown-badly-scaled", 2, 999998000002.999996},
      {"beale", 2, 14.203125},
      {"jennrich-sampson", 2, 4171.306161960493},
      {"helical-valley", 3, 2500.0},
      {"bard", 3, 41.68169586167801},
      {"gaussian", 3, 3.888106991166885e-06},
      {"meyer", 3, 1693607809.4361455},
      {"gulf-research", 3, 12.11070582556949},
      {"box-3d", 3, 1031.1538106093983},
      {"powell-singular", 4, 215.0},
      {"wood", 4, 19192.0},
      {"kowalik-osborne", 4, 0.00531317227210854},
      {"brown-dennis", 4, 7926693.336997433},
      {"osborne-1", 5, 0.8790262935446402},
      {"biggs-exp6", 6, 0.7790700756559702},
      {"osborne-2", 11, 2.0934195142120644},
      {"watson", 6, 30.0},
      {"watson", 9, 30.0},
      {"watson", 12, 30.0},
      {"extended-powell-singular", 12, 645.0},
      {"penalty-1", 4, 885.06264},
      {"penalty-1", 10, 148032.56535},
      {"penalty-2", 4, 2.340008805463025},
      {"penalty-2", 10, 162.65277656596712},
      {"variably-dimensioned", 10, 2198551.1625},
      {"trigonometric", 10, 0.0070757594662228356},
      {"brown-almost-linear", 10, 273.2480478286743},
      {"discrete-boundary-value", 10, 0.000788519101264823},
      {"discrete-integral-equation", 10, 0.06341684157945267},
      {"broyden-tridiagonal", 10, 21.0},
      {"broyden-banded", 10, 360.0},
      {"chebyquad", 7, 0.033770638463718826},
      {"chebyquad", 8, 0.03861769828593029},
      {"chebyquad", 9, 0.02888298028822599},
      {"chebyquad", 10, 0.03376326546288006},
  };
  for (const auto& [name, n, f0] : table) {
    const TestProblem p = make_problem(name, n);
    EXPECT_NEAR(p.objective(p.x0), f0, 1e-12 * std::abs(f0)) << name << " n=" << n;
  }
}

TEST(KnownValues, MinimumAtKnownMinimizer) {
  int checked = 0;
  for (const ProblemInfo& info : list_problems()) {
    std::vector<Index> dims = info.dimensions;
    if (info.any_dimension)
      dims = {info.default_dimension, std::max(info.min_dimension, info.dimension_multiple)};
    for (Index n : dims) {
      const TestProblem p = make_problem(info.name, n);
      if (!p.x_min) continue;
      ++checked;
      Vector g(n);
      const double f = p.objective(*p.x_min, &g);
      // NIST certified minimizers and values carry 11 digits; the closed-form ones are exact.
      EXPECT_NEAR(f, p.f_min, 1e-9 * std::abs(p.f_min) + 1e-20) << info.name << " n=" << n;
      if (p.f_min == 0.0) {
        EXPECT_LE(g.lpNorm<Eigen::Infinity>(), 1e-8) << info.name << " n=" << n;
      }
    }
  }
  EXPECT_GE(checked, 25);
}

struct ReferenceMinimum {
  const char* name;
  Index n;
  double published;  // the digits MGH (1981) print
  double rel_tol;    // how closely f(x_ref) reproduces f_min
  std::vector<double> x_ref;
};

TEST(KnownValues, PublishedMinimaReachedAtReferencePoints) {
  const ReferenceMinimum table[] = {
      {"jennrich-sampson", 2, 124.362, 1e-10, {0.257825216714461, 0.257825210583145}},
      {"bard", 3, 8.21487e-3, 1e-10, {0.08241056097642, 1.133036117706969, 2.343695154722582}},
      {"gaussian",
       3,
       1.12793e-8,
       1e-9,
       {3.989561378386299e-01, 1.000019084486469e+00, -6.486208704945125e-13}},
      {"brown-dennis",
       4,
       85822.2,
       1e-11,
       {-11.594439858071707, 13.203630026577692, -0.403439338254541, 0.236779093654529}},
      {"osborne-2",
       11,
       4.01377e-2,
       1e-10,
       {1.30997715665624, 0.431553799271031, 0.633661700561627, 0.599430537590469, 0.754183238448388,
        0.90428854565916, 1.365811848721229, 4.823698815371435, 2.398684863991541, 4.568874599176803,
        5.675341470369715}},
      {"watson",
       6,
       2.28767e-3,
       1e-10,
       {-0.015725085167658, 1.012434868477383, -0.232991624334754, 1.260430099441267, -1.513728945925221,
        0.992996446097972}},
      {"watson",
       9,
       1.39976e-6,
       1e-9,
       {-1.530698836283796e-05, 9.997897036208371e-01, 1.476397381050240e-02, 1.463422402331176e-01,
        1.000821454859056e+00, -2.617731883480544e+00, 4.104404023368757e+00, -3.143612792650655e+00,
        1.052626532719506e+00}},
      // Watson n = 12 is so ill-conditioned that only the published digits are certain.
      {"watson",
       12,
       4.72238e-10,
       1e-5,
       {-6.642857831095826e-09, 1.000001645070721e+00, -5.640513385980156e-04, 3.478224711205382e-01,
        -1.567443610885595e-01, 1.052858476095042e+00, -3.247346698701140e+00, 7.288487109484394e+00,
        -1.027181433533339e+01, 9.074024679922083e+00, -4.541314546864404e+00, 1.011997109143491e+00}},
      {"penalty-1",
       4,
       2.24997e-5,
       1e-9,
       {0.250007501923928, 0.250007497508195, 0.250007497144081, 0.250007501772821}},
      {"penalty-1",
       10,
       7.08765e-5,
       1e-9,
       {0.158122305558574, 0.158122294033863, 0.158122303613592, 0.158122305007616, 0.158122303641128,
        0.158122294523185, 0.158122299083184, 0.15812230482185, 0.158122298263684, 0.158122302976849}},
      {"penalty-2",
       4,
       9.37629e-6,
       1e-9,
       {0.199999333350699, 0.191316722654572, 0.480101510994771, 0.518845332935302}},
      {"penalty-2",
       10,
       2.93660e-4,
       1e-9,
       {0.199983605191949, 0.010350630488735, 0.019604909755511, 0.032089100296623, 0.049932642647739,
        0.076513970720648, 0.118623936511016, 0.192144786657003, 0.347320308279254, 0.36916525602812}},
      {"chebyquad",
       8,
       3.51687e-3,
       1e-9,
       {0.043152763333132, 0.19309084461697, 0.266328708962303, 0.500000000916109, 0.500000005520106,
        0.733671296064617, 0.806909163613925, 0.95684724349621}},
      {"chebyquad",
       10,
       6.50395e-3,
       1e-9,
       {0.059619903597304, 0.166708285285879, 0.239170664853885, 0.398884297439975, 0.398884294648462,
        0.601115711532602, 0.601115714949059, 0.760829350370022, 0.83329172673455, 0.940380106267039}},
      {"chebyquad",
       7,
       0.0,
       0.0,
       {0.058069149620976, 0.235171612357422, 0.338044094740046, 0.5, 0.661955905259954, 0.764828387642578,
        0.941930850379024}},
      {"chebyquad",
       9,
       0.0,
       0.0,
       {0.044205346135783, 0.199490672309881, 0.23561910847106, 0.416046907892598, 0.5, 0.583953092107402,
        0.76438089152894, 0.800509327690119, 0.955794653864217}},
  };
  for (const auto& ref : table) {
    const TestProblem p = make_problem(ref.name, ref.n);
    const double f = p.objective(vec(ref.x_ref));
    const std::string label = std::string(ref.name) + " n=" + std::to_string(ref.n);
    if (ref.published == 0.0) {
      EXPECT_EQ(p.f_min, 0.0) << label;
      EXPECT_LE(f, 1e-24) << label;  // the reference point carries 15 digits
      continue;
    }
    // The stored f* agrees with every published digit (MGH truncate: 8.21487... means [8.21487, 8.21488)).
    EXPECT_GE(p.f_min, ref.published * (1.0 - 1e-12)) << label;
    EXPECT_LT(p.f_min, ref.published * (1.0 + 1e-5)) << label;
    EXPECT_NEAR(f, p.f_min, ref.rel_tol * p.f_min) << label;
    EXPECT_GE(f, p.f_min * (1.0 - ref.rel_tol)) << label << ": below the stored minimum";
  }
}

TEST(KnownValues, LocalMinimaNamedInDescriptions) {
  // Freudenstein–Roth: local minimum 48.9842... at (11.41..., −0.8968...).
  const TestProblem fr = make_problem("freudenstein-roth");
  Vector g(2);
  const double f = fr.objective(vec({11.412778986902094, -0.8968052532744765}), &g);
  EXPECT_NEAR(f, 48.98425367924002, 1e-10);
  EXPECT_LE(g.norm(), 1e-10);
  EXPECT_NE(fr.description.find("48.9842"), std::string::npos);

  // Himmelblau's four minima all have f = 0.
  const TestProblem h = make_problem("himmelblau");
  for (const Vector& x :
       {vec({3.0, 2.0}), vec({-2.805118086952745, 3.131312518250573}),
        vec({-3.779310253377747, -3.283185991286170}), vec({3.584428340330492, -1.848126526964404})})
    EXPECT_LE(h.objective(x), 1e-24) << x.transpose();

  // Six-hump camel: two symmetric global minima.
  const TestProblem c = make_problem("six-hump-camel");
  EXPECT_NEAR(c.objective(*c.x_min), -1.0316284534898774, 1e-15);
  EXPECT_NEAR(c.objective(-*c.x_min), -1.0316284534898774, 1e-15);
}

TEST(KnownValues, QuadraticConditionNumber) {
  const TestProblem q = make_problem("quadratic", 10);
  Matrix h(10, 10);
  q.objective.hessian(q.x0, h);
  // Diagonal with eigenvalues from 1 to 10³.
  EXPECT_EQ((h - Matrix(h.diagonal().asDiagonal())).norm(), 0.0);
  EXPECT_NEAR(h.diagonal().minCoeff(), 1.0, 1e-15);
  EXPECT_NEAR(h.diagonal().maxCoeff(), 1e3, 1e-12);
  EXPECT_NEAR(q.objective(q.x0), 0.5 * h.trace(), 1e-12);  // x0 = (1, ..., 1)
}

}  // namespace
}  // namespace minima
