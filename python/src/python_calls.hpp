// PythonCalls: how the bindings call back into Python from C++ that runs with the GIL released.
//
// Every call of a user's function (objective, gradient, Hessian, residuals, constraints, batch,
// callback) goes through PythonCalls::call, which
//   - takes the GIL for the call only (the solver itself runs without it, so other Python threads
//     go on);
//   - checks for pending signals first (PyErr_CheckSignals), so Ctrl-C stops a long run with
//     KeyboardInterrupt at the next evaluation;
//   - keeps the first Python exception (type, value and traceback) and throws PythonCallFailed
//     into the solver, which records a failed evaluation and stops (CountedObjective and its
//     kin catch std::exception); every later call throws at once without calling Python;
//   - after the run, rethrow_if_failed() raises the kept exception in the caller as itself.
// Python objects are captured by pointer, never copied: the solver copies std::functions without
// the GIL, and copying a py::object changes its reference count.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "minima/core/types.hpp"

namespace minima::python {

namespace py = pybind11;

/// Thrown through the solver when a call into Python failed (the Python error is kept aside).
class PythonCallFailed : public std::runtime_error {
 public:
  PythonCallFailed() : std::runtime_error("a Python function raised an exception") {}
};

class PythonCalls {
 public:
  /// Runs f() with the GIL held; see the file comment for what happens on failure.
  template <class F>
  auto call(F&& f) -> decltype(f()) {
    if (failed_) throw PythonCallFailed();
    py::gil_scoped_acquire gil;
    try {
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      return f();
    } catch (py::error_already_set& e) {
      error_ = std::move(e);
    } catch (const py::value_error& e) {
      keep(PyExc_ValueError, e.what());
    } catch (const py::type_error& e) {
      keep(PyExc_TypeError, e.what());
    } catch (const py::cast_error& e) {
      keep(PyExc_TypeError, e.what());
    } catch (const std::exception& e) {
      keep(PyExc_RuntimeError, e.what());
    }
    failed_ = true;
    throw PythonCallFailed();
  }

  bool failed() const { return failed_; }

  /// With the GIL held: raises the kept Python exception, if any.
  void rethrow_if_failed() {
    if (!error_) return;
    py::error_already_set e = std::move(*error_);
    error_.reset();
    throw e;
  }

 private:
  void keep(PyObject* type, const char* message) {
    PyErr_SetString(type, message);
    error_ = py::error_already_set();
  }

  bool failed_ = false;
  std::optional<py::error_already_set> error_;
};

/// A new 1-D numpy array holding a copy of v: the solver's vector changes after the call, and a
/// user may keep the array (scipy hands out copies too). Allocated, then filled: pybind11's
/// array_t(size, data) makes a view and then a copy of it, two arrays per call of a Python function.
inline py::array_t<double> to_numpy(const Vector& v) {
  py::array_t<double> a(static_cast<py::ssize_t>(v.size()));
  if (v.size() > 0)
    std::memcpy(a.mutable_data(), v.data(), sizeof(double) * static_cast<std::size_t>(v.size()));
  return a;
}

/// A new 2-D numpy array (Fortran order, as Eigen stores it) holding a copy of m.
inline py::array_t<double> to_numpy(const Matrix& m) {
  const auto rows = static_cast<py::ssize_t>(m.rows()), cols = static_cast<py::ssize_t>(m.cols());
  py::array_t<double, py::array::f_style> a({rows, cols});
  if (m.size() > 0)
    std::memcpy(a.mutable_data(), m.data(), sizeof(double) * static_cast<std::size_t>(m.size()));
  return a;
}

using InputArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// `value` as a double, or a TypeError naming `what`.
inline double to_double(const py::handle& value, const char* what) {
  try {
    return value.cast<double>();
  } catch (const py::cast_error&) {
    throw py::type_error(std::string(what) + " must return a real number, got " +
                         std::string(py::repr(value)));
  }
}

/// Copies `value` (any array-like of n numbers) into out, or a ValueError naming `what`.
inline void copy_vector(const py::handle& value, Vector& out, Index n, const char* what) {
  InputArray a = py::cast<InputArray>(value);
  if (a.size() != n || a.ndim() > 1)
    throw py::value_error(std::string(what) + " must return an array of " + std::to_string(n) +
                          " values, got shape " + std::string(py::str(a.attr("shape"))));
  out.resize(n);
  std::copy(a.data(), a.data() + n, out.data());
}

/// Copies `value` (array-like of shape (rows, cols)) into out, or a ValueError naming `what`.
inline void copy_matrix(const py::handle& value, Matrix& out, Index rows, Index cols, const char* what) {
  InputArray a = py::cast<InputArray>(value);
  const bool ok = (a.ndim() == 2 && a.shape(0) == rows && a.shape(1) == cols) ||
                  (a.ndim() == 1 && cols == 1 && a.shape(0) == rows);
  if (!ok)
    throw py::value_error(std::string(what) + " must return an array of shape (" + std::to_string(rows) +
                          ", " + std::to_string(cols) + "), got shape " +
                          std::string(py::str(a.attr("shape"))));
  out.resize(rows, cols);
  const double* p = a.data();
  for (Index i = 0; i < rows; ++i)
    for (Index j = 0; j < cols; ++j) out(i, j) = p[i * cols + j];
}

}  // namespace minima::python
