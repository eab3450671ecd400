#include "minima/experiments/experiment.hpp"

namespace minima {

const std::vector<ExperimentInfo>& experiment_registry() {
  static const std::vector<ExperimentInfo> registry = {
      {"numerics", "seed 001: naive vs stable softmax, condition numbers, critical points",
       run_numerics_experiment},
      {"local-methods",
       "seeds 001/003: 1-D trajectories of gradient descent and Newton, linear least squares",
       run_local_methods_experiment},
      {"constrained",
       "seed 001: min 0.5|Ax-b|^2 s.t. x'x <= 1 by dual ascent and by the augmented Lagrangian",
       run_constrained_experiment},
      {"regularization", "seed 004: weight decay on Legendre features, E_in and E_out against lambda",
       run_regularization_experiment},
      {"eda",
       "seed 002: EDA_vbMFA vs MIDEA, MBOA, CMA-ES on Rosenbrock-10 and Fletcher-Powell-10 over population "
       "sizes",
       [](const ExperimentOptions& o) { return run_eda_experiment(o); }},
      {"vae",
       "seed 000: the VAE by ELBO, eq. 7 (seed / dual-ascent alpha) and the Lagrangian; Table 1, Figure 1",
       run_vae_experiment},
  };
  return registry;
}

}  // namespace minima
