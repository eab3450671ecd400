// The seeds' experiments (`minima reproduce NAME`): each runs methods on problems and returns its
// tables, plots and checks as data; report/ renders them (text, Markdown, CSV, PNG).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "minima/report/experiment_output.hpp"

namespace minima {

struct ExperimentOptions {
  bool quick = false;      ///< a smaller, faster version for tests and CI
  unsigned long seed = 1;  ///< for the stochastic experiments
  /// Threads for the independent runs of an experiment that has many (eda); 0: all cores. The
  /// results do not depend on it (each run has its own seed); measured times may.
  int threads = 1;
  /// Called after each unit of work (a run) with done, total and what it was, for a progress bar;
  /// may be called from several threads at once.
  std::function<void(long done, long total, const std::string& what)> progress{};
};

struct ExperimentInfo {
  std::string name;         ///< e.g. "local-methods"
  std::string description;  ///< one line
  std::function<ExperimentOutput(const ExperimentOptions&)> run;
};

/// Every experiment that exists, in the order `minima reproduce all` runs them.
const std::vector<ExperimentInfo>& experiment_registry();

ExperimentOutput run_local_methods_experiment(const ExperimentOptions& options = {});
ExperimentOutput run_numerics_experiment(const ExperimentOptions& options = {});
/// Seed 001's constrained least squares: dual ascent against the augmented Lagrangian.
ExperimentOutput run_constrained_experiment(const ExperimentOptions& options = {});
/// Seed 004: weight decay with Q = 10 Legendre features, E_in/E_out against λ.
ExperimentOutput run_regularization_experiment(const ExperimentOptions& options = {});
/// The scale of seed 002's experiment: population sizes, runs per size, evaluation budget, methods.
struct EdaExperimentSize {
  std::vector<long> populations{};
  int runs = 20;
  long budget = 1'000'000;
  /// The seed's comparison (eda-vbmfa-seed, midea, mboa) with IPOP-CMA-ES, and beside it the methods
  /// a user would pick today: eda-vbmfa (the seed's model in an EDA that converges), de, multistart.
  std::vector<std::string> methods{"eda-vbmfa-seed", "midea", "mboa",      "cma-es",
                                   "eda-vbmfa",      "de",    "multistart"};
};
/// Full: N = 200 … 6400, 20 runs, 10^6 evaluations (spec evolution §4); quick: N = 200, 400, 800,
/// 3 runs, 10^5 evaluations.
EdaExperimentSize eda_experiment_size(bool quick);
/// Seed 002: EDA_vbMFA against MIDEA, MBOA (and IPOP-CMA-ES, eda-vbmfa, de, multistart) on
/// Rosenbrock-10 and Fletcher–Powell-10: mean best f against N (the seed's Figure 2), Table 1, every
/// run's seed, and a verdict on each of the seed's claims for eda-vbmfa-seed and for eda-vbmfa.
ExperimentOutput run_eda_experiment(const ExperimentOptions& options, const EdaExperimentSize& size);
ExperimentOutput run_eda_experiment(const ExperimentOptions& options = {});
/// Seed 000: the VAE trained on the ELBO, the seed's eq. 7 (two alpha rules) and the Lagrangian.
ExperimentOutput run_vae_experiment(const ExperimentOptions& options = {});
/// `minima demo`: every method on Rosenbrock (n = 2 and 100) and on the seeds' 1-D examples.
ExperimentOutput run_demo();

}  // namespace minima
