// `mpirun -n K minima blackbox ...` (distributed/mpi_evaluator.hpp): MPI for the whole process when
// mpirun started it, the set-up agreement between ranks, and the rule that only rank 0 speaks
// (prints results and errors, writes files and checkpoints). Kept apart from main.cpp and
// cmd_blackbox.cpp so that they stay thin.
#pragma once

#include <string>

#include "minima/distributed/mpi_evaluator.hpp"

namespace minima::cli {

/// The MPI session of this process (null unless mpirun started it and minima has MPI).
MpiSession* mpi_session();
/// Several MPI processes: blackbox distributes its batches; rank 0 runs the method.
bool mpi_distributed();
/// True on the MPI ranks other than 0 (also when minima has no MPI and mpirun started it): they
/// print nothing, rank 0 reports for the job.
bool mpi_worker();

/// In main(), before parsing: MPI from construction to destruction when mpirun started this
/// process and minima has MPI (MPI_Init .. MPI_Finalize); nothing otherwise.
class MpiForProcess {
 public:
  MpiForProcess();
  ~MpiForProcess();
  MpiForProcess(const MpiForProcess&) = delete;
  MpiForProcess& operator=(const MpiForProcess&) = delete;
};

/// Throws UsageError when mpirun started several processes and they cannot share the work: minima
/// was built without MPI, or `subcommand` is not blackbox (the only one that distributes).
void check_mpi_subcommand(const std::string& subcommand);

/// Collective: called by every rank once its set-up is done. Throws std::runtime_error("rank r:
/// ...") on every rank when some rank's set-up failed (that rank reports through
/// mpi_error_exit()), so no rank waits for batches that will never come.
void mpi_agree_setup();
/// In main()'s error path: a rank whose set-up failed before mpi_agree_setup() tells the others
/// (collective; does nothing once the set-up was agreed, or without several processes).
void mpi_report_setup_error(const std::string& message);

}  // namespace minima::cli
