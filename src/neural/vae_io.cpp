#include "minima/neural/vae_io.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "minima/core/error.hpp"

namespace minima::neural {

std::string vae_to_json(const Vae& model) {
  nlohmann::ordered_json j;
  j["format"] = "minima-vae";
  j["version"] = 1;
  j["input"] = model.shape().input;
  j["hidden"] = model.shape().hidden;
  j["latent"] = model.shape().latent;
  j["parameters"] = std::vector<double>(model.parameters().begin(), model.parameters().end());
  return j.dump(1);
}

namespace {
constexpr long long kMaxLayerWidth = 1'000'000;
}  // namespace

Vae vae_from_json(const std::string& text, const std::string& source) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw ParseError(fmt::format("{}: not valid JSON (byte {})", source, e.byte));
  } catch (const nlohmann::json::exception& e) {
    // e.g. out_of_range 406, a number beyond double's range such as 1e400 (found by the fuzzer)
    throw ParseError(fmt::format("{}: not valid JSON ({})", source, e.what()));
  }
  auto fail = [&](const std::string& what) { return ParseError(fmt::format("{}: {}", source, what)); };
  VaeShape shape;
  Vector theta;
  try {
    if (!j.is_object() || j.value("format", std::string{}) != "minima-vae")
      throw fail("not a minima VAE model (\"format\": \"minima-vae\" is missing)");
    // Not j.value("version", 0): a version of 1e31 would be cast to int (UB; found by the fuzzer).
    const auto version = j.find("version");
    if (version == j.end() || !version->is_number_integer() || version->get<long long>() != 1)
      throw fail("unsupported model version (this minima reads version 1)");
    for (auto [key, field] : {std::pair{"input", &shape.input}, std::pair{"hidden", &shape.hidden},
                              std::pair{"latent", &shape.latent}}) {
      // The cap keeps parameter_count() far from overflow; real models are far smaller.
      if (!j.contains(key) || !j[key].is_number_integer() || j[key].get<long long>() < 1 ||
          j[key].get<long long>() > kMaxLayerWidth)
        throw fail(fmt::format("\"{}\" must be an integer in [1, {}]", key, kMaxLayerWidth));
      *field = j[key].get<Index>();
    }
    if (!j.contains("parameters") || !j["parameters"].is_array())
      throw fail("\"parameters\" must be an array");
    const auto& p = j["parameters"];
    if (static_cast<Index>(p.size()) != shape.parameter_count())
      throw fail(fmt::format("{} parameters for a network of input {}, hidden {}, latent {} (needs {})",
                             p.size(), shape.input, shape.hidden, shape.latent, shape.parameter_count()));
    theta.resize(shape.parameter_count());
    for (std::size_t k = 0; k < p.size(); ++k) {
      if (!p[k].is_number()) throw fail(fmt::format("parameter {} is not a number", k));
      theta[static_cast<Index>(k)] = p[k].get<double>();
    }
    if (!theta.allFinite()) throw fail("a parameter is not finite");
  } catch (const nlohmann::json::exception& e) {
    // A field of the wrong type ("format": 3): nlohmann's accessors throw type_error (fuzzer).
    throw fail(fmt::format("malformed model ({})", e.what()));
  }
  Vae model(shape);
  model.set_parameters(theta);
  return model;
}

void save_vae(const Vae& model, const std::filesystem::path& file) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file);
  if (!out) throw InvalidArgument(fmt::format("cannot write {}", file.string()));
  out << vae_to_json(model) << "\n";
}

Vae load_vae(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw ParseError(fmt::format("{}: cannot open the file", file.string()));
  std::stringstream text;
  text << in.rdbuf();
  return vae_from_json(text.str(), file.string());
}

}  // namespace minima::neural
