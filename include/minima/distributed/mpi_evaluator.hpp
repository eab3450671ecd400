// Population batches evaluated across MPI processes (issue 16; DESIGN "where evaluations happen is
// pluggable"): `mpirun -n K` runs K copies of a program; rank 0 runs the method, the other ranks
// are workers. Each batch is cut into K contiguous blocks (a static block split: rank r gets columns
// [⌈r·m/K⌉, ⌈(r+1)·m/K⌉) of an m-point batch), every rank evaluates its own block (on its own threads
// when asked), and the outcomes — values, and per point whether it failed with its message — come
// back to rank 0 in batch order. Rank 0's BatchEvaluator then does the bookkeeping exactly as for
// one process, so a run gives the same result for a seed whatever K (the function must give the
// same value for the same point on every rank: the same program and build). A batch smaller than K
// leaves the last ranks idle for that batch. Workers wait for blocks in a loop (polling with short
// sleeps, not spinning, so waiting ranks leave the cores to the ranks that compute) and stop when
// rank 0 sends the shutdown message.
//
// Use (every rank runs the same code; only rank 0 gets a Result):
//
//   MpiSession mpi;                                          // MPI_Init .. MPI_Finalize
//   const BatchObjective f = BatchObjective::from_function(my_function, n);
//   std::optional<Result> r = run_distributed(f, /*threads=*/1, [&](const BatchObjective& g) {
//     return cma_es(g, box, CmaEs{}, run);                 // any population method, or multistart
//   });
//   if (r) print(*r);                                        // rank 0 only
//
// A worker never throws out of serve() for what the function does: a point whose call throws comes
// back to rank 0 as a failed point with its message (ranked worst, counted in
// PopulationSummary::failed_evaluations, as with threads), NaN as NaN. Anything else that goes
// wrong on a worker (out of memory for a block) fails that whole block on rank 0 with "rank r: ...";
// only when that answer cannot be sent does the worker call MPI_Abort with a message on stderr.
// Messages travel as bytes: the ranks must share one byte order (any cluster of x86-64 or ARM64).
//
// Reference: the manager–worker pattern of W. Gropp, E. Lusk, A. Skjellum, "Using MPI", 3rd ed.,
// MIT Press 2014, chapter 3, with a static block distribution in place of self-scheduling so that
// the split, and hence the result, does not depend on timing.
#pragma once

#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include "minima/core/batch_objective.hpp"

namespace minima {

/// True when this minima was built with MPI (the CMake option MINIMA_MPI).
bool mpi_built();
/// True when this process was started by mpirun / mpiexec (OpenMPI's or a PMI environment).
bool launched_by_mpirun();

/// MPI for the lifetime of the object: initialises MPI (thread level MPI_THREAD_SERIALIZED: only
/// the thread that runs the method calls MPI) unless it is initialised already, and finalizes it in
/// the destructor when it initialised it. Before initialising it sets OpenMPI's
/// mpi_yield_when_idle to 0 unless the environment sets it (the waits here sleep already; a yield
/// in every poll made oversubscribed runs 17x slower). Throws InvalidArgument when minima was built
/// without MPI.
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  /// This process's rank and the number of processes in MPI_COMM_WORLD.
  int rank() const { return rank_; }
  int size() const { return size_; }
  /// Collective over MPI_COMM_WORLD: every rank says whether its set-up failed ("" = it did not).
  /// Returns "" on every rank when none failed, otherwise "rank r: <message>" of the lowest failed
  /// rank — so that one rank's bad set-up (a program missing on one machine) ends every rank with
  /// that message instead of leaving the others waiting for batches.
  std::string agree(const std::string& error) const;

 private:
  bool initialised_here_ = false;
  int rank_ = 0;
  int size_ = 1;
};

/// Splits each batch of `local` over the ranks of MPI_COMM_WORLD (on a duplicate of it, so its
/// messages never mix with the program's own). Every rank constructs it, with the same objective
/// dimension; MPI must be initialised (MpiSession). Throws InvalidArgument when minima was built
/// without MPI, MPI is not initialised, or threads < 0.
class MpiBatchEvaluator {
 public:
  /// `threads`: evaluation threads on each rank for its block (as BatchEvaluator's: 1 = serial,
  /// 0 = all hardware threads); with `--command`, programs run at once per rank.
  explicit MpiBatchEvaluator(const BatchObjective& local, int threads = 1);
  /// On rank 0: shutdown(0) when not done yet (so a method that throws still releases the workers).
  ~MpiBatchEvaluator();
  MpiBatchEvaluator(const MpiBatchEvaluator&) = delete;
  MpiBatchEvaluator& operator=(const MpiBatchEvaluator&) = delete;

  int rank() const;
  int size() const;
  bool is_root() const { return rank() == 0; }

  /// Rank 0: the objective to give a population method (each batch goes over all ranks). Throws
  /// InvalidArgument on a worker.
  const BatchObjective& objective() const;
  /// A worker: evaluates blocks until rank 0 shuts down; returns the code rank 0 passed to
  /// shutdown(). Throws InvalidArgument on rank 0.
  int serve();
  /// Rank 0: releases the workers (their serve() returns `code`; the CLI passes its exit status).
  /// Later calls do nothing.
  void shutdown(int code = 0);

  /// Rank 0: batches distributed so far, and the largest batch (fewer points than ranks leaves
  /// ranks idle).
  long batches() const;
  Index largest_batch() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// On rank 0: runs `run(objective)` with the distributed objective, releases the workers (also when
/// `run` throws) and returns the result; on a worker: serves until then and returns nothing.
template <class Run>
auto run_distributed(const BatchObjective& local, int threads, Run&& run)
    -> std::optional<std::invoke_result_t<Run, const BatchObjective&>> {
  MpiBatchEvaluator mpi(local, threads);
  if (!mpi.is_root()) {
    mpi.serve();
    return std::nullopt;
  }
  auto result = std::forward<Run>(run)(mpi.objective());
  mpi.shutdown();
  return result;
}

}  // namespace minima
