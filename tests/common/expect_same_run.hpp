// Two population runs that must be the same computation (a resumed run and the one never stopped;
// a run over MPI ranks and the one on one process): every computed field equal, bit for bit; only
// the measured seconds may differ.
#pragma once

#include <gtest/gtest.h>

#include "minima/core/result.hpp"

namespace minima::testing_support {

inline void expect_same_run(const Result& a, const Result& b) {
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.message, b.message);
  EXPECT_EQ(a.x, b.x);  // bit for bit
  EXPECT_EQ(a.f, b.f);
  EXPECT_EQ(a.iterations, b.iterations);
  EXPECT_EQ(a.evaluations.function, b.evaluations.function);
  ASSERT_TRUE(a.population && b.population);
  const auto &p = *a.population, &q = *b.population;
  EXPECT_EQ(p.generations, q.generations);
  EXPECT_EQ(p.failed_evaluations, q.failed_evaluations);
  EXPECT_EQ(p.non_finite_evaluations, q.non_finite_evaluations);
  EXPECT_EQ(p.first_failure, q.first_failure);
  EXPECT_EQ(p.restarts, q.restarts);
  ASSERT_EQ(p.best_trace.size(), q.best_trace.size());
  for (std::size_t k = 0; k < p.best_trace.size(); ++k) {
    EXPECT_EQ(p.best_trace[k].evaluations, q.best_trace[k].evaluations);
    EXPECT_EQ(p.best_trace[k].f, q.best_trace[k].f);
  }
  ASSERT_EQ(p.generation_trace.size(), q.generation_trace.size());
  for (std::size_t k = 0; k < p.generation_trace.size(); ++k) {
    EXPECT_EQ(p.generation_trace[k].best_f, q.generation_trace[k].best_f);
    EXPECT_EQ(p.generation_trace[k].extra, q.generation_trace[k].extra);
  }
}

}  // namespace minima::testing_support
