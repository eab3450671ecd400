// Local runs driven in lock-step by a population method (local_run.hpp).
#include "local_run.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "minima/core/driver.hpp"

namespace minima {
namespace {

/// Thrown inside a local run's objective when the method is destroyed before the run ends.
struct Cancelled : std::runtime_error {
  Cancelled() : std::runtime_error("the population method ended before its local run") {}
};

}  // namespace

LocalRun::LocalRun(Vector x0, const Bounds& box, const LocalRunSettings& settings) : box_(box) {
  thread_ = std::thread([this, x0 = std::move(x0), settings]() mutable { body(std::move(x0), settings); });
}

LocalRun::~LocalRun() {
  {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

bool LocalRun::wait() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return phase_ != Phase::running; });
  return phase_ == Phase::waiting;
}

void LocalRun::answer(Vector values) {
  {
    std::lock_guard lock(mutex_);
    answer_ = std::move(values);
    phase_ = Phase::running;
  }
  changed_.notify_all();
}

Vector LocalRun::evaluate(Matrix points) {
  std::unique_lock lock(mutex_);
  if (cancelled_) throw Cancelled();
  request_ = std::move(points);
  phase_ = Phase::waiting;
  changed_.notify_all();
  changed_.wait(lock, [&] { return phase_ == Phase::running || cancelled_; });
  if (cancelled_) throw Cancelled();
  return answer_;
}

void LocalRun::body(Vector x0, const LocalRunSettings& s) {
  const Index n = x0.size();
  const Objective objective(
      [&](const Vector& x, Vector* grad) {
        if (!grad) return evaluate(x)[0];
        // x and x + h_i e_i (− h_i e_i when + would leave the box) as one request.
        Matrix points(n, n + 1);
        points.col(0) = x;
        Vector h(n);
        for (Index i = 0; i < n; ++i) {
          h[i] = s.finite_difference_step * std::max(1.0, std::abs(x[i]));
          if (x[i] + h[i] > box_.upper[i]) h[i] = -h[i];
          points.col(i + 1) = x;
          points(i, i + 1) += h[i];
          h[i] = points(i, i + 1) - x[i];  // the step actually taken, after rounding
        }
        const Vector values = evaluate(std::move(points));
        grad->resize(n);
        for (Index i = 0; i < n; ++i)
          (*grad)[i] = std::isfinite(values[i + 1]) && h[i] != 0.0 ? (values[i + 1] - values[0]) / h[i] : 0.0;
        return values[0];
      },
      n, {}, DerivativeSource::finite_difference);
  try {
    auto method =
        s.bobyqa ? make_iterative_method(*s.bobyqa, box_) : make_bound_constrained_method(s.method, box_);
    result_ = run_iterations(objective, std::move(x0), *method, s.stop);
  } catch (const std::exception& e) {
    result_.status = Status::function_error;
    result_.message = e.what();
  }
  {
    std::lock_guard lock(mutex_);
    phase_ = Phase::done;
  }
  changed_.notify_all();
}

}  // namespace minima
