// ctrace-ipc: a parent and a forked child bounce a message back and forth through a pipe, a
// Unix socket, or shared memory guarded by POSIX semaphores, and the parent prints round
// trips per second. In a trace each round trip is a wakeup of the other process; the
// message-passing modes copy through the kernel, shared memory only synchronises.
//   ctrace-ipc [--mode pipe|unix|shm] [--messages N] [--size BYTES]
#include <fcntl.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "workloads/cli_args.h"
#include "workloads/unique_fd.h"

namespace ctrace::workloads {
namespace {

constexpr char kProgram[] = "ctrace-ipc";
constexpr size_t kMaxSize = 65536;
constexpr char kUsage[] =
    "usage: ctrace-ipc [--mode pipe|unix|shm] [--messages N] [--size BYTES]\n"
    "A parent and a forked child exchange N messages of BYTES each way and the parent\n"
    "prints round trips per second.\n"
    "  --mode      pipe (two pipes), unix (a socketpair) or shm (shared memory with two\n"
    "              POSIX semaphores); default pipe\n"
    "  --messages  round trips, 1-100000000, default 10000\n"
    "  --size      bytes per message, 1-65536, default 64\n";

struct Options {
  std::string mode = "pipe";  // or "unix", "shm"
  int64_t messages = 10'000;
  size_t size = 64;
};

bool ReadFull(int fd, char* buf, size_t n) {
  while (n > 0) {
    ssize_t r = read(fd, buf, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    buf += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

bool WriteFull(int fd, const char* buf, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, buf, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    buf += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

// Message passing: the child echoes every message back on its own channel.
absl::Status RunStreams(const Options& o, int parent_in, int parent_out, int child_in,
                        int child_out, std::vector<UniqueFd>& all) {
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError(absl::StrFormat("fork: %s", std::strerror(errno)));
  if (pid == 0) {
    std::vector<char> buf(o.size);
    for (int64_t i = 0; i < o.messages; ++i) {
      if (!ReadFull(child_in, buf.data(), o.size) || !WriteFull(child_out, buf.data(), o.size)) {
        _exit(1);
      }
    }
    _exit(0);
  }
  std::vector<char> out(o.size, 'm');
  std::vector<char> in(o.size);
  bool ok = true;
  for (int64_t i = 0; i < o.messages && ok; ++i) {
    out[0] = static_cast<char>(i);
    ok = WriteFull(parent_out, out.data(), o.size) && ReadFull(parent_in, in.data(), o.size) &&
         in[0] == out[0];
  }
  all.clear();  // closing our ends lets a child still reading see end of file
  int status = 0;
  waitpid(pid, &status, 0);
  if (!ok || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError("the echo child stopped answering");
  }
  return absl::OkStatus();
}

absl::Status RunPipe(const Options& o) {
  int to_child[2];
  int to_parent[2];
  if (pipe2(to_child, O_CLOEXEC) != 0 || pipe2(to_parent, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrFormat("pipe: %s", std::strerror(errno)));
  }
  std::vector<UniqueFd> all;
  for (int fd : {to_child[0], to_child[1], to_parent[0], to_parent[1]}) all.emplace_back(fd);
  return RunStreams(o, to_parent[0], to_child[1], to_child[0], to_parent[1], all);
}

absl::Status RunUnix(const Options& o) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
    return absl::InternalError(absl::StrFormat("socketpair: %s", std::strerror(errno)));
  }
  std::vector<UniqueFd> all;
  all.emplace_back(sv[0]);
  all.emplace_back(sv[1]);
  return RunStreams(o, sv[0], sv[0], sv[1], sv[1], all);
}

// Shared memory: the message is written in place; the semaphores only say whose turn it is.
// They live in the shared mapping itself (pshared = 1), so both processes use the same ones.
struct SharedChannel {
  sem_t to_child;
  sem_t to_parent;
  char data[kMaxSize];
};

absl::Status RunShm(const Options& o) {
  void* mem = mmap(nullptr, sizeof(SharedChannel), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) {
    return absl::InternalError(absl::StrFormat("mmap: %s", std::strerror(errno)));
  }
  auto* ch = new (mem) SharedChannel;
  sem_init(&ch->to_child, 1, 0);
  sem_init(&ch->to_parent, 1, 0);
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    munmap(mem, sizeof(SharedChannel));
    return absl::InternalError(absl::StrFormat("fork: %s", std::strerror(errno)));
  }
  if (pid == 0) {
    for (int64_t i = 0; i < o.messages; ++i) {
      while (sem_wait(&ch->to_child) != 0) {
      }
      ch->data[0] = static_cast<char>(ch->data[0] + 1);  // the reply: first byte plus one
      sem_post(&ch->to_parent);
    }
    _exit(0);
  }
  bool ok = true;
  for (int64_t i = 0; i < o.messages; ++i) {
    std::memset(ch->data, static_cast<int>(i & 0x7f), o.size);
    sem_post(&ch->to_child);
    while (sem_wait(&ch->to_parent) != 0) {
    }
    ok = ok && ch->data[0] == static_cast<char>((i & 0x7f) + 1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  sem_destroy(&ch->to_child);
  sem_destroy(&ch->to_parent);
  munmap(mem, sizeof(SharedChannel));
  if (!ok) return absl::InternalError("a reply in shared memory was wrong");
  return absl::OkStatus();
}

absl::StatusOr<int> Run(const Options& o) {
  auto start = std::chrono::steady_clock::now();
  absl::Status status = o.mode == "pipe" ? RunPipe(o) : o.mode == "unix" ? RunUnix(o) : RunShm(o);
  if (!status.ok()) return status;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double per_second = static_cast<double>(o.messages) / seconds;
  std::printf("%s: %lld round trips of %zu bytes in %.3f s: %.0f round trips/s (%.2f us each)\n",
              o.mode.c_str(), static_cast<long long>(o.messages), o.size, seconds, per_second,
              1e6 / per_second);
  return 0;
}

int Main(int argc, char** argv) {
  Options o;
  const Option options[] = {ChoiceOption({"--mode"}, {"pipe", "unix", "shm"}, &o.mode),
                            IntOption({"--messages", "-n"}, 1, 100'000'000, &o.messages),
                            IntOption({"--size"}, 1, kMaxSize, &o.size)};
  return RunProgram(kProgram, kUsage, argc, argv, options, [&o] { return Run(o); });
}

}  // namespace
}  // namespace ctrace::workloads

int main(int argc, char** argv) { return ctrace::workloads::Main(argc, argv); }
