#include "cli_mpi.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>

#include "cli_common.hpp"

namespace minima::cli {
namespace {

std::unique_ptr<MpiSession>& session() {
  static std::unique_ptr<MpiSession> s;
  return s;
}
bool& setup_agreed() {
  static bool agreed = false;
  return agreed;
}

// The number of processes mpirun started and this one's rank, from its environment (1 and 0 when
// unknown): what a minima without MPI can still know.
int launched_size() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"})
    if (const char* v = std::getenv(name)) return std::max(1, std::atoi(v));
  return 1;
}
int launched_rank() {
  for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK"})
    if (const char* v = std::getenv(name)) return std::max(0, std::atoi(v));
  return 0;
}

}  // namespace

MpiSession* mpi_session() {
  return session().get();
}
bool mpi_distributed() {
  return session() && session()->size() > 1;
}
bool mpi_worker() {
  return session() ? session()->rank() != 0 : launched_rank() != 0;
}

MpiForProcess::MpiForProcess() {
  if (launched_by_mpirun() && mpi_built()) session() = std::make_unique<MpiSession>();
}

MpiForProcess::~MpiForProcess() {
  session().reset();
}

void check_mpi_subcommand(const std::string& subcommand) {
  if (!launched_by_mpirun() || launched_size() < 2) return;
  if (!mpi_built())
    throw UsageError(
        "this minima was built without MPI, so under mpirun every process would run the whole job: "
        "rebuild it with libopenmpi-dev installed (CMake option MINIMA_MPI), or run it without mpirun");
  if (!subcommand.empty() && subcommand != "blackbox")
    throw UsageError(
        fmt::format("'minima {}' does not run on several MPI processes (only blackbox "
                    "distributes its batches); run it without mpirun",
                    subcommand));
}

void mpi_agree_setup() {
  if (!mpi_distributed() || setup_agreed()) return;
  setup_agreed() = true;
  const std::string failure = session()->agree("");
  if (!failure.empty()) throw std::runtime_error(failure);
}

void mpi_report_setup_error(const std::string& message) {
  if (!mpi_distributed() || setup_agreed()) return;
  setup_agreed() = true;
  session()->agree(message.empty() ? "error" : message);
}

}  // namespace minima::cli
