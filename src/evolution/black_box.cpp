// The registry of population methods by name (black_box.hpp).
#include "minima/evolution/black_box.hpp"

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "minima/evolution/cma_es.hpp"
#include "minima/evolution/differential_evolution.hpp"
#include "minima/evolution/eda_vbmfa.hpp"
#include "minima/evolution/eda_vbmfa_seed.hpp"
#include "minima/evolution/gaussian_eda.hpp"
#include "minima/evolution/mboa.hpp"
#include "minima/evolution/midea.hpp"
#include "minima/evolution/multistart.hpp"

namespace minima {
namespace {

template <class Settings>
std::unique_ptr<PopulationMethod> with_population(Settings settings, std::optional<Index> population) {
  if (population) settings.population = *population;
  return make_population_method(settings);
}

}  // namespace

const std::vector<BlackBoxMethodInfo>& list_black_box_methods() {
  // One entry per method, in the order `minima methods` lists them.
  static const std::vector<BlackBoxMethodInfo> methods = {
      {"eda-vbmfa",
       "EDA on the seed's VB-MFA model: truncation selection, AMaLGaM variance scaling and mean shift per "
       "analyser, lbfgsb memetic step, restarts",
       [](std::optional<Index> n) { return with_population(EdaVbMfa{}, n); }},
      {"eda-vbmfa-seed",
       "EDA_vbMFA exactly as the seed: VB-MFA, tournament selection, draws near parents, RTR, Cho & Zhang "
       "(seed 002)",
       [](std::optional<Index> n) { return with_population(EdaVbMfaSeed{}, n); }},
      {"midea", "MIDEA: leader clustering, a Gaussian per cluster, Bosman & Thierens 2001",
       [](std::optional<Index> n) { return with_population(Midea{}, n); }},
      {"mboa", "continuous MBOA: decision trees with Gaussian kernel leaves, RTR, Ocenasek & Schwarz 2002",
       [](std::optional<Index> n) { return with_population(Mboa{}, n); }},
      {"gaussian-eda", "single Gaussian EDA (EMNA_global, elitist), Larranaga & Lozano 2002",
       [](std::optional<Index> n) { return with_population(GaussianEda{}, n); }},
      {"cma-es", "IPOP-CMA-ES: CMA-ES with restarts doubling the population, Auger & Hansen 2005",
       [](std::optional<Index> n) { return with_population(CmaEs{}, n); }},
      {"bipop-cma-es",
       "BIPOP-CMA-ES: IPOP's large runs interlaced with small runs of random size, Hansen 2009",
       [](std::optional<Index> n) { return with_population(CmaEs{.restarts = CmaEsRestarts::bipop}, n); }},
      {"de",
       "L-SHADE differential evolution: success-history F/CR, linear population reduction, Tanabe & Fukunaga "
       "2014",
       [](std::optional<Index> n) { return with_population(DifferentialEvolution{}, n); }},
      {"de-rand1bin",
       "classic differential evolution DE/rand/1/bin (F = 0.5, CR = 0.9, N = 10n), Storn & Price 1997",
       [](std::optional<Index> n) {
         return with_population(DifferentialEvolution{.strategy = DeStrategy::rand1bin}, n);
       }},
      {"multistart",
       "MLSL clustering multistart: Sobol sample, BOBYQA local runs (explore, refine the best), Rinnooy Kan "
       "& "
       "Timmer 1987",
       [](std::optional<Index> n) { return with_population(Multistart{}, n); }},
  };
  return methods;
}

std::unique_ptr<PopulationMethod> make_black_box_method(std::string_view name,
                                                        std::optional<Index> population) {
  std::string known;
  for (const auto& info : list_black_box_methods()) {
    if (info.name == name) return info.make(population);
    if (!known.empty()) known += ", ";
    known += info.name;
  }
  throw InvalidArgument(fmt::format("unknown black-box method '{}' (known: {})", name, known));
}

Result minimize_black_box(const BatchObjective& objective, const Bounds& box, std::string_view name,
                          const BlackBoxSettings& settings, const PopulationObserver& observer,
                          std::optional<Index> population) {
  auto method = make_black_box_method(name, population);
  return run_population(objective, box, *method, settings, observer);
}

}  // namespace minima
