// Nelder–Mead on the free variables (see the header). The simplex lives in the coordinates of the
// free variables (those whose bounds do not coincide); trial points are projected onto the box.
#include "minima/derivative_free/nelder_mead.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include <fmt/format.h>
#include <Eigen/SVD>

#include "free_variables.hpp"
#include "minima/core/error.hpp"

namespace minima {

void NelderMead::validate() const {
  auto positive = [](double v, const char* field) {
    if (!(v > 0.0 && std::isfinite(v)))
      throw InvalidArgument(fmt::format("NelderMead::{} = {}: must be finite and > 0", field, v));
  };
  positive(x_abstol, "x_abstol");
  positive(f_abstol, "f_abstol");
  positive(initial_step_relative, "initial_step_relative");
  positive(initial_step_absolute, "initial_step_absolute");
  if (!(degenerate_tolerance >= 0.0 && degenerate_tolerance < 1.0))
    throw InvalidArgument(
        fmt::format("NelderMead::degenerate_tolerance = {}: must be in [0, 1)", degenerate_tolerance));
  if (max_restarts < 0)
    throw InvalidArgument(fmt::format("NelderMead::max_restarts = {}: must be >= 0", max_restarts));
  if (adaptive_min_dimension < 1)
    throw InvalidArgument(
        fmt::format("NelderMead::adaptive_min_dimension = {}: must be >= 1", adaptive_min_dimension));
  if (initial_simplex.size() != 0) {
    if (initial_simplex.rows() != initial_simplex.cols())
      throw InvalidArgument(fmt::format(
          "NelderMead::initial_simplex is {}x{}: must be n x n (the n vertices besides x0, one per column)",
          initial_simplex.rows(), initial_simplex.cols()));
    if (!initial_simplex.allFinite())
      throw InvalidArgument("NelderMead::initial_simplex has a non-finite entry");
  }
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

class NelderMeadMethod final : public IterativeMethod {
 public:
  NelderMeadMethod(const NelderMead& settings, Bounds bounds)
      : settings_(settings), bounds_(std::move(bounds)) {}

  std::string name() const override { return "nelder-mead"; }
  bool uses_gradient() const override { return false; }

  StepOutcome init(IterateState& state, CountedObjective& f) override {
    const Index n = state.x.size();
    if (settings_.initial_simplex.size() != 0 && settings_.initial_simplex.rows() != n)
      return StepOutcome::stop(
          Status::invalid_input,
          fmt::format("NelderMead::initial_simplex is {}x{} but the start point has {} "
                      "entries",
                      settings_.initial_simplex.rows(), settings_.initial_simplex.cols(), n));
    vars_ = detail::FreeVariables(bounds_, state.x);
    m_ = vars_.count();
    if (m_ == 0)
      return StepOutcome::stop(Status::converged_step,
                               "every variable is fixed by its bounds (lower = upper): nothing to search");
    const double dm = static_cast<double>(m_);
    if (settings_.adaptive && m_ >= settings_.adaptive_min_dimension) {
      expansion_ = 1.0 + 2.0 / dm;
      contraction_ = 0.75 - 1.0 / (2.0 * dm);
      shrink_ = 1.0 - 1.0 / dm;
    }
    if (m_ == 1) {  // Gao–Han's formulas give shrink 0 at n = 1: keep the standard halving there
      contraction_ = 0.5;
      shrink_ = 0.5;
    }
    vertices_.assign(static_cast<std::size_t>(m_ + 1), Vector());
    values_.assign(static_cast<std::size_t>(m_ + 1), kInf);
    vertices_[0] = vars_.reduce(state.x);
    values_[0] = state.f;

    bool rebuilt = false;
    if (settings_.initial_simplex.size() != 0) {
      // The columns are points of the full space; with fixed variables the first m are used.
      for (Index k = 0; k < m_; ++k) {
        const Vector col = settings_.initial_simplex.col(k);
        vertices_[static_cast<std::size_t>(k + 1)] = vars_.clamp(vars_.reduce(col));
      }
      if (degeneracy() < settings_.degenerate_tolerance) {
        rebuilt = true;
        axis_simplex(initial_steps(vertices_[0]), true);
      }
    } else {
      axis_simplex(initial_steps(vertices_[0]), true);
    }
    for (Index k = 1; k <= m_; ++k) {
      values_[static_cast<std::size_t>(k)] = evaluate(f, vertices_[static_cast<std::size_t>(k)]);
      if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
    }
    order();
    publish(state);
    if (rebuilt) note_ = "the initial simplex was degenerate and was rebuilt along the axes around x0";
    return {};
  }

  StepOutcome step(IterateState& state, CountedObjective& f) override {
    const double size = diameter(), spread = f_spread();
    if (size <= settings_.x_abstol && spread <= settings_.f_abstol)
      return StepOutcome::stop(
          Status::converged_step,
          with_note(
              fmt::format("simplex size max‖v_i − v_best‖∞ = {:.3g} <= {:.3g} and f spread {:.3g} <= {:.3g}",
                          size, settings_.x_abstol, spread, settings_.f_abstol)));
    if (restarts_ < settings_.max_restarts && degeneracy() < settings_.degenerate_tolerance) {
      ++restarts_;
      Vector steps = Vector::Constant(m_, std::max(size, 10.0 * settings_.x_abstol));
      axis_simplex(steps);
      for (Index k = 1; k <= m_; ++k) {
        values_[static_cast<std::size_t>(k)] = evaluate(f, vertices_[static_cast<std::size_t>(k)]);
        if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
      }
    } else {
      iterate(f);
      if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
    }
    order();
    publish(state);
    StepOutcome out = StepOutcome::accepted(diameter(), NaN());
    out.f_change = f_spread();
    return out;
  }

 private:
  static double NaN() { return std::numeric_limits<double>::quiet_NaN(); }

  double evaluate(CountedObjective& f, const Vector& z) {
    const double v = f.value(vars_.expand(z));
    return std::isnan(v) ? kInf : v;  // a NaN vertex ranks worst
  }

  Vector initial_steps(const Vector& z) const {
    Vector h(m_);
    for (Index k = 0; k < m_; ++k)
      h[k] = z[k] != 0.0 ? settings_.initial_step_relative * z[k] : settings_.initial_step_absolute;
    return h;
  }

  /// Vertices z_best + h_k e_k, each step turned round or shortened to stay in the box. The
  /// initial simplex writes an unchanged relative step as scipy does, (1 + r) z_k, not z_k + r z_k.
  void axis_simplex(const Vector& steps, bool initial = false) {
    const Vector& base = vertices_[0];
    for (Index k = 0; k < m_; ++k) {
      double h = steps[k];
      const double up = vars_.upper(k) - base[k], down = base[k] - vars_.lower(k);
      const bool inside = (h > 0 && h <= up) || (h < 0 && -h <= down);
      if (h > 0 && h > up) h = down > up ? -std::min(h, down) : up;
      if (h < 0 && -h > down) h = up > down ? std::min(-h, up) : -down;
      Vector v = base;
      if (initial && inside && base[k] != 0.0)
        v[k] = (1.0 + settings_.initial_step_relative) * base[k];
      else
        v[k] += h;
      vertices_[static_cast<std::size_t>(k + 1)] = v;
    }
  }

  /// Sorts the vertices by f (best first; ties keep their order).
  void order() {
    std::vector<std::size_t> idx(vertices_.size());
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    std::stable_sort(idx.begin(), idx.end(),
                     [&](std::size_t a, std::size_t b) { return values_[a] < values_[b]; });
    std::vector<Vector> v(idx.size());
    std::vector<double> fv(idx.size());
    for (std::size_t i = 0; i < idx.size(); ++i) {
      v[i] = std::move(vertices_[idx[i]]);
      fv[i] = values_[idx[i]];
    }
    vertices_ = std::move(v);
    values_ = std::move(fv);
  }

  void publish(IterateState& state) const {
    state.x = vars_.expand(vertices_[0]);
    state.f = values_[0];
  }

  double diameter() const {
    double d = 0.0;
    for (std::size_t i = 1; i < vertices_.size(); ++i)
      d = std::max(d, (vertices_[i] - vertices_[0]).lpNorm<Eigen::Infinity>());
    return d;
  }
  double f_spread() const {
    double s = 0.0;
    for (std::size_t i = 1; i < values_.size(); ++i) s = std::max(s, std::abs(values_[i] - values_[0]));
    return s;
  }

  /// Smallest singular value of the edges v_i − v_0 scaled to unit length (0 for a repeated vertex).
  double degeneracy() const {
    Matrix e(m_, m_);
    for (Index k = 0; k < m_; ++k) {
      e.col(k) = vertices_[static_cast<std::size_t>(k + 1)] - vertices_[0];
      const double norm = e.col(k).norm();
      if (!(norm > 0.0) || !std::isfinite(norm)) return 0.0;
      e.col(k) /= norm;
    }
    if (m_ == 1) return 1.0;
    Eigen::JacobiSVD<Matrix> svd(e);
    return svd.singularValues()[m_ - 1];
  }

  /// One iteration of Lagarias et al. (1998), Algorithm "NM", with projected trial points.
  void iterate(CountedObjective& f) {
    const auto last = static_cast<std::size_t>(m_);
    centroid_ = Vector::Zero(m_);
    for (std::size_t i = 0; i < last; ++i) centroid_ += vertices_[i];
    centroid_ /= static_cast<double>(m_);
    const Vector& worst = vertices_[last];
    // (1 + t) c − t w, the form scipy computes, so that the two agree to the last bit.
    auto point = [&](double t) { return vars_.clamp(((1.0 + t) * centroid_ - t * worst).eval()); };

    const Vector xr = point(reflection_);
    const double fr = evaluate(f, xr);
    if (f.failed()) return;
    if (fr < values_[0]) {
      const Vector xe = point(reflection_ * expansion_);
      const double fe = evaluate(f, xe);
      if (f.failed()) return;
      if (fe < fr) return replace_worst(xe, fe);
      return replace_worst(xr, fr);
    }
    if (fr < values_[last - 1]) return replace_worst(xr, fr);
    if (fr < values_[last]) {  // outside contraction
      const Vector xc = point(reflection_ * contraction_);
      const double fc = evaluate(f, xc);
      if (f.failed()) return;
      if (fc <= fr) return replace_worst(xc, fc);
    } else {  // inside contraction
      const Vector xc = point(-contraction_);
      const double fc = evaluate(f, xc);
      if (f.failed()) return;
      if (fc < values_[last]) return replace_worst(xc, fc);
    }
    for (std::size_t i = 1; i <= last; ++i) {  // shrink towards the best vertex
      vertices_[i] = vars_.clamp(vertices_[0] + shrink_ * (vertices_[i] - vertices_[0]));
      values_[i] = evaluate(f, vertices_[i]);
      if (f.failed()) return;
    }
  }

  void replace_worst(const Vector& z, double value) {
    vertices_.back() = z;
    values_.back() = value;
  }

  std::string with_note(std::string message) const {
    if (!note_.empty()) message += "; " + note_;
    if (restarts_ > 0)
      message += fmt::format("; the simplex was rebuilt {} time{} after degenerating", restarts_,
                             restarts_ == 1 ? "" : "s");
    return message;
  }

  NelderMead settings_;
  Bounds bounds_;
  detail::FreeVariables vars_;
  Index m_ = 0;
  double reflection_ = 1.0, expansion_ = 2.0, contraction_ = 0.5, shrink_ = 0.5;
  std::vector<Vector> vertices_;
  std::vector<double> values_;
  Vector centroid_;
  int restarts_ = 0;
  std::string note_;
};

}  // namespace

std::unique_ptr<IterativeMethod> make_iterative_method(const NelderMead& method, Bounds bounds) {
  method.validate();
  return std::make_unique<NelderMeadMethod>(method, std::move(bounds));
}

}  // namespace minima
