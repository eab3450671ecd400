// L-BFGS with the compact representation (Byrd, Nocedal & Schnabel 1994) and fused passes.
//
// Layout: m + 1 slots of (s, y) vectors; the window lists the slots in use, oldest first, and one
// slot is free for the pair being formed. Per iteration, with k pairs in the window:
//   direction:  d = −(γ g + Σ p_l s_l + Σ q_l y_l), gᵀd and ‖d‖∞ in the same pass (reads 2k + 1);
//   search:     the new direction is the free slot's s (swapped in, no copy), the old gradient is
//               swapped into the free slot's y before the search; accept() swaps the new point in;
//   dot pass:   y = g₊ − g in place, and sᵢᵀg₊, yᵢᵀg₊, sᵢᵀy, yᵢᵀy for every pair (reads 2k + 2).
// Rows are processed in chunks that stay in L1/L2, so each stored vector is read from memory once
// per pass. s is stored as the unscaled direction with its step α kept apart (s = α d).
#include "minima/unconstrained/lbfgs.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {

void Lbfgs::validate() const {
  if (memory < 1) throw InvalidArgument(fmt::format("Lbfgs::memory = {}: must be >= 1", memory));
  line_search.validate();
  if (!(skip_tolerance >= 0.0 && skip_tolerance < 1.0))
    throw InvalidArgument(fmt::format("Lbfgs::skip_tolerance = {}: must be in [0, 1)", skip_tolerance));
  if (!(initial_step > 0.0 && std::isfinite(initial_step)))
    throw InvalidArgument(fmt::format("Lbfgs::initial_step = {}: must be finite and > 0", initial_step));
}

namespace {

/// Rows per chunk of the fused passes: the chunks of g and y (2 × 16 KiB) stay in L1 while the
/// stored vectors stream through once.
constexpr Index kChunk = 2048;

class LbfgsMethod final : public IterativeMethod {
 public:
  explicit LbfgsMethod(const Lbfgs& settings) : settings_(settings), m_(settings.memory) {}

  std::string name() const override { return "lbfgs"; }

  StepOutcome init(IterateState& state, CountedObjective& /*f*/) override {
    n_ = state.x.size();
    const int slots = m_ + 1;
    s_.assign(slots, Vector());
    y_.assign(slots, Vector());
    s_scale_.assign(slots, 0.0);
    a_.setZero(slots);
    b_.setZero(slots);
    sy_.setZero(slots, slots);
    yy_.setZero(slots, slots);
    r_.setZero(m_, m_);
    yyl_.setZero(m_, m_);
    u_.setZero(m_);
    t_.setZero(m_);
    coef_s_.setZero(m_);
    coef_y_.setZero(m_);
    new_sy_.setZero(slots);
    new_yy_.setZero(slots);
    window_.clear();
    window_.reserve(m_);
    free_.clear();
    for (int j = slots - 1; j >= 0; --j) free_.push_back(j);
    d_.resize(n_);
    return {};
  }

  StepOutcome step(IterateState& state, CountedObjective& f) override {
    if (!phi_ || &phi_->objective() != &f) phi_.emplace(f, state.x, d_);

    // Try the quasi-Newton direction; if it is not a descent direction or its search fails, forget
    // the pairs and try steepest descent once (as L-BFGS-B does) before giving up.
    for (;;) {
      const bool steepest = window_.empty();
      double slope = 0.0, d_max = 0.0;
      direction(state.g, slope, d_max);
      if (!(slope < 0.0)) {
        if (!steepest) {
          window_reset();
          continue;
        }
        return StepOutcome::stop(Status::line_search_failed,
                                 fmt::format("no descent direction: gᵀd = {:.3g} along d = −g", slope));
      }
      double alpha0 = steepest ? settings_.initial_step / d_max : 1.0;
      alpha0 = std::min(alpha0, settings_.line_search.max_step);

      const int c = free_.back();
      std::swap(state.g, y_[c]);  // keep g for y = g₊ − g; the search does not read state.g
      const LineSearchResult ls = strong_wolfe_search(settings_.line_search, *phi_, state.f, slope, alpha0);
      if (!ls.ok) {
        std::swap(state.g, y_[c]);
        if (!steepest) {
          window_reset();
          continue;
        }
        return StepOutcome::stop(Status::line_search_failed,
                                 fmt::format("line search failed: {}", ls.message));
      }
      phi_->accept(ls.alpha, state);
      free_.pop_back();
      std::swap(d_, s_[c]);  // s_c = α d without a copy; d_ takes the slot's old buffer
      s_scale_[c] = ls.alpha;
      add_pair(c, state.g);
      return StepOutcome::accepted(ls.alpha * d_max, ls.alpha);
    }
  }

 private:
  void window_reset() {
    for (int j : window_) free_.push_back(j);
    window_.clear();
  }

  /// d = −H g, with gᵀd and ‖d‖∞, in one pass over the stored pairs.
  void direction(const Vector& g, double& slope, double& d_max) {
    d_.resize(n_);
    const int k = static_cast<int>(window_.size());
    if (k == 0) {
      d_ = -g;
      slope = -g.squaredNorm();
      d_max = g.lpNorm<Eigen::Infinity>();
      return;
    }
    // Small k×k algebra in logical order (oldest first): R = triu(SᵀY), D, YᵀY, a = Sᵀg, b = Yᵀg.
    for (int l1 = 0; l1 < k; ++l1) {
      const int j1 = window_[l1];
      u_[l1] = a_[j1];
      t_[l1] = b_[j1];
      for (int l2 = 0; l2 < k; ++l2) {
        const int j2 = window_[l2];
        r_(l1, l2) = l1 <= l2 ? sy_(j1, j2) : 0.0;
        yyl_(l1, l2) = yy_(j1, j2);
      }
    }
    const int newest = window_.back();
    const double gamma = sy_(newest, newest) / yy_(newest, newest);  // N&W 7.20
    auto R = r_.topLeftCorner(k, k);
    auto u = u_.head(k);
    auto t = t_.head(k);
    // BNS 1994 Thm 2.2 with H₀ = γI: H g = γ g + S p + Y q, u = R⁻¹ a,
    // p = R⁻ᵀ((D + γ YᵀY) u − γ b), q = −γ u.
    R.triangularView<Eigen::Upper>().solveInPlace(u);
    Vector& p_work = coef_s_;
    p_work.head(k).noalias() = gamma * (yyl_.topLeftCorner(k, k) * u);
    p_work.head(k) += R.diagonal().cwiseProduct(u) - gamma * t;
    R.transpose().triangularView<Eigen::Lower>().solveInPlace(p_work.head(k));
    for (int l = 0; l < k; ++l) {
      coef_s_[l] *= s_scale_[window_[l]];  // s_l = scale · stored vector
      coef_y_[l] = -gamma * u[l];
    }

    slope = 0.0;
    d_max = 0.0;
    for (Index r0 = 0; r0 < n_; r0 += kChunk) {
      const Index len = std::min(kChunk, n_ - r0);
      auto dc = d_.segment(r0, len);
      const auto gc = g.segment(r0, len);
      dc = -gamma * gc;
      for (int l = 0; l < k; ++l) {
        const int j = window_[l];
        dc -= coef_s_[l] * s_[j].segment(r0, len) + coef_y_[l] * y_[j].segment(r0, len);
      }
      slope += dc.dot(gc);
      d_max = std::max(d_max, dc.lpNorm<Eigen::Infinity>());
    }
  }

  /// Forms y_c = g₊ − g in place, updates the dot products, and keeps the pair if its curvature
  /// is positive enough. A full window first drops its oldest pair (not read again).
  ///
  /// Only sⱼᵀg₊ and yⱼᵀg₊ are computed for the stored pairs: the new entries of SᵀY and YᵀY follow
  /// from them, sⱼᵀy = sⱼᵀg₊ − sⱼᵀg and yⱼᵀy = yⱼᵀg₊ − yⱼᵀg, with sⱼᵀg and yⱼᵀg from the previous
  /// pass (the "vector-free" identities of Chen et al., NIPS 2014). That halves the arithmetic of this
  /// pass; the difference loses at most a factor ‖g‖/‖y‖ of relative accuracy, which matters only for
  /// steps far below the gradient's scale. The new pair's own products are computed directly.
  void add_pair(int c, const Vector& g) {
    if (static_cast<int>(window_.size()) == m_) {
      free_.insert(free_.begin(), window_.front());  // reused after the slots never used
      window_.erase(window_.begin());
    }
    const int k = static_cast<int>(window_.size());
    for (int l = 0; l < k; ++l) {
      const int j = window_[l];
      new_sy_[l] = a_[j];  // sⱼᵀg (old gradient), kept for the differences
      new_yy_[l] = b_[j];
      a_[j] = b_[j] = 0.0;
    }
    double sg = 0.0, yg = 0.0, sy = 0.0, yy = 0.0, ss = 0.0;
    Vector& sc_vec = s_[c];
    Vector& yc_vec = y_[c];
    for (Index r0 = 0; r0 < n_; r0 += kChunk) {
      const Index len = std::min(kChunk, n_ - r0);
      const auto gc = g.segment(r0, len);
      auto yc = yc_vec.segment(r0, len);
      yc = gc - yc;
      const auto sc = sc_vec.segment(r0, len);
      sg += sc.dot(gc);
      sy += sc.dot(yc);
      ss += sc.squaredNorm();
      yg += yc.dot(gc);
      yy += yc.squaredNorm();
      for (int l = 0; l < k; ++l) {
        const int j = window_[l];
        a_[j] += s_[j].segment(r0, len).dot(gc);
        b_[j] += y_[j].segment(r0, len).dot(gc);
      }
    }
    for (int l = 0; l < k; ++l) {
      const int j = window_[l];
      a_[j] *= s_scale_[j];
      new_sy_[l] = a_[j] - new_sy_[l];
      new_yy_[l] = b_[j] - new_yy_[l];
    }
    const double alpha = s_scale_[c];
    sg *= alpha;
    sy *= alpha;
    ss *= alpha * alpha;
    if (!(sy > settings_.skip_tolerance * std::sqrt(ss * yy))) {
      free_.push_back(c);  // skipped: the slot is the next free one again
      return;
    }
    for (int l = 0; l < k; ++l) {
      const int j = window_[l];
      sy_(j, c) = new_sy_[l];
      yy_(j, c) = yy_(c, j) = new_yy_[l];
    }
    sy_(c, c) = sy;
    yy_(c, c) = yy;
    a_[c] = sg;
    b_[c] = yg;
    window_.push_back(c);
  }

  Lbfgs settings_;
  int m_;
  Index n_ = 0;
  std::vector<Vector> s_, y_;    ///< m + 1 slots; s_[j] holds the direction, s = s_scale_[j] · s_[j]
  std::vector<double> s_scale_;  ///< the step α of each slot's pair
  std::vector<int> window_;      ///< slots in use, oldest first
  std::vector<int> free_;        ///< free slots; back() is the next one used
  Vector a_, b_;                 ///< sⱼᵀg, yⱼᵀg at the current g, per slot
  Matrix sy_, yy_;               ///< sᵢᵀyⱼ (i not newer than j) and yᵢᵀyⱼ, per pair of slots
  Matrix r_, yyl_;               ///< k×k work in logical order
  Vector u_, t_, coef_s_, coef_y_, new_sy_, new_yy_;
  Vector d_;
  std::optional<LineFunction> phi_;
};

}  // namespace

std::unique_ptr<IterativeMethod> make_iterative_method(const Lbfgs& method) {
  method.validate();
  return std::make_unique<LbfgsMethod>(method);
}

}  // namespace minima
