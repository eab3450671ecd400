// minima's side of the regularized-regression benchmark (bench/linear_models.py drives it and the
// peers). Reads the data sets and the case list the driver wrote, runs each case, writes the
// coefficients next to the data and prints one JSON object of timings on stdout.
//
//   bench_linear_models DATA_DIR        (DATA_DIR holds meta.json, cases.json and the .bin files)
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "minima/linear_models/cross_validation.hpp"
#include "minima/linear_models/elastic_net.hpp"
#include "minima/linear_models/ridge.hpp"

namespace fs = std::filesystem;
using minima::Index;
using minima::Matrix;
using minima::Vector;
using nlohmann::json;

namespace {

struct DataSet {
  Matrix x;
  Vector y;
};

DataSet load(const fs::path& file, Index n, Index p) {
  DataSet d{Matrix(n, p), Vector(n)};
  std::ifstream in(file, std::ios::binary);
  in.read(reinterpret_cast<char*>(d.x.data()), static_cast<std::streamsize>(sizeof(double) * n * p));
  in.read(reinterpret_cast<char*>(d.y.data()), static_cast<std::streamsize>(sizeof(double) * n));
  if (!in) throw std::runtime_error("short read: " + file.string());
  return d;
}

void save(const fs::path& file, const Matrix& coefficients, const Vector& intercepts) {
  std::ofstream out(file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(coefficients.data()),
            static_cast<std::streamsize>(sizeof(double) * coefficients.size()));
  out.write(reinterpret_cast<const char*>(intercepts.data()),
            static_cast<std::streamsize>(sizeof(double) * intercepts.size()));
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: bench_linear_models DATA_DIR (written by bench/linear_models.py)\n";
    return 2;
  }
  const fs::path dir = argv[1];
  const json meta = json::parse(std::ifstream(dir / "meta.json"));
  const json cases = json::parse(std::ifstream(dir / "cases.json"));
  std::map<std::string, DataSet> data;
  json report = json::object();
  for (const json& c : cases) {
    const std::string set = c["dataset"];
    if (!data.count(set)) {
      const json& m = meta[set];
      data[set] = load(dir / m["file"].get<std::string>(), m["n"], m["p"]);
    }
    const DataSet& d = data[set];
    const std::string kind = c["kind"];
    const double tol = c.value("minima_tol", 1e-10);
    Matrix coefficients;
    Vector intercepts;
    json extra = json::object();
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t cpu0 = std::clock();
    if (kind == "ridge") {
      const auto f = fit(d.x, d.y, minima::Ridge{.alpha = c["alpha"]});
      coefficients = f.coefficients;
      intercepts = Vector::Constant(1, f.intercept);
    } else if (kind == "enet") {
      const auto f =
          fit(d.x, d.y, minima::ElasticNet{.alpha = c["alpha"], .l1_ratio = c["l1_ratio"], .tol = tol});
      coefficients = f.coefficients;
      intercepts = Vector::Constant(1, f.intercept);
      extra["sweeps"] = f.sweeps;
      extra["gap"] = f.duality_gap;
    } else if (kind == "path") {
      const auto path = elastic_net_path(
          d.x, d.y,
          minima::ElasticNetPath{
              .l1_ratio = c["l1_ratio"], .n_alphas = c["n_alphas"], .eps = c["eps"], .tol = tol});
      coefficients = path.coefficients;
      intercepts = path.intercepts;
      extra["sweeps"] = path.sweeps.sum();
    } else if (kind == "cv") {
      const auto cv = cross_validate(d.x, d.y,
                                     minima::ElasticNetPath{.l1_ratio = c["l1_ratio"],
                                                            .n_alphas = c["n_alphas"],
                                                            .eps = c["eps"],
                                                            .tol = c.value("cv_tol", tol)},
                                     minima::CrossValidation{.folds = c["folds"], .seed = 1});
      coefficients = cv.fit.coefficients;
      intercepts = Vector::Constant(1, cv.fit.intercept);
      extra["alpha_min"] = cv.alpha_min();
    } else {
      std::cerr << "unknown case kind " << kind << "\n";
      return 2;
    }
    const double seconds = seconds_since(t0);
    extra["cpu_seconds"] = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
    save(dir / ("minima_" + c["name"].get<std::string>() + ".bin"), coefficients, intercepts);
    extra["seconds"] = seconds;
    report[c["name"].get<std::string>()] = extra;
    std::cerr << "  minima " << c["name"].get<std::string>() << ": " << seconds << " s\n";
  }
  std::cout << report.dump() << "\n";
  return 0;
}
