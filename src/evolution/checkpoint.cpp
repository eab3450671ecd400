// Checkpoint files of population runs (checkpoint.hpp): versioned JSON, atomic writes.
#include "minima/evolution/checkpoint.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "minima/core/error.hpp"

namespace minima {

void Checkpointing::validate() const {
  if (every < 1) throw InvalidArgument(fmt::format("checkpoint every = {} must be >= 1", every));
}

namespace checkpoint_detail {
namespace {

using Json = nlohmann::json;
constexpr const char* kFormat = "minima-population-checkpoint";
constexpr int kVersion = 1;

// Doubles go through JSON exactly (nlohmann prints the shortest round-trip form); the non-finite
// values JSON lacks are strings, and a failed call is null.
Json encode_value(double v, bool failed) {
  if (failed) return nullptr;
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return v;
}

double decode_value(const Json& j, bool& failed) {
  failed = j.is_null();
  if (failed) return std::numeric_limits<double>::infinity();
  if (j.is_number()) return j.get<double>();
  const auto s = j.get<std::string>();
  if (s == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (s == "inf") return std::numeric_limits<double>::infinity();
  if (s == "-inf") return -std::numeric_limits<double>::infinity();
  throw InvalidArgument(fmt::format("unknown value '{}'", s));
}

Json encode_vector(const Vector& v) {
  Json a = Json::array();
  for (Index i = 0; i < v.size(); ++i) a.push_back(encode_value(v[i], false));
  return a;
}

Vector decode_vector(const Json& a) {
  Vector v(static_cast<Index>(a.size()));
  for (Index i = 0; i < v.size(); ++i) {
    bool failed = false;
    v[i] = decode_value(a.at(static_cast<std::size_t>(i)), failed);
  }
  return v;
}

Json encode_optional(const std::optional<double>& v) {
  return v ? encode_value(*v, false) : Json(nullptr);
}

}  // namespace

std::uint64_t hash_candidates(const Matrix& X, Index count) {
  std::uint64_t h = 1469598103934665603ull;
  for (Index j = 0; j < count; ++j)
    for (Index i = 0; i < X.rows(); ++i) {
      unsigned char bytes[sizeof(double)];
      const double v = X(i, j);
      std::memcpy(bytes, &v, sizeof v);
      for (unsigned char b : bytes) {
        h ^= b;
        h *= 1099511628211ull;
      }
    }
  return h;
}

void save(const Checkpoint& c, const std::string& path) {
  Json j;
  j["format"] = kFormat;
  j["version"] = kVersion;
  j["method"] = c.method;
  j["problem"] = c.problem;
  j["settings"] = c.settings;
  j["dimension"] = c.dimension;
  j["box"] = {{"lower", encode_vector(c.box.lower)}, {"upper", encode_vector(c.box.upper)}};
  j["seed"] = c.run.seed;
  j["max_evaluations"] = c.run.max_evaluations;
  j["max_generations"] = c.run.max_generations ? Json(*c.run.max_generations) : Json(nullptr);
  j["f_target"] = encode_optional(c.run.f_target);
  Json gens = Json::array();
  bool first_failure_written = false;
  long evaluations = 0;
  for (const auto& g : c.generations) {
    Json values = Json::array();
    Json messages = Json::object();
    for (Index k = 0; k < g.outcome.values.size(); ++k) {
      const bool failed = g.outcome.failed[static_cast<std::size_t>(k)] != 0;
      values.push_back(encode_value(g.outcome.values[k], failed));
      // Only the run's first failure message is ever reported: keep that one.
      if (failed && !first_failure_written) {
        messages[std::to_string(k)] = g.outcome.messages[static_cast<std::size_t>(k)];
        first_failure_written = true;
      }
    }
    evaluations += static_cast<long>(g.outcome.values.size());
    Json e = {{"hash", fmt::format("{:016x}", g.hash)}, {"values", std::move(values)}};
    if (!messages.empty()) e["messages"] = std::move(messages);
    gens.push_back(std::move(e));
  }
  j["evaluations"] = evaluations;
  j["generations"] = std::move(gens);

  // Atomic: a temporary file beside the target, flushed to disk, renamed over it.
  const std::string tmp = fmt::format("{}.tmp.{}", path, ::getpid());
  {
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f)
      throw InvalidArgument(fmt::format("checkpoint: cannot write '{}': {}", tmp, std::strerror(errno)));
    const std::string text = j.dump() + "\n";
    const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size() && std::fflush(f) == 0 &&
                    ::fsync(::fileno(f)) == 0;
    const bool closed = std::fclose(f) == 0;
    if (!ok || !closed) {
      std::remove(tmp.c_str());
      throw InvalidArgument(fmt::format("checkpoint: writing '{}' failed", tmp));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    throw InvalidArgument(fmt::format("checkpoint: cannot rename '{}' to '{}': {}", tmp, path, why));
  }
}

Checkpoint load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InvalidArgument(fmt::format("--resume: cannot read the checkpoint '{}'", path));
  std::stringstream text;
  text << in.rdbuf();
  Json j;
  try {
    j = Json::parse(text.str());
  } catch (const std::exception& e) {
    throw InvalidArgument(fmt::format(
        "--resume: '{}' is not a valid checkpoint (truncated or corrupt JSON: {})", path, e.what()));
  }
  try {
    if (!j.is_object() || !j.contains("format") || j["format"] != kFormat)
      throw InvalidArgument(fmt::format("--resume: '{}' is not a minima population checkpoint", path));
    const int version = j.at("version").get<int>();
    if (version != kVersion)
      throw InvalidArgument(
          fmt::format("--resume: '{}' is a version {} checkpoint; this minima reads version {}", path,
                      version, kVersion));
    Checkpoint c;
    c.method = j.at("method").get<std::string>();
    c.problem = j.at("problem").get<std::string>();
    c.settings = j.at("settings").get<std::string>();
    c.dimension = j.at("dimension").get<Index>();
    c.box.lower = decode_vector(j.at("box").at("lower"));
    c.box.upper = decode_vector(j.at("box").at("upper"));
    c.run.seed = j.at("seed").get<std::uint64_t>();
    c.run.max_evaluations = j.at("max_evaluations").get<long>();
    if (!j.at("max_generations").is_null()) c.run.max_generations = j["max_generations"].get<long>();
    if (!j.at("f_target").is_null()) {
      bool failed = false;
      c.run.f_target = decode_value(j["f_target"], failed);
    }
    long evaluations = 0;
    for (const auto& e : j.at("generations")) {
      LoggedGeneration g;
      g.hash = std::stoull(e.at("hash").get<std::string>(), nullptr, 16);
      const auto& values = e.at("values");
      const auto count = static_cast<Index>(values.size());
      g.outcome.values.resize(count);
      g.outcome.failed.assign(static_cast<std::size_t>(count), 0);
      g.outcome.messages.assign(static_cast<std::size_t>(count), std::string());
      for (Index k = 0; k < count; ++k) {
        bool failed = false;
        g.outcome.values[k] = decode_value(values[static_cast<std::size_t>(k)], failed);
        g.outcome.failed[static_cast<std::size_t>(k)] = failed ? 1 : 0;
      }
      if (e.contains("messages"))
        for (const auto& [key, message] : e["messages"].items())
          g.outcome.messages.at(std::stoul(key)) = message.get<std::string>();
      evaluations += count;
      c.generations.push_back(std::move(g));
    }
    if (evaluations != j.at("evaluations").get<long>())
      throw InvalidArgument(fmt::format("--resume: '{}' is corrupt: it logs {} evaluations but says {}", path,
                                        evaluations, j["evaluations"].get<long>()));
    return c;
  } catch (const InvalidArgument&) {
    throw;
  } catch (const std::exception& e) {
    throw InvalidArgument(fmt::format("--resume: '{}' is not a valid checkpoint ({})", path, e.what()));
  }
}

void check_same_run(const Checkpoint& loaded, const Checkpoint& current) {
  auto differ = [](const char* what, const std::string& was, const std::string& now) {
    throw InvalidArgument(fmt::format(
        "--resume: the checkpoint is from another run: its {} is {}, this run's is {} (resume with the same "
        "settings, or start afresh)",
        what, was, now));
  };
  auto text = [](const std::optional<double>& v) { return v ? fmt::format("{}", *v) : std::string("none"); };
  if (loaded.method != current.method) differ("method", loaded.method, current.method);
  if (loaded.problem != current.problem)
    differ("problem", "'" + loaded.problem + "'", "'" + current.problem + "'");
  if (loaded.dimension != current.dimension)
    differ("dimension", std::to_string(loaded.dimension), std::to_string(current.dimension));
  if (loaded.box.lower != current.box.lower || loaded.box.upper != current.box.upper)
    differ("search box", "different", "this one");
  if (loaded.run.seed != current.run.seed)
    differ("seed", std::to_string(loaded.run.seed), std::to_string(current.run.seed));
  if (loaded.run.max_evaluations != current.run.max_evaluations)
    differ("evaluation budget", std::to_string(loaded.run.max_evaluations),
           std::to_string(current.run.max_evaluations));
  if (loaded.run.max_generations != current.run.max_generations)
    differ("generation limit",
           loaded.run.max_generations ? std::to_string(*loaded.run.max_generations) : "none",
           current.run.max_generations ? std::to_string(*current.run.max_generations) : "none");
  if (loaded.run.f_target != current.run.f_target)
    differ("target", text(loaded.run.f_target), text(current.run.f_target));
  if (loaded.settings != current.settings)
    differ("settings", "'" + loaded.settings + "'", "'" + current.settings + "'");
}

}  // namespace checkpoint_detail
}  // namespace minima
