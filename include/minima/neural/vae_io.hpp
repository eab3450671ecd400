// Saving and loading a trained VAE as JSON:
//   {"format": "minima-vae", "version": 1, "input": 3, "hidden": 32, "latent": 2,
//    "parameters": [...]}   (the parameter order of vae.hpp)
#pragma once

#include <filesystem>
#include <string>

#include "minima/neural/vae.hpp"

namespace minima::neural {

std::string vae_to_json(const Vae& model);
/// ParseError (naming `source`) for malformed JSON, a wrong format tag, a bad shape or a parameter
/// count that does not match the shape.
Vae vae_from_json(const std::string& text, const std::string& source = "<json>");

void save_vae(const Vae& model, const std::filesystem::path& file);
Vae load_vae(const std::filesystem::path& file);

}  // namespace minima::neural
