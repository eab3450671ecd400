// The MPI evaluator's costs (bench/mpi_scaling.py drives it; issue 16):
//   mpi_scaling busy MS EVALS POPULATION
//       gaussian-eda on f(x) = Σ x_i² in 2-D, batches of POPULATION points, EVALS evaluations, each
//       spinning MS milliseconds (an in-process simulation that computes).
//   mpi_scaling free BATCHES POPULATION
//       the evaluator alone: BATCHES batches of POPULATION fixed points through a BatchEvaluator, with
//       f(x) = Σ x_i² (nanoseconds): what remains is the evaluator's own cost per evaluation.
// Under mpirun the batches go over the ranks (distributed/mpi_evaluator.hpp); without mpirun the
// plain one-process evaluator runs. Rank 0 prints one JSON line: ranks (0 = no MPI), evaluations,
// seconds, f.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "minima/distributed/mpi_evaluator.hpp"
#include "minima/evolution/gaussian_eda.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

struct Measured {
  long evaluations = 0;
  double seconds = 0.0;
  double f = 0.0;
};

template <class Solve>
std::optional<Measured> timed(const minima::BatchObjective& f, std::optional<minima::MpiSession>& session,
                              Solve solve) {
  const auto start = Clock::now();
  std::optional<Measured> out = session ? minima::run_distributed(f, 1, solve) : solve(f);
  if (out) out->seconds = seconds_since(start);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (!((mode == "busy" && argc == 5) || (mode == "free" && argc == 4))) {
    std::fprintf(stderr,
                 "usage: mpi_scaling busy MS EVALS POPULATION\n"
                 "       mpi_scaling free BATCHES POPULATION\n");
    return 2;
  }
  std::optional<minima::MpiSession> session;
  if (minima::launched_by_mpirun()) session.emplace();
  std::optional<Measured> m;
  if (mode == "busy") {
    const auto spin = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double, std::milli>(std::atof(argv[2])));
    const minima::BatchObjective f = minima::BatchObjective::from_function(
        [spin](const minima::Vector& x) {
          const auto until = Clock::now() + spin;
          while (Clock::now() < until) {
          }
          return x.squaredNorm();
        },
        2);
    const minima::Bounds box{minima::Vector::Constant(2, -1.0), minima::Vector::Constant(2, 1.0)};
    const minima::GaussianEda method{.population = std::atol(argv[4])};
    const minima::BlackBoxSettings settings{.max_evaluations = std::atol(argv[3]), .seed = 1};
    m = timed(f, session, [&](const minima::BatchObjective& g) {
      const minima::Result r = minima::gaussian_eda(g, box, method, settings);
      return Measured{r.evaluations.function, 0.0, r.f};
    });
  } else {
    const long batches = std::atol(argv[2]);
    const minima::Index population = std::atol(argv[3]);
    const minima::BatchObjective f =
        minima::BatchObjective::from_function([](const minima::Vector& x) { return x.squaredNorm(); }, 2);
    const minima::Matrix X = minima::Matrix::Random(2, population);
    m = timed(f, session, [&](const minima::BatchObjective& g) {
      minima::BatchEvaluator evaluator(g);
      minima::Vector values;
      for (long b = 0; b < batches; ++b) evaluator.evaluate(X, values);
      return Measured{evaluator.evaluations(), 0.0, evaluator.best_f()};
    });
  }
  if (m)
    std::printf("{\"kind\": \"%s\", \"ranks\": %d, \"evaluations\": %ld, \"seconds\": %.6f, \"f\": %.17g}\n",
                mode.c_str(), session ? session->size() : 0, m->evaluations, m->seconds, m->f);
  return 0;
}
