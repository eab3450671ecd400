// The floor for one `minima --command` evaluation (bench/mpi_scaling.py, issue 16):
//   bare_spawn N PROGRAM [ARGS...]
// N evaluations of PROGRAM, serially: posix_spawn with stdin, stdout and stderr on pipes and its own
// process group (as minima's ExternalProgram::run), the point written, both outputs read to the end,
// waitpid. The floor minima should be held to: no parsing, no method, no bookkeeping. Prints the seconds per
// evaluation as JSON. A separate program, without minima or MPI linked in, so that nothing but the spawn is
// measured.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

// One bare evaluation: the same pipes and process group as minima's ExternalProgram::run.
void spawn_once(char** argv, const std::string& input) {
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) std::abort();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], &actions, &attr, argv, environ) != 0) std::abort();
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  if (write(in[1], input.data(), input.size()) < 0) {
  }  // a program that does not read: fine
  close(in[1]);
  // Both outputs drained together with poll(), as minima does (blocking reads one after the other
  // measured slower on this loaded machine, which would flatter minima).
  char buffer[4096];
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) std::abort();
    for (pollfd& p : fds) {
      if (p.fd < 0 || !(p.revents & (POLLIN | POLLHUP))) continue;
      if (read(p.fd, buffer, sizeof buffer) <= 0) {
        close(p.fd);
        p.fd = -1;
        --open_fds;
      }
    }
  }
  // Reaped by polling waitpid with short sleeps, as minima does: a blocking waitpid measured slower
  // on this loaded machine (about 0.7 ms per wait under strace against 0.09 ms).
  int status = 0;
  for (int sleep_us = 50; waitpid(pid, &status, WNOHANG) != pid; sleep_us = std::min(2 * sleep_us, 5000))
    std::this_thread::sleep_for(std::chrono::microseconds(sleep_us));
}

int spawn(long n, char** argv) {
  const std::string input = "0.12345678901234566 -0.98765432109876543\n";
  const auto start = Clock::now();
  for (long i = 0; i < n; ++i) spawn_once(argv, input);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("{\"kind\": \"spawn\", \"evaluations\": %ld, \"seconds_per_evaluation\": %.9f}\n", n,
              seconds / static_cast<double>(n));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bare_spawn N PROGRAM [ARGS...]\n");
    return 2;
  }
  std::signal(SIGPIPE, SIG_IGN);  // a program that exits without reading its input
  return spawn(std::atol(argv[1]), argv + 2);
}
