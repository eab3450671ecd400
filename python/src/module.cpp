// The extension module minima._core: thin bindings of minima's C++ entry points for the pure-Python
// package (python/minima/), which gives them scipy's and scikit-learn's conventions. Every function
// here takes plain arguments (arrays, numbers, names, Python callables) and returns a dict; the
// solver runs with the GIL released and calls back into Python through PythonCalls.
#include <pybind11/eigen.h>
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "minima/constrained/minimize_constrained.hpp"
#include "minima/core/error.hpp"
#include "minima/evolution/black_box.hpp"
#include "minima/least_squares/least_squares.hpp"
#include "minima/least_squares/robust_loss.hpp"
#include "minima/linear_models/cross_validation.hpp"
#include "minima/linear_models/elastic_net.hpp"
#include "minima/linear_models/ols.hpp"
#include "minima/linear_models/ridge.hpp"
#include "minima/numerics/finite_difference.hpp"
#include "minima/numerics/residual_derivatives.hpp"
#include "minima/unconstrained/minimize.hpp"
#include "minima/version.hpp"
#include "python_calls.hpp"

namespace py = pybind11;
using namespace minima;
using minima::python::copy_matrix;
using minima::python::copy_vector;
using minima::python::PythonCalls;
using minima::python::to_double;
using minima::python::to_numpy;

namespace {

/// An Objective calling Python. With a gradient: fg(x, want_gradient) returns f, or (f, g) when
/// want_gradient is true. Without: f(x) returns f and the gradient is by central differences.
/// hess (or None): hess(x) returns the n×n Hessian. `what` names the function in messages.
Objective python_objective(PythonCalls& calls, const py::object& fg, bool has_gradient,
                           const py::object& hess, Index n, const char* what) {
  const py::object* f = &fg;  // borrowed: the caller's arguments outlive the run
  Objective objective =
      has_gradient ? Objective([&calls, f, n, what](const Vector& x, Vector* grad) -> double {
        return calls.call([&]() -> double {
          if (grad == nullptr) return to_double((*f)(to_numpy(x), false), what);
          py::object out = (*f)(to_numpy(x), true);
          py::tuple pair = py::cast<py::tuple>(out);
          copy_vector(pair[1], *grad, n, "jac");
          return to_double(pair[0], what);
        });
      })
                   : finite_difference(
                         [&calls, f, what](const Vector& x) -> double {
                           return calls.call([&]() -> double { return to_double((*f)(to_numpy(x)), what); });
                         },
                         n);
  if (!hess.is_none()) {
    const py::object* h = &hess;
    objective = objective.with_hessian([&calls, h, n](const Vector& x, Matrix& H) {
      calls.call([&] { copy_matrix((*h)(to_numpy(x)), H, n, n, "hess"); });
    });
  }
  return objective;
}

/// The Observer that hands each iteration (from 1 on, as scipy) to callback(x, fun, nit), which
/// returns True to stop (plain arguments: no record is built for a callback that takes x alone).
/// An exception in the callback stops the run and is kept.
Observer python_observer(PythonCalls& calls, const py::object& callback) {
  Observer observer;
  if (callback.is_none()) return observer;
  const py::object* cb = &callback;
  observer.callback_with_x = true;
  observer.callback = [&calls, cb](const IterationRecord& rec) {
    if (rec.iteration == 0) return ObserverAction::proceed;
    try {
      return calls.call([&] {
        const py::object stop = (*cb)(to_numpy(*rec.x), rec.f, rec.iteration);
        return stop.ptr() == Py_True ? ObserverAction::stop : ObserverAction::proceed;
      });
    } catch (const python::PythonCallFailed&) {
      return ObserverAction::stop;
    }
  };
  return observer;
}

Stop make_stop(const py::dict& o) {
  Stop stop;
  auto get = [&](const char* key) -> std::optional<py::object> {
    if (!o.contains(key) || o[key].is_none()) return std::nullopt;
    return py::reinterpret_borrow<py::object>(o[key]);
  };
  if (auto v = get("gtol")) stop.g_abstol = v->cast<double>();
  if (auto v = get("xtol")) stop.x_abstol = v->cast<double>();
  if (auto v = get("xrtol")) stop.x_reltol = v->cast<double>();
  if (auto v = get("ftol")) stop.f_abstol = stop.f_reltol = v->cast<double>();
  if (auto v = get("maxiter")) stop.max_iterations = v->cast<long>();
  if (auto v = get("maxfun")) stop.max_evaluations = v->cast<long>();
  if (auto v = get("time_limit")) stop.time_limit = v->cast<double>();
  return stop;
}

py::dict result_dict(const Result& r) {
  py::dict d;
  d["x"] = to_numpy(r.x);
  d["fun"] = r.f;
  d["jac"] = r.gradient.size() > 0 ? py::object(to_numpy(r.gradient)) : py::object(py::none());
  d["nit"] = r.iterations;
  d["status_name"] = std::string(to_string(r.status));
  d["success"] = r.converged();
  d["usable"] = r.usable();
  d["message"] = r.message;
  d["method"] = r.method;
  d["seconds"] = r.seconds;
  d["counted_function"] = r.evaluations.function;
  d["counted_gradient"] = r.evaluations.gradient;
  d["counted_hessian"] = r.evaluations.hessian;
  if (r.kkt) {
    py::dict k;
    k["stationarity"] = r.kkt->stationarity;
    k["primal_feasibility"] = r.kkt->primal_feasibility;
    k["dual_feasibility"] = r.kkt->dual_feasibility;
    k["complementary_slackness"] = r.kkt->complementary_slackness;
    k["equality_multipliers"] = to_numpy(r.kkt->equality_multipliers);
    k["inequality_multipliers"] = to_numpy(r.kkt->inequality_multipliers);
    k["lower_bound_multipliers"] = to_numpy(r.kkt->lower_bound_multipliers);
    k["upper_bound_multipliers"] = to_numpy(r.kkt->upper_bound_multipliers);
    k["feasible"] = r.kkt->feasible;
    d["kkt"] = k;
  }
  if (r.least_squares) {
    const LeastSquaresSummary& s = *r.least_squares;
    d["cost"] = s.cost;
    d["standard_errors"] = to_numpy(s.standard_errors);
    d["covariance"] = to_numpy(s.covariance);
    d["correlation"] = to_numpy(s.correlation);
    d["residual_standard_deviation"] = s.residual_standard_deviation;
    d["degrees_of_freedom"] = s.degrees_of_freedom;
    d["jacobian_rank"] = s.jacobian_rank;
  }
  if (r.population) {
    const PopulationSummary& p = *r.population;
    d["generations"] = p.generations;
    d["restarts"] = p.restarts;
    d["population_size"] = p.population_size;
    d["non_finite_evaluations"] = p.non_finite_evaluations;
    d["failed_evaluations"] = p.failed_evaluations;
    d["seed"] = p.seed;
  }
  return d;
}

/// Runs `solve` with the GIL released, then raises the Python exception a callback kept, if any.
template <class Solve>
py::dict run(PythonCalls& calls, Solve&& solve) {
  Result r;
  {
    py::gil_scoped_release release;
    r = solve();
  }
  calls.rethrow_if_failed();
  return result_dict(r);
}

std::vector<std::string> unconstrained_names() {
  std::vector<std::string> names;
  for (const auto& m : method_registry()) names.push_back(m.name);
  return names;
}
std::vector<std::string> constrained_names() {
  std::vector<std::string> names;
  for (const auto& m : constrained_method_registry()) names.push_back(m.name);
  return names;
}
std::vector<std::string> black_box_names() {
  std::vector<std::string> names;
  for (const auto& m : list_black_box_methods()) names.push_back(m.name);
  return names;
}

Method unconstrained_method(const std::string& name, std::optional<int> memory) {
  Method method = method_from_name(name);
  if (memory) {
    if (auto* l = std::get_if<Lbfgs>(&method)) l->memory = *memory;
  }
  return method;
}

py::dict minimize_py(const py::object& fg, bool has_gradient, const py::object& hess, const Vector& x0,
                     const std::string& method, const py::dict& options, const py::object& callback,
                     std::optional<int> memory) {
  PythonCalls calls;
  const Objective objective = python_objective(calls, fg, has_gradient, hess, x0.size(), "fun");
  const Method m = unconstrained_method(method, memory);
  const Stop stop = make_stop(options);
  const Observer observer = python_observer(calls, callback);
  return run(calls, [&] { return minimize(objective, x0, m, stop, observer); });
}

/// nelder-mead or bobyqa (by name) with the settings scipy's options map to; with bounds through
/// minimize_constrained. settings: x_abstol, f_abstol, adaptive, adaptive_min_dimension,
/// initial_simplex (n × n, a vertex per column) for nelder-mead; rho_begin, rho_end for bobyqa (absent keys
/// keep minima's defaults).
py::dict minimize_derivative_free_py(const py::object& f, const Vector& x0,
                                     const std::optional<Vector>& lower, const std::optional<Vector>& upper,
                                     const std::string& method, const py::dict& settings,
                                     const py::dict& options, const py::object& callback) {
  auto get = [&](const char* key) -> std::optional<py::object> {
    if (!settings.contains(key) || settings[key].is_none()) return std::nullopt;
    return py::reinterpret_borrow<py::object>(settings[key]);
  };
  ConstrainedMethod m;
  if (method == "nelder-mead") {
    NelderMead nm;
    if (auto v = get("x_abstol")) nm.x_abstol = v->cast<double>();
    if (auto v = get("f_abstol")) nm.f_abstol = v->cast<double>();
    if (auto v = get("adaptive")) nm.adaptive = v->cast<bool>();
    if (auto v = get("adaptive_min_dimension")) nm.adaptive_min_dimension = v->cast<Index>();
    if (auto v = get("initial_simplex")) nm.initial_simplex = v->cast<Matrix>();
    m = nm;
  } else if (method == "bobyqa") {
    Bobyqa bq;
    if (auto v = get("rho_begin")) bq.rho_begin = v->cast<double>();
    if (auto v = get("rho_end")) bq.rho_end = v->cast<double>();
    m = bq;
  } else {
    throw InvalidArgument("method must be nelder-mead or bobyqa, got '" + method + "'");
  }
  PythonCalls calls;
  const Objective objective = python_objective(calls, f, false, py::none(), x0.size(), "fun");
  const Stop stop = make_stop(options);
  const Observer observer = python_observer(calls, callback);
  Constraints c;
  if (lower) c.bounds.lower = *lower;
  if (upper) c.bounds.upper = *upper;
  return run(calls, [&]() -> Result {
    if (c.bounds.empty())
      return minimize(objective, x0,
                      std::holds_alternative<NelderMead>(m) ? Method(std::get<NelderMead>(m))
                                                            : Method(std::get<Bobyqa>(m)),
                      stop, observer);
    return minimize_constrained(objective, x0, c, m, stop, observer);
  });
}

/// constraints: a list of (fg, has_gradient, is_equality) for scalar constraints g = 0 / h ≤ 0.
py::dict minimize_constrained_py(const py::object& fg, bool has_gradient, const py::object& hess,
                                 const Vector& x0, const std::optional<Vector>& lower,
                                 const std::optional<Vector>& upper, const py::list& constraints,
                                 const std::optional<std::string>& method, const py::dict& options,
                                 const py::object& callback, std::optional<int> memory) {
  PythonCalls calls;
  const Index n = x0.size();
  const Objective objective = python_objective(calls, fg, has_gradient, hess, n, "fun");
  Constraints c;
  if (lower) c.bounds.lower = *lower;
  if (upper) c.bounds.upper = *upper;
  std::vector<py::object> keep;  // the constraint callables, alive for the run
  keep.reserve(constraints.size());
  for (const auto& item : constraints) {
    const auto t = py::cast<py::tuple>(item);
    keep.push_back(py::reinterpret_borrow<py::object>(t[0]));
    Objective g = python_objective(calls, keep.back(), t[1].cast<bool>(), py::none(), n, "constraints fun");
    (t[2].cast<bool>() ? c.equalities : c.inequalities).push_back(std::move(g));
  }
  const Stop stop = make_stop(options);
  const Observer observer = python_observer(calls, callback);
  if (method && *method == "auto") {  // the library's choice, with or without constraints
    ResolvedMethod resolved = resolve_method(*method, objective, c, n, stop);
    if (memory) {
      if (auto* l = std::get_if<Method>(&resolved.method)) {
        if (auto* lbfgs = std::get_if<Lbfgs>(l)) lbfgs->memory = *memory;
      } else if (auto* lb = std::get_if<Lbfgsb>(&std::get<ConstrainedMethod>(resolved.method))) {
        lb->memory = *memory;
      }
    }
    return run(calls, [&] { return minimize_constrained(objective, x0, c, resolved, stop, observer); });
  }
  ConstrainedMethod m = method ? constrained_method_from_name(*method) : default_constrained_method(c, n);
  if (memory) {
    if (auto* l = std::get_if<Lbfgsb>(&m)) l->memory = *memory;
  }
  return run(calls, [&] { return minimize_constrained(objective, x0, c, m, stop, observer); });
}

/// rj(x, want_jacobian) returns r, or (r, J) when want_jacobian; without a Jacobian, r(x) and
/// central differences.
py::dict least_squares_py(const py::object& rj, bool has_jacobian, Index m, const Vector& x0,
                          const std::string& method, double ftol, double xtol, double gtol,
                          std::optional<long> max_nfev, const py::object& callback, const std::string& loss,
                          double f_scale, const std::optional<Vector>& lower,
                          const std::optional<Vector>& upper, bool absolute_sigma) {
  PythonCalls calls;
  const Index n = x0.size();
  const py::object* f = &rj;
  const ResidualObjective problem =
      has_jacobian ? ResidualObjective(
                         [&calls, f, m, n](const Vector& x, Vector& r, Matrix* J) {
                           calls.call([&] {
                             if (J == nullptr) {
                               copy_vector((*f)(to_numpy(x), false), r, m, "fun");
                               return;
                             }
                             py::tuple pair = py::cast<py::tuple>((*f)(to_numpy(x), true));
                             copy_vector(pair[0], r, m, "fun");
                             copy_matrix(pair[1], *J, m, n, "jac");
                           });
                         },
                         m, n)
                   : finite_difference_residuals(
                         [&calls, f, m](const Vector& x) -> Vector {
                           return calls.call([&] {
                             Vector r;
                             copy_vector((*f)(to_numpy(x)), r, m, "fun");
                             return r;
                           });
                         },
                         m, n);
  LeastSquaresOptions options;
  options.loss = RobustLoss{.kind = loss_from_name(loss), .f_scale = f_scale};
  if (lower) options.bounds.lower = *lower;
  if (upper) options.bounds.upper = *upper;
  options.absolute_sigma = absolute_sigma;
  LeastSquaresMethod& lsm = options.method;
  lsm = least_squares_method_from_name(method);
  std::visit(
      [&](auto& s) {
        s.f_reltol = ftol;
        s.x_reltol = xtol;
        // lm and gn test the cosine of the gradient (scale-free); trf takes scipy's gtol as it is.
        if constexpr (requires { s.g_costol; })
          s.g_costol = gtol;
        else
          s.g_tol = gtol;
      },
      lsm);
  Stop stop;
  stop.g_abstol = 0.0;  // the scale-free tests above decide (scipy's ftol, xtol, gtol)
  stop.max_iterations = 1000000;
  if (max_nfev) stop.max_evaluations = *max_nfev;
  const Observer observer = python_observer(calls, callback);
  return run(calls, [&] { return solve_least_squares(problem, x0, options, stop, observer); });
}

/// batch(X) evaluates the columns of X (n × k) and returns k values; callback(dict) per generation.
py::dict black_box_py(const py::object& batch, const Vector& lower, const Vector& upper,
                      const std::string& method, std::optional<Index> population, long budget,
                      std::optional<double> target, std::uint64_t seed, std::optional<double> time_limit,
                      const py::object& callback) {
  PythonCalls calls;
  const Index n = lower.size();
  const py::object* f = &batch;
  const BatchObjective objective = BatchObjective::from_batch(
      [&calls, f](const Matrix& X, Vector& values) {
        calls.call([&] { copy_vector((*f)(to_numpy(X)), values, X.cols(), "fun"); });
      },
      n);
  BlackBoxSettings settings;
  settings.max_evaluations = budget;
  settings.f_target = target;
  settings.time_limit = time_limit;
  settings.seed = seed;
  settings.threads = 1;  // Python's workers parallelize instead (the batch function maps over them)
  PopulationObserver observer;
  const py::object* cb = &callback;
  // Called every generation: a failed Python call (in the batch or the callback) stops the run,
  // since the population methods rank a failed point worst and go on otherwise.
  observer.callback = [&calls, cb](const GenerationRecord& rec) {
    if (calls.failed()) return ObserverAction::stop;
    if (cb->is_none() || rec.generation == 0) return ObserverAction::proceed;
    try {
      return calls.call([&] {
        py::dict d;
        d["nit"] = rec.generation;
        d["nfev"] = rec.evaluations;
        d["fun"] = rec.best_f;
        return py::cast<bool>((*cb)(d)) ? ObserverAction::stop : ObserverAction::proceed;
      });
    } catch (const python::PythonCallFailed&) {
      return ObserverAction::stop;
    }
  };
  Bounds box{lower, upper};
  return run(calls,
             [&] { return minimize_black_box(objective, box, method, settings, observer, population); });
}

py::dict linear_fit_dict(const LinearFit& fit) {
  py::dict d;
  d["coef"] = to_numpy(fit.coefficients);
  d["intercept"] = fit.intercept;
  d["sweeps"] = fit.sweeps;
  d["duality_gap"] = fit.duality_gap;
  d["converged"] = fit.converged;
  return d;
}

template <class Fit>
py::dict fit_released(Fit&& fit) {
  LinearFit f;
  {
    py::gil_scoped_release release;
    f = fit();
  }
  return linear_fit_dict(f);
}

/// The settings of a path on the given α grid (the package computes scikit-learn's grid).
ElasticNetPath path_settings(double l1_ratio, const Vector& alphas, bool fit_intercept, double tol,
                             long max_sweeps) {
  ElasticNetPath s;
  s.l1_ratio = l1_ratio;
  s.alphas = alphas;
  s.fit_intercept = fit_intercept;
  s.tol = tol;
  s.max_sweeps = max_sweeps;
  return s;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "minima's C++ solvers; use the package minima (minimize, least_squares, ...), not this module.";
  m.attr("__version__") = minima::version;
  py::register_exception<InvalidArgument>(m, "InvalidArgument", PyExc_ValueError);
  py::register_exception<ParseError>(m, "ParseError", PyExc_ValueError);

  m.def("unconstrained_methods", &unconstrained_names);
  m.def("constrained_methods", &constrained_names);
  m.def("black_box_methods", &black_box_names);
  m.def("minimize", &minimize_py, py::arg("fg"), py::arg("has_gradient"), py::arg("hess"), py::arg("x0"),
        py::arg("method"), py::arg("options"), py::arg("callback"), py::arg("memory"));
  m.def("minimize_constrained", &minimize_constrained_py, py::arg("fg"), py::arg("has_gradient"),
        py::arg("hess"), py::arg("x0"), py::arg("lower"), py::arg("upper"), py::arg("constraints"),
        py::arg("method"), py::arg("options"), py::arg("callback"), py::arg("memory"));
  m.def("least_squares", &least_squares_py, py::arg("rj"), py::arg("has_jacobian"), py::arg("m"),
        py::arg("x0"), py::arg("method"), py::arg("ftol"), py::arg("xtol"), py::arg("gtol"),
        py::arg("max_nfev"), py::arg("callback"), py::arg("loss"), py::arg("f_scale"), py::arg("lower"),
        py::arg("upper"), py::arg("absolute_sigma"));
  m.def(
      "robust_loss",
      [](const Vector& r, Matrix jacobian, const std::string& loss, double f_scale) {
        // scipy's least_squares result: the robust cost, and the Jacobian scaled so that JᵀJ is the
        // Gauss–Newton model of the cost's Hessian (scipy's form of the correction).
        const RobustLoss rho{.kind = loss_from_name(loss), .f_scale = f_scale};
        rho.validate();
        Vector corrected = r;
        const double cost = rho.correct(corrected, &jacobian);
        return py::make_tuple(cost, to_numpy(corrected), to_numpy(jacobian));
      },
      py::arg("r"), py::arg("jacobian"), py::arg("loss"), py::arg("f_scale"));
  m.def("minimize_derivative_free", &minimize_derivative_free_py, py::arg("f"), py::arg("x0"),
        py::arg("lower"), py::arg("upper"), py::arg("method"), py::arg("settings"), py::arg("options"),
        py::arg("callback"));
  m.def("minimize_black_box", &black_box_py, py::arg("batch"), py::arg("lower"), py::arg("upper"),
        py::arg("method"), py::arg("population"), py::arg("budget"), py::arg("target"), py::arg("seed"),
        py::arg("time_limit"), py::arg("callback"));

  m.def(
      "fit_ols",
      [](const Matrix& x, const Vector& y, bool fit_intercept) {
        return fit_released([&] { return fit(x, y, Ols{.fit_intercept = fit_intercept}); });
      },
      py::arg("x"), py::arg("y"), py::arg("fit_intercept"));
  m.def(
      "fit_ridge",
      [](const Matrix& x, const Vector& y, double alpha, bool fit_intercept) {
        return fit_released([&] { return fit(x, y, Ridge{.alpha = alpha, .fit_intercept = fit_intercept}); });
      },
      py::arg("x"), py::arg("y"), py::arg("alpha"), py::arg("fit_intercept"));
  m.def(
      "fit_elastic_net",
      [](const Matrix& x, const Vector& y, double alpha, double l1_ratio, bool fit_intercept, double tol,
         long max_sweeps) {
        ElasticNet s;
        s.alpha = alpha;
        s.l1_ratio = l1_ratio;
        s.fit_intercept = fit_intercept;
        s.tol = tol;
        s.max_sweeps = max_sweeps;
        return fit_released([&] { return fit(x, y, s); });
      },
      py::arg("x"), py::arg("y"), py::arg("alpha"), py::arg("l1_ratio"), py::arg("fit_intercept"),
      py::arg("tol"), py::arg("max_sweeps"));
  m.def(
      "elastic_net_alpha_max",
      [](const Matrix& x, const Vector& y, double l1_ratio, bool fit_intercept) {
        return elastic_net_alpha_max(x, y, l1_ratio, fit_intercept);
      },
      py::arg("x"), py::arg("y"), py::arg("l1_ratio"), py::arg("fit_intercept"));
  m.def(
      "elastic_net_path",
      [](const Matrix& x, const Vector& y, double l1_ratio, const Vector& alphas, bool fit_intercept,
         double tol, long max_sweeps) {
        const ElasticNetPath s = path_settings(l1_ratio, alphas, fit_intercept, tol, max_sweeps);
        RegularizationPath p;
        {
          py::gil_scoped_release release;
          p = elastic_net_path(x, y, s);
        }
        py::dict d;
        d["alphas"] = to_numpy(p.alphas);
        d["coefs"] = to_numpy(p.coefficients);
        d["intercepts"] = to_numpy(p.intercepts);
        d["sweeps"] = to_numpy(p.sweeps);
        return d;
      },
      py::arg("x"), py::arg("y"), py::arg("l1_ratio"), py::arg("alphas"), py::arg("fit_intercept"),
      py::arg("tol"), py::arg("max_sweeps"));
  m.def(
      "elastic_net_cv",
      [](const Matrix& x, const Vector& y, double l1_ratio, const Vector& alphas, bool fit_intercept,
         double tol, long max_sweeps, int folds, std::vector<int> fold_of_row) {
        const ElasticNetPath s = path_settings(l1_ratio, alphas, fit_intercept, tol, max_sweeps);
        const CrossValidation cv{.folds = folds, .fold_of_row = std::move(fold_of_row)};
        CrossValidationResult r;
        {
          py::gil_scoped_release release;
          r = cross_validate(x, y, s, cv);
        }
        py::dict d;
        d["alphas"] = to_numpy(r.alphas);
        const Matrix mse_path = r.fold_errors.transpose();  // scikit-learn's (n_alphas, n_folds)
        d["mse_path"] = to_numpy(mse_path);
        d["best_index"] = r.best_index;
        d["fit"] = linear_fit_dict(r.fit);
        return d;
      },
      py::arg("x"), py::arg("y"), py::arg("l1_ratio"), py::arg("alphas"), py::arg("fit_intercept"),
      py::arg("tol"), py::arg("max_sweeps"), py::arg("folds"), py::arg("fold_of_row"));
}
