// bench_nist_lsq: minima's Levenberg–Marquardt against Ceres (LM, DENSE_QR, autodiff; the settings of
// Ceres' examples/nist.cc: tolerances = machine epsilon, 10000 iterations, initial radius 1e4) on the
// 54 NIST StRD runs (27 problems × 2 starts). Both use the same model templates
// (src/problems/nist_models.hpp) and read the same data/nist files. Prints one CSV row per solver
// and run: solver,problem,start,min_lre,residual_evaluations,jacobian_evaluations,seconds.
// Each run is repeated `repeats` times (argv[1], default 20) and the median time kept.
#include <ceres/ceres.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "../src/problems/nist_models.hpp"
#include "minima/least_squares/least_squares.hpp"
#include "minima/problems/nist.hpp"

namespace {

using Clock = std::chrono::steady_clock;

template <class Model>
struct CeresModel {
  const minima::NistProblem* p;
  Eigen::VectorXd y;
  template <class T>
  bool operator()(const T* const b, T* residual) const {
    double x[Model::predictors];
    for (Eigen::Index i = 0; i < y.size(); ++i) {
      for (int c = 0; c < Model::predictors; ++c) x[c] = p->x(i, c);
      residual[i] = y[i] - Model::template eval<T>(b, x);
    }
    return true;
  }
};

double min_lre(const minima::NistProblem& p, const double* b) {
  double w = 99;
  for (Eigen::Index j = 0; j < p.parameters(); ++j)
    w = std::min(w, minima::log_relative_error(b[j], p.certified[j].value, p.certified[j].digits));
  return w;
}

template <class Model>
void run_ceres(const minima::NistProblem& p, int start, int repeats) {
  constexpr int n = Model::parameters;
  std::vector<double> times;
  double b[n];
  ceres::Solver::Summary summary;
  for (int rep = 0; rep < repeats; ++rep) {
    for (int j = 0; j < n; ++j) b[j] = p.start(start)[j];
    const auto t0 = Clock::now();
    ceres::Problem problem;
    auto* functor = new CeresModel<Model>{&p, p.name == "Nelson" ? Eigen::VectorXd(p.y.array().log()) : p.y};
    problem.AddResidualBlock(new ceres::AutoDiffCostFunction<CeresModel<Model>, ceres::DYNAMIC, n>(
                                 functor, static_cast<int>(p.observations())),
                             nullptr, b);
    ceres::Solver::Options options;
    options.linear_solver_type = ceres::DENSE_QR;
    options.trust_region_strategy_type = ceres::LEVENBERG_MARQUARDT;
    options.max_num_iterations = 10000;
    options.initial_trust_region_radius = 1e4;
    options.function_tolerance = options.gradient_tolerance = options.parameter_tolerance =
        std::numeric_limits<double>::epsilon();
    options.logging_type = ceres::SILENT;
    ceres::Solve(options, &problem, &summary);
    times.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
  }
  std::sort(times.begin(), times.end());
  std::printf("ceres,%s,%d,%.3f,%d,%d,%.9f\n", p.name.c_str(), start, min_lre(p, b),
              summary.num_residual_evaluations, summary.num_jacobian_evaluations, times[times.size() / 2]);
}

void run_minima(const minima::NistProblem& p, int start, int repeats) {
  std::vector<double> times;
  minima::Result r;
  for (int rep = 0; rep < repeats; ++rep) {
    const auto t0 = Clock::now();
    r = minima::solve_least_squares(p.residuals(), p.start(start), minima::LevenbergMarquardt{},
                                    minima::Stop{.g_abstol = 0.0, .max_iterations = 20000});
    times.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
  }
  std::sort(times.begin(), times.end());
  std::printf("minima,%s,%d,%.3f,%ld,%ld,%.9f\n", p.name.c_str(), start, min_lre(p, r.x.data()),
              r.evaluations.function, r.evaluations.gradient, times[times.size() / 2]);
}

template <class Model>
void run_both(const minima::NistProblem& p, int repeats) {
  for (int start : {1, 2}) {
    run_minima(p, start, repeats);
    run_ceres<Model>(p, start, repeats);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
  namespace m = minima::nist_models;
  std::printf("solver,problem,start,min_lre,residual_evaluations,jacobian_evaluations,seconds\n");
  for (const auto& name : minima::nist_problem_names()) {
    const minima::NistProblem p = minima::load_nist(name);
    // clang-format off
    if (name == "Misra1a") run_both<m::Misra1a>(p, repeats);
    else if (name == "Chwirut1" || name == "Chwirut2") run_both<m::Chwirut>(p, repeats);
    else if (name.starts_with("Lanczos")) run_both<m::Lanczos>(p, repeats);
    else if (name.starts_with("Gauss")) run_both<m::Gauss>(p, repeats);
    else if (name == "DanWood") run_both<m::DanWood>(p, repeats);
    else if (name == "Misra1b") run_both<m::Misra1b>(p, repeats);
    else if (name == "Kirby2") run_both<m::Kirby2>(p, repeats);
    else if (name == "Hahn1") run_both<m::Hahn1>(p, repeats);
    else if (name == "Nelson") run_both<m::Nelson>(p, repeats);
    else if (name == "MGH17") run_both<m::MGH17>(p, repeats);
    else if (name == "Misra1c") run_both<m::Misra1c>(p, repeats);
    else if (name == "Misra1d") run_both<m::Misra1d>(p, repeats);
    else if (name == "Roszman1") run_both<m::Roszman1>(p, repeats);
    else if (name == "ENSO") run_both<m::ENSO>(p, repeats);
    else if (name == "MGH09") run_both<m::MGH09>(p, repeats);
    else if (name == "Thurber") run_both<m::Thurber>(p, repeats);
    else if (name == "BoxBOD") run_both<m::BoxBOD>(p, repeats);
    else if (name == "Rat42") run_both<m::Rat42>(p, repeats);
    else if (name == "MGH10") run_both<m::MGH10>(p, repeats);
    else if (name == "Eckerle4") run_both<m::Eckerle4>(p, repeats);
    else if (name == "Rat43") run_both<m::Rat43>(p, repeats);
    else if (name == "Bennett5") run_both<m::Bennett5>(p, repeats);
    // clang-format on
  }
}
