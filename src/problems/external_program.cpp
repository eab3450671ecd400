// An external program as the objective (problems/external_program.hpp): posix_spawn with three
// pipes, a poll loop with a deadline, the process group killed on timeout.
#include "minima/problems/external_program.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <thread>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "minima/numerics/finite_difference.hpp"

extern char** environ;

namespace minima {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Output beyond this is dropped (the value is on the last line; a runaway logger must not eat memory).
constexpr std::size_t kMaxStdout = 16u << 20;
constexpr std::size_t kMaxStderr = 64u << 10;

std::vector<std::string> split_words(const std::string& command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (char c : command) {
    if (quote) {
      if (c == quote)
        quote = 0;
      else
        word += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quote) throw InvalidArgument(fmt::format("--command '{}': unbalanced {} quote", command, quote));
  if (in_word) words.push_back(std::move(word));
  return words;
}

bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::string resolve_program(const std::string& name, const std::string& command) {
  if (name.find('/') != std::string::npos) {
    struct stat st {};
    if (::stat(name.c_str(), &st) != 0)
      throw InvalidArgument(fmt::format("--command '{}': the program '{}' does not exist", command, name));
    if (!S_ISREG(st.st_mode) || ::access(name.c_str(), X_OK) != 0)
      throw InvalidArgument(fmt::format("--command '{}': '{}' is not an executable file", command, name));
    return name;
  }
  const char* env = std::getenv("PATH");
  const std::string path = env ? env : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  for (;;) {
    const std::size_t colon = path.find(':', start);
    const std::string dir =
        path.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;  // "" in PATH is "."
    if (is_executable_file(candidate)) return candidate;
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  throw InvalidArgument(fmt::format(
      "--command '{}': the program '{}' is not found on PATH (or is not executable)", command, name));
}

std::string signal_name(int sig) {
  const char* abbrev = ::sigabbrev_np(sig);
  return abbrev ? fmt::format("signal {} (SIG{})", sig, abbrev) : fmt::format("signal {}", sig);
}

// The first `lines` non-empty lines of text, joined by " | ".
std::string first_lines(const std::string& text, int lines) {
  std::string out;
  std::size_t start = 0;
  int kept = 0;
  while (start < text.size() && kept < lines) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) {
      if (!out.empty()) out += " | ";
      out += line;
      ++kept;
    }
    start = end + 1;
  }
  return out;
}

void set_nonblocking(int fd) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// write() that returns EPIPE instead of raising SIGPIPE in this process: block SIGPIPE in this
// thread, write, and swallow a SIGPIPE the write made pending (the usual recipe; the process's
// signal dispositions stay untouched).
ssize_t write_no_sigpipe(int fd, const char* data, std::size_t size) {
  sigset_t pipe_set, old_set;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  sigset_t pending;
  sigpending(&pending);
  const bool was_pending = sigismember(&pending, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
  const ssize_t written = ::write(fd, data, size);
  const int saved = errno;
  if (written < 0 && saved == EPIPE && !was_pending) {
    const timespec zero{0, 0};
    while (sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
  errno = saved;
  return written;
}

struct Pipe {
  int fd[2] = {-1, -1};
  Pipe() {
    if (::pipe2(fd, O_CLOEXEC) != 0) fd[0] = fd[1] = -1;
  }
  ~Pipe() {
    close_end(0);
    close_end(1);
  }
  void close_end(int i) {
    if (fd[i] >= 0) ::close(fd[i]);
    fd[i] = -1;
  }
  bool ok() const { return fd[0] >= 0; }
};

}  // namespace

std::string format_program_input(const Vector& x) {
  std::string line;
  for (Index i = 0; i < x.size(); ++i) {
    if (i) line += ' ';
    char number[32];
    std::snprintf(number, sizeof number, "%.17g", x[i]);
    line += number;
  }
  line += '\n';
  return line;
}

namespace {

// The last line of `text` with something other than blanks and commas on it ("" if none).
std::string last_line(const std::string& text) {
  std::size_t end = text.size();
  while (end > 0) {
    const std::size_t newline = text.rfind('\n', end - 1);
    const std::size_t begin = newline == std::string::npos ? 0 : newline + 1;
    std::string line = text.substr(begin, end - begin);
    if (line.find_first_not_of(" \t\r,") != std::string::npos) return line;
    if (begin == 0) break;
    end = begin - 1;
  }
  return {};
}

}  // namespace

std::optional<std::vector<double>> parse_program_output(const std::string& output) {
  const std::string line = last_line(output);
  if (line.empty()) return std::nullopt;
  std::vector<double> numbers;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == ',' || line[i] == '\r')) ++i;
    if (i >= line.size()) break;
    std::size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != ',' && line[j] != '\r') ++j;
    const std::string token = line.substr(i, j - i);
    char* stop = nullptr;
    const double v = std::strtod(token.c_str(), &stop);
    if (stop != token.c_str() + token.size()) return std::nullopt;
    numbers.push_back(v);
    i = j;
  }
  if (numbers.empty()) return std::nullopt;
  return numbers;
}

ExternalProgram::ExternalProgram(const std::string& command, ExternalProgramSettings settings)
    : command_(command), settings_(settings) {
  words_ = split_words(command);
  if (words_.empty()) throw InvalidArgument("--command is empty: give a program and its arguments");
  if (settings_.timeout && !(*settings_.timeout > 0 && std::isfinite(*settings_.timeout)))
    throw InvalidArgument(
        fmt::format("--eval-timeout {} must be a positive number of seconds", *settings_.timeout));
  if (settings_.stderr_lines < 0)
    throw InvalidArgument(fmt::format("stderr_lines = {} must be >= 0", settings_.stderr_lines));
  path_ = resolve_program(words_[0], command);
}

ProgramRun ExternalProgram::run(const Vector& x, Index expected) const {
  ProgramRun out;
  const std::string input = format_program_input(x);
  Pipe in, stdout_pipe, stderr_pipe;
  if (!in.ok() || !stdout_pipe.ok() || !stderr_pipe.ok()) {
    out.error = fmt::format("cannot create pipes: {}", std::strerror(errno));
    return out;
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd[0], 0);
  posix_spawn_file_actions_adddup2(&actions, stdout_pipe.fd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, stderr_pipe.fd[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Own process group (killed whole on timeout; a Ctrl-C at the terminal goes to minima, which ends
  // the run between generations, not to the programs); default signal handling and an empty mask.
  sigset_t defaults, empty;
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&defaults, sig);
  sigemptyset(&empty);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setsigmask(&attr, &empty);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  std::vector<char*> argv;
  for (const auto& w : words_) argv.push_back(const_cast<char*>(w.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int spawn_error = ::posix_spawn(&pid, path_.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  in.close_end(0);
  stdout_pipe.close_end(1);
  stderr_pipe.close_end(1);
  if (spawn_error != 0) {
    out.error = fmt::format("cannot start '{}': {}", path_, std::strerror(spawn_error));
    return out;
  }

  const auto start = Clock::now();
  const auto deadline = settings_.timeout ? start + std::chrono::duration_cast<Clock::duration>(
                                                        std::chrono::duration<double>(*settings_.timeout))
                                          : Clock::time_point::max();
  auto ms_left = [&]() -> int {
    if (!settings_.timeout) return -1;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left + 1, 1 << 30));
  };
  set_nonblocking(in.fd[1]);
  set_nonblocking(stdout_pipe.fd[0]);
  set_nonblocking(stderr_pipe.fd[0]);

  std::string stdout_text, stderr_text;
  std::size_t written = 0;
  bool timed_out = false;
  char buffer[65536];
  while (stdout_pipe.fd[0] >= 0 || stderr_pipe.fd[0] >= 0) {
    pollfd fds[3];
    int count = 0;
    int idx_in = -1, idx_out = -1, idx_err = -1;
    if (in.fd[1] >= 0) {
      fds[count] = {in.fd[1], POLLOUT, 0};
      idx_in = count++;
    }
    if (stdout_pipe.fd[0] >= 0) {
      fds[count] = {stdout_pipe.fd[0], POLLIN, 0};
      idx_out = count++;
    }
    if (stderr_pipe.fd[0] >= 0) {
      fds[count] = {stderr_pipe.fd[0], POLLIN, 0};
      idx_err = count++;
    }
    const int timeout_ms = ms_left();
    if (timeout_ms == 0) {
      timed_out = true;
      break;
    }
    const int ready = ::poll(fds, static_cast<nfds_t>(count), timeout_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (ready == 0) continue;  // the deadline check above ends the loop
    if (idx_in >= 0 && fds[idx_in].revents) {
      const ssize_t w = write_no_sigpipe(in.fd[1], input.data() + written, input.size() - written);
      if (w > 0) written += static_cast<std::size_t>(w);
      if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == input.size())
        in.close_end(1);  // all written, or the program closed its stdin: either way, done
    }
    auto drain = [&](Pipe& p, std::string& text, std::size_t cap, short revents) {
      if (!revents) return;
      const ssize_t r = ::read(p.fd[0], buffer, sizeof buffer);
      if (r > 0) {
        if (text.size() < cap)
          text.append(buffer, static_cast<std::size_t>(std::min<std::size_t>(r, cap - text.size())));
      } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
        p.close_end(0);
      }
    };
    if (idx_out >= 0) drain(stdout_pipe, stdout_text, kMaxStdout, fds[idx_out].revents);
    if (idx_err >= 0) drain(stderr_pipe, stderr_text, kMaxStderr, fds[idx_err].revents);
  }
  in.close_end(1);

  // Both outputs closed (or the deadline passed): wait for the exit, still within the deadline.
  int status = 0;
  bool reaped = false;
  if (!timed_out) {
    for (int sleep_us = 50;;) {
      const pid_t w = ::waitpid(pid, &status, WNOHANG);
      if (w == pid) {
        reaped = true;
        break;
      }
      if (w < 0 && errno != EINTR) break;
      if (ms_left() == 0) {
        timed_out = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(sleep_us));
      sleep_us = std::min(sleep_us * 2, 5000);
    }
  }
  // Kill the whole group: on timeout, and to leave no stray background child behind.
  ::kill(-pid, SIGKILL);
  if (!reaped) {
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }

  const std::string name = words_[0];
  std::string reason;
  if (timed_out) {
    reason = fmt::format("'{}' timed out after {} s (process group killed)", name, *settings_.timeout);
  } else if (WIFSIGNALED(status)) {
    reason = fmt::format("'{}' died on {}", name, signal_name(WTERMSIG(status)));
  } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    reason = fmt::format("'{}' exited with status {}", name, WEXITSTATUS(status));
  } else if (auto numbers = parse_program_output(stdout_text); !numbers) {
    const std::string last = last_line(stdout_text);
    reason = last.empty() ? fmt::format("'{}' printed nothing on standard output", name)
                          : fmt::format("the last line of '{}' is not a list of numbers: '{}'", name,
                                        last.substr(0, 80));
  } else if (expected > 0 && static_cast<Index>(numbers->size()) != expected) {
    reason = fmt::format("'{}' printed {} number{} on its last line, expected {}", name, numbers->size(),
                         numbers->size() == 1 ? "" : "s", expected);
  } else if (const auto bad =
                 std::find_if(numbers->begin(), numbers->end(), [](double v) { return !std::isfinite(v); });
             bad != numbers->end()) {
    reason = fmt::format("'{}' printed a non-finite value ({})", name, *bad);
  } else {
    out.ok = true;
    out.numbers = std::move(*numbers);
    return out;
  }
  out.error = reason;
  const std::string err = first_lines(stderr_text, settings_.stderr_lines);
  if (!err.empty()) out.error += " | stderr: " + err;
  return out;
}

std::vector<ProgramRun> ExternalProgram::run_all(const Matrix& X, Index expected, int parallel) const {
  const Index count = X.cols();
  std::vector<ProgramRun> runs(static_cast<std::size_t>(count));
  const int workers = static_cast<int>(std::min<Index>(std::max(parallel, 1), count));
  if (workers <= 1) {
    for (Index j = 0; j < count; ++j) runs[static_cast<std::size_t>(j)] = run(X.col(j), expected);
    return runs;
  }
  std::atomic<Index> next{0};
  auto work = [&] {
    for (Index j; (j = next.fetch_add(1)) < count;)
      runs[static_cast<std::size_t>(j)] = run(X.col(j), expected);
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < workers; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  return runs;
}

void ExternalProgram::record(const ProgramRun& r) const {
  std::lock_guard lock(mutex_);
  ++runs_;
  if (!r.ok) {
    if (failures_ == 0) first_failure_ = r.error;
    ++failures_;
  }
}

long ExternalProgram::runs() const {
  std::lock_guard lock(mutex_);
  return runs_;
}
long ExternalProgram::failures() const {
  std::lock_guard lock(mutex_);
  return failures_;
}
std::string ExternalProgram::first_failure() const {
  std::lock_guard lock(mutex_);
  return first_failure_;
}

BatchObjective external_batch_objective(std::shared_ptr<const ExternalProgram> program, Index n) {
  if (!program) throw InvalidArgument("external_batch_objective: no program");
  return BatchObjective::from_function(
      [program](const Vector& x) {
        ProgramRun r = program->run(x, 1);
        program->record(r);
        if (!r.ok) throw ProgramFailure(r.error);
        return r.numbers[0];
      },
      n);
}

namespace {

// The central-difference points of fd::gradient / fd::jacobian: columns x + h_i e_i, x − h_i e_i.
Matrix difference_points(const Vector& x, Vector& steps) {
  const Index n = x.size();
  Matrix X(n, 2 * n);
  steps.resize(n);
  for (Index i = 0; i < n; ++i) {
    volatile double shifted = x[i] + fd::central_step(x[i]);  // exactly representable step
    steps[i] = shifted - x[i];
    X.col(2 * i) = x;
    X.col(2 * i + 1) = x;
    X(i, 2 * i) += steps[i];
    X(i, 2 * i + 1) -= steps[i];
  }
  return X;
}

void check_point(const Vector& x, Index n) {
  if (x.size() != n)
    throw InvalidArgument(
        fmt::format("external program: the point has {} entries, the problem {}", x.size(), n));
}

}  // namespace

Objective external_objective(std::shared_ptr<const ExternalProgram> program, Index n, int parallel) {
  if (!program) throw InvalidArgument("external_objective: no program");
  if (n < 1) throw InvalidArgument(fmt::format("external_objective: dimension {} must be >= 1", n));
  auto fg = [program, n, parallel](const Vector& x, Vector* grad) -> double {
    check_point(x, n);
    if (!grad) {
      ProgramRun r = program->run(x, 1);
      program->record(r);
      return r.ok ? r.numbers[0] : kNaN;
    }
    // f(x) and the 2n difference points in one parallel batch.
    Vector steps;
    const Matrix D = difference_points(x, steps);
    Matrix X(n, 2 * n + 1);
    X.col(0) = x;
    X.rightCols(2 * n) = D;
    const auto runs = program->run_all(X, 1, parallel);
    for (const auto& r : runs) program->record(r);
    auto value = [&](Index j) {
      return runs[static_cast<std::size_t>(j)].ok ? runs[static_cast<std::size_t>(j)].numbers[0] : kNaN;
    };
    const double f0 = value(0);
    grad->resize(n);
    for (Index i = 0; i < n; ++i) {
      const double fp = value(1 + 2 * i), fm = value(2 + 2 * i), h = steps[i];
      // As fd::gradient: one-sided where one side failed and f(x) is there.
      if (std::isfinite(fp) && std::isfinite(fm))
        (*grad)[i] = (fp - fm) / (2.0 * h);
      else if (std::isfinite(f0) && std::isfinite(fp))
        (*grad)[i] = (fp - f0) / h;
      else if (std::isfinite(f0) && std::isfinite(fm))
        (*grad)[i] = (f0 - fm) / h;
      else
        (*grad)[i] = kNaN;
    }
    return f0;
  };
  return Objective(fg, n, {}, DerivativeSource::finite_difference, DerivativeSource::finite_difference);
}

ResidualObjective external_residuals(std::shared_ptr<const ExternalProgram> program, Index m, Index n,
                                     int parallel) {
  if (!program) throw InvalidArgument("external_residuals: no program");
  if (m < 1 || n < 1)
    throw InvalidArgument(fmt::format("external_residuals: m = {} and n = {} must be >= 1", m, n));
  auto rj = [program, m, n, parallel](const Vector& x, Vector& r, Matrix* J) {
    check_point(x, n);
    r.resize(m);
    if (!J) {
      ProgramRun run = program->run(x, m);
      program->record(run);
      if (run.ok)
        r = Eigen::Map<const Vector>(run.numbers.data(), m);
      else
        r.setConstant(kNaN);
      return;
    }
    Vector steps;
    const Matrix D = difference_points(x, steps);
    Matrix X(n, 2 * n + 1);
    X.col(0) = x;
    X.rightCols(2 * n) = D;
    const auto runs = program->run_all(X, m, parallel);
    for (const auto& run : runs) program->record(run);
    auto residuals = [&](Index j) -> Vector {
      const auto& run = runs[static_cast<std::size_t>(j)];
      return run.ok ? Vector(Eigen::Map<const Vector>(run.numbers.data(), m))
                    : Vector(Vector::Constant(m, kNaN));
    };
    r = residuals(0);
    J->resize(m, n);
    for (Index i = 0; i < n; ++i)
      J->col(i) = (residuals(1 + 2 * i) - residuals(2 + 2 * i)) / (2.0 * steps[i]);
  };
  return ResidualObjective(rj, m, n, DerivativeSource::finite_difference);
}

void explain_program_failures(Result& result, const ExternalProgram& program) {
  const long failed = program.failures();
  if (failed == 0 || result.converged() || result.usable()) return;
  result.status = Status::function_error;
  result.message = fmt::format(
      "{} of {} evaluations of the program failed and the method could not go on "
      "(first: {}); last message: {}",
      failed, program.runs(), program.first_failure(), result.message);
}

}  // namespace minima
