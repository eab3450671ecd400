// Population batches over MPI processes (distributed/mpi_evaluator.hpp). Built with MPI when the
// CMake option MINIMA_MPI is on (MINIMA_HAVE_MPI); otherwise every entry point says so.
#include "minima/distributed/mpi_evaluator.hpp"

#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "minima/core/error.hpp"

#if MINIMA_HAVE_MPI
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <vector>
#endif

namespace minima {

bool launched_by_mpirun() {
  // OpenMPI sets OMPI_COMM_WORLD_SIZE; PMIx and the PMI of MPICH/Slurm set the others.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name)) return true;
  return false;
}

#if MINIMA_HAVE_MPI

bool mpi_built() {
  return true;
}

namespace {

constexpr int kBlockTag = 1;     // rank 0 → worker: the block's points, n·k doubles
constexpr int kShutdownTag = 2;  // rank 0 → worker: one int, the code serve() returns
constexpr int kResultTag = 3;    // worker → rank 0: the packed outcome of its block

// Blocking MPI calls spin at full speed; with several ranks per core (or ranks that wait for
// external programs) that steals the cores from the ranks that compute. So a waiting rank polls:
// a few quick tries, then sleeps growing to 200 µs (small next to the ~10 ms evaluations that make
// distributing worth it).
template <class Ready>
void wait_until(Ready ready) {
  for (int i = 0; i < 64; ++i)
    if (ready()) return;
  auto pause = std::chrono::microseconds(5);
  while (!ready()) {
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(200));
  }
}

MPI_Status probe(MPI_Comm comm, int source, int tag) {
  MPI_Status status;
  wait_until([&] {
    int flag = 0;
    MPI_Iprobe(source, tag, comm, &flag, &status);
    return flag != 0;
  });
  return status;
}

// The first column of rank r's block of a batch of m points over k ranks, ⌈r·m/k⌉: the blocks differ
// by at most one point, and a batch of fewer than k points leaves the last ranks idle (rank 0, which
// needs no message, always has work).
Index block_begin(Index m, int r, int k) {
  return (m * r + k - 1) / k;
}

// Outcome → bytes: the values, one flag byte per point, then each failed point's message as a
// 32-bit length and its bytes.
std::vector<char> pack(const BatchOutcome& o) {
  const std::size_t k = o.failed.size();
  std::size_t bytes = k * sizeof(double) + k;
  for (std::size_t j = 0; j < k; ++j)
    if (o.failed[j]) bytes += sizeof(std::uint32_t) + o.messages[j].size();
  std::vector<char> out(bytes);
  char* p = out.data();
  std::memcpy(p, o.values.data(), k * sizeof(double));
  p += k * sizeof(double);
  std::memcpy(p, o.failed.data(), k);
  p += k;
  for (std::size_t j = 0; j < k; ++j) {
    if (!o.failed[j]) continue;
    const auto length = static_cast<std::uint32_t>(o.messages[j].size());
    std::memcpy(p, &length, sizeof length);
    p += sizeof length;
    std::memcpy(p, o.messages[j].data(), length);
    p += length;
  }
  return out;
}

// Bytes → the entries [begin, begin + k) of `into`. Throws std::runtime_error on a malformed buffer.
void unpack(const std::vector<char>& bytes, Index begin, Index k, BatchOutcome& into) {
  const auto uk = static_cast<std::size_t>(k);
  if (bytes.size() < uk * sizeof(double) + uk) throw std::runtime_error("a worker's answer is too short");
  const char* p = bytes.data();
  const char* end = bytes.data() + bytes.size();
  std::memcpy(into.values.data() + begin, p, uk * sizeof(double));
  p += uk * sizeof(double);
  for (std::size_t j = 0; j < uk; ++j) into.failed[static_cast<std::size_t>(begin) + j] = p[j];
  p += uk;
  for (std::size_t j = 0; j < uk; ++j) {
    const auto at = static_cast<std::size_t>(begin) + j;
    if (!into.failed[at]) continue;
    std::uint32_t length = 0;
    if (end - p < static_cast<std::ptrdiff_t>(sizeof length))
      throw std::runtime_error("a worker's answer is cut");
    std::memcpy(&length, p, sizeof length);
    p += sizeof length;
    if (end - p < static_cast<std::ptrdiff_t>(length)) throw std::runtime_error("a worker's answer is cut");
    into.messages[at].assign(p, length);
    p += length;
  }
}

BatchOutcome all_failed(Index k, const std::string& message) {
  BatchOutcome o;
  o.values = Vector::Constant(k, std::numeric_limits<double>::quiet_NaN());
  o.failed.assign(static_cast<std::size_t>(k), 1);
  o.messages.assign(static_cast<std::size_t>(k), message);
  return o;
}

void require_mpi_initialised(const char* who) {
  int initialised = 0, finalised = 0;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  if (!initialised || finalised)
    throw InvalidArgument(fmt::format("{}: MPI is not initialised (create an MpiSession first)", who));
}

}  // namespace

MpiSession::MpiSession() {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (!initialised) {
    // OpenMPI yields the core inside every MPI poll when oversubscribed; our waits poll with short
    // sleeps already, and on a busy machine each yield cost a whole time slice (a 3-rank run on 2
    // loaded cores took 1.0 s instead of 0.06 s). A value the user set is kept.
    ::setenv("OMPI_MCA_mpi_yield_when_idle", "0", 0);
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided);
    initialised_here_ = true;
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() {
  int finalised = 0;
  MPI_Finalized(&finalised);
  if (initialised_here_ && !finalised) MPI_Finalize();
}

std::string MpiSession::agree(const std::string& error) const {
  int mine = error.empty() ? size_ : rank_;
  int first = size_;
  MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (first == size_) return "";
  int length = rank_ == first ? static_cast<int>(error.size()) : 0;
  MPI_Bcast(&length, 1, MPI_INT, first, MPI_COMM_WORLD);
  std::string message = rank_ == first ? error : std::string(static_cast<std::size_t>(length), ' ');
  MPI_Bcast(message.data(), length, MPI_CHAR, first, MPI_COMM_WORLD);
  return fmt::format("rank {}: {}", first, message);
}

struct MpiBatchEvaluator::State {
  State(const BatchObjective& local, int threads) : evaluator(local, {}, threads) {}
  BatchEvaluator evaluator;  // this rank's block, on its own threads; counts nothing that matters
  BatchObjective distributed;
  MPI_Comm comm = MPI_COMM_NULL;
  int rank = 0;
  int size = 1;
  bool shut_down = false;
  long batches = 0;
  Index largest = 0;

  BatchOutcome distribute(const Matrix& X, Index m) {
    ++batches;
    largest = std::max(largest, m);
    const Index n = X.rows();
    std::vector<MPI_Request> sends;
    for (int r = 1; r < size; ++r) {
      const Index b = block_begin(m, r, size), e = block_begin(m, r + 1, size);
      if (e == b) continue;  // more ranks than points: this one sits the batch out
      sends.emplace_back();
      MPI_Isend(X.data() + b * n, static_cast<int>((e - b) * n), MPI_DOUBLE, r, kBlockTag, comm,
                &sends.back());
    }
    // The blocks are on their way before rank 0 starts on its own (a large block goes by
    // rendezvous, which needs the sender inside MPI).
    MPI_Waitall(static_cast<int>(sends.size()), sends.data(), MPI_STATUSES_IGNORE);
    BatchOutcome out = evaluator.compute(X, block_begin(m, 1, size));
    out.values.conservativeResize(m);
    out.failed.resize(static_cast<std::size_t>(m), 0);
    out.messages.resize(static_cast<std::size_t>(m));
    for (int r = 1; r < size; ++r) {
      const Index b = block_begin(m, r, size), e = block_begin(m, r + 1, size);
      if (e == b) continue;
      MPI_Status status = probe(comm, r, kResultTag);
      int bytes = 0;
      MPI_Get_count(&status, MPI_BYTE, &bytes);
      std::vector<char> buffer(static_cast<std::size_t>(bytes));
      MPI_Recv(buffer.data(), bytes, MPI_BYTE, r, kResultTag, comm, MPI_STATUS_IGNORE);
      try {
        unpack(buffer, b, e - b, out);
      } catch (const std::exception& error) {
        const BatchOutcome failed = all_failed(e - b, fmt::format("rank {}: {}", r, error.what()));
        for (Index j = 0; j < e - b; ++j) {
          out.values[b + j] = failed.values[j];
          out.failed[static_cast<std::size_t>(b + j)] = 1;
          out.messages[static_cast<std::size_t>(b + j)] = failed.messages[static_cast<std::size_t>(j)];
        }
      }
    }
    return out;
  }
};

MpiBatchEvaluator::MpiBatchEvaluator(const BatchObjective& local, int threads) {
  require_mpi_initialised("MpiBatchEvaluator");
  if (threads < 0)
    throw InvalidArgument(fmt::format("threads = {} must be >= 0 (0: all hardware threads)", threads));
  state_ = std::make_unique<State>(local, threads);
  MPI_Comm_dup(MPI_COMM_WORLD, &state_->comm);
  MPI_Comm_rank(state_->comm, &state_->rank);
  MPI_Comm_size(state_->comm, &state_->size);
  State* s = state_.get();
  state_->distributed = BatchObjective::from_outcomes(
      [s](const Matrix& X, Index m) { return s->distribute(X, m); }, local.dimension());
}

MpiBatchEvaluator::~MpiBatchEvaluator() {
  int finalised = 0;
  MPI_Finalized(&finalised);
  if (finalised) return;  // too late to say anything
  if (is_root()) shutdown(0);
  MPI_Comm_free(&state_->comm);
}

int MpiBatchEvaluator::rank() const {
  return state_->rank;
}
int MpiBatchEvaluator::size() const {
  return state_->size;
}
long MpiBatchEvaluator::batches() const {
  return state_->batches;
}
Index MpiBatchEvaluator::largest_batch() const {
  return state_->largest;
}

const BatchObjective& MpiBatchEvaluator::objective() const {
  if (!is_root()) throw InvalidArgument("MpiBatchEvaluator::objective: only rank 0 runs the method");
  return state_->distributed;
}

void MpiBatchEvaluator::shutdown(int code) {
  if (!is_root() || state_->shut_down) return;
  state_->shut_down = true;
  for (int r = 1; r < state_->size; ++r) MPI_Send(&code, 1, MPI_INT, r, kShutdownTag, state_->comm);
}

int MpiBatchEvaluator::serve() {
  if (is_root()) throw InvalidArgument("MpiBatchEvaluator::serve: rank 0 runs the method; workers serve");
  State& s = *state_;
  const Index n = s.evaluator.dimension();
  for (;;) {
    MPI_Status status = probe(s.comm, 0, MPI_ANY_TAG);
    if (status.MPI_TAG == kShutdownTag) {
      int code = 0;
      MPI_Recv(&code, 1, MPI_INT, 0, kShutdownTag, s.comm, MPI_STATUS_IGNORE);
      return code;
    }
    int count = 0;
    MPI_Get_count(&status, MPI_DOUBLE, &count);
    const Index k = count / n;
    std::vector<char> answer;
    try {
      Matrix block(n, k);
      MPI_Recv(block.data(), count, MPI_DOUBLE, 0, kBlockTag, s.comm, MPI_STATUS_IGNORE);
      answer = pack(s.evaluator.compute(block, k));  // never throws for what the function does
    } catch (const std::exception& e) {
      // The block cannot be evaluated here (e.g. out of memory): rank 0 gets it as failed points.
      try {
        answer = pack(all_failed(k, fmt::format("rank {}: {}", s.rank, e.what())));
      } catch (...) {
        std::fprintf(stderr, "minima: MPI rank %d cannot answer rank 0 (%s); aborting the job\n", s.rank,
                     e.what());
        MPI_Abort(MPI_COMM_WORLD, 1);
      }
    }
    MPI_Send(answer.data(), static_cast<int>(answer.size()), MPI_BYTE, 0, kResultTag, s.comm);
  }
}

#else  // built without MPI: the same interface, and a clear error from every entry point

bool mpi_built() {
  return false;
}

namespace {
[[noreturn]] void no_mpi(const char* who) {
  throw InvalidArgument(fmt::format(
      "{}: minima was built without MPI (install libopenmpi-dev and configure with -DMINIMA_MPI=ON)", who));
}
}  // namespace

struct MpiBatchEvaluator::State {};

MpiSession::MpiSession() {
  no_mpi("MpiSession");
}
MpiSession::~MpiSession() = default;
std::string MpiSession::agree(const std::string&) const {
  no_mpi("MpiSession::agree");
}
MpiBatchEvaluator::MpiBatchEvaluator(const BatchObjective&, int) {
  no_mpi("MpiBatchEvaluator");
}
MpiBatchEvaluator::~MpiBatchEvaluator() = default;
int MpiBatchEvaluator::rank() const {
  return 0;
}
int MpiBatchEvaluator::size() const {
  return 1;
}
long MpiBatchEvaluator::batches() const {
  return 0;
}
Index MpiBatchEvaluator::largest_batch() const {
  return 0;
}
const BatchObjective& MpiBatchEvaluator::objective() const {
  no_mpi("MpiBatchEvaluator::objective");
}
void MpiBatchEvaluator::shutdown(int) {}
int MpiBatchEvaluator::serve() {
  no_mpi("MpiBatchEvaluator::serve");
}

#endif

}  // namespace minima
