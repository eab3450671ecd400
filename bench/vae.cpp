// minima's side of bench/vae_torch.py: trains the seed's VAE (spec vae.md §3) on the cosine data
// and prints one JSON object per run: seconds per epoch and the last epoch's terms.
//   bench_vae [--objective elbo|eq7|eq7-dual|lagrangian] [--epochs E] [--points N] [--runs R] [--seed S]
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "minima/neural/train_vae.hpp"

int main(int argc, char** argv) {
  using namespace minima::neural;
  std::string objective = "elbo";
  long epochs = 20, points = 10000, runs = 3;
  unsigned long seed = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--objective")
      objective = value;
    else if (key == "--epochs")
      epochs = std::stol(value);
    else if (key == "--points")
      points = std::stol(value);
    else if (key == "--runs")
      runs = std::stol(value);
    else if (key == "--seed")
      seed = std::stoul(value);
    else {
      std::cerr << "bench_vae: unknown option " << key << "\n";
      return 2;
    }
  }
  VaeObjective o;
  if (objective == "eq7")
    o = {.kind = VaeObjectiveKind::eq7, .alpha_rule = AlphaRule::seed};
  else if (objective == "eq7-dual")
    o = {.kind = VaeObjectiveKind::eq7, .alpha_rule = AlphaRule::dual_ascent};
  else if (objective == "lagrangian")
    o = {.kind = VaeObjectiveKind::lagrangian};
  else if (objective != "elbo") {
    std::cerr << "bench_vae: unknown objective " << objective << "\n";
    return 2;
  }
  const minima::Matrix data = cosine_data(points, seed);
  for (long r = 0; r < runs; ++r) {
    const VaeFit fit = train_vae(
        data, VaeShape{}, o,
        VaeTraining{
            .epochs = epochs, .batch_size = 100, .seed = seed * 1000 + static_cast<unsigned long>(r)});
    const VaeEpoch& e = fit.history.back();
    nlohmann::json j;
    j["run"] = r;
    j["seconds_per_epoch"] = fit.result.seconds / static_cast<double>(fit.history.size());
    j["reconstruction"] = e.reconstruction;
    j["kl"] = e.kl;
    j["alpha"] = std::isnan(e.alpha) ? 0.0 : e.alpha;
    std::cout << j.dump() << std::endl;
  }
  return 0;
}
