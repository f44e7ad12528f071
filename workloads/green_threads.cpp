// ctrace-green-threads: the notes' user-space threads. N stackful green threads (each with
// its own stack, switched with swapcontext) share one kernel thread and take turns: each does
// a little work and yields to a round-robin scheduler. The kernel sees one thread; the task
// probes (include/ctrace/task.h) let ctrace show the N tasks on it.
//
// --block makes one task, half-way through, call a blocking sleep or read instead of
// yielding: "the problem with user space threads is blocking I/O". The kernel thread sleeps,
// and every other task, ready to run, waits with it: the trace shows that task blocking its
// thread while the others stay suspended.
//   ctrace-green-threads [--tasks N] [--rounds R] [--block none|sleep|read] [--block-ms MS]
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "ctrace/task.h"
#include "workloads/cli_args.h"

namespace ctrace::workloads {
namespace {

constexpr char kProgram[] = "ctrace-green-threads";
constexpr char kUsage[] =
    "usage: ctrace-green-threads [--tasks N] [--rounds R] [--block none|sleep|read] "
    "[--block-ms MS] [--cpu C]\n"
    "N green threads (stackful, swapcontext) on one kernel thread, each doing R rounds of a\n"
    "little work and yielding to a round-robin scheduler.\n"
    "  --tasks N      1-1000, default 4\n"
    "  --rounds R     1-1000000, default 200\n"
    "  --block HOW    none (default); sleep: task 0 calls nanosleep half-way instead of\n"
    "                 yielding; read: task 0 reads a pipe a helper thread writes MS later\n"
    "  --block-ms MS  how long the block lasts, 1-10000, default 50\n"
    "  --cpu C        pin the program to CPU C\n";

constexpr size_t kStackBytes = 64 * 1024;

struct Options {
  int64_t tasks = 4;
  int64_t rounds = 200;
  std::string block = "none";
  int64_t block_ms = 50;
  int cpu = -1;
};

struct GreenThread {
  uint64_t id = 0;
  ucontext_t context{};
  void* stack = nullptr;
  bool done = false;
};

// The scheduler's state: one kernel thread, so plain globals are enough.
ucontext_t g_scheduler;
std::vector<GreenThread>* g_threads = nullptr;
size_t g_current = 0;
const Options* g_options = nullptr;
int g_block_pipe = -1;
uint64_t g_sink = 0;  // the work's result, so the compiler keeps the work

// Back to the scheduler: the calling green thread is suspended until its next turn.
void Yield() {
  GreenThread& self = (*g_threads)[g_current];
  CTRACE_TASK_SUSPEND(self.id);
  swapcontext(&self.context, &g_scheduler);
}

void Work(uint64_t seed) {
  uint64_t x = seed;
  for (int i = 0; i < 2000; ++i) x = x * 6364136223846793005ull + 1442695040888963407ull;
  g_sink ^= x;
}

// A green thread's body (makecontext passes the index as an int).
void Body(int index) {
  GreenThread& self = (*g_threads)[static_cast<size_t>(index)];
  for (int64_t round = 0; round < g_options->rounds; ++round) {
    Work(static_cast<uint64_t>(index) * 1000003u + static_cast<uint64_t>(round));
    if (index == 0 && round == g_options->rounds / 2 && g_options->block != "none") {
      // Blocks the kernel thread instead of yielding: no other green thread can run.
      if (g_options->block == "sleep") {
        std::this_thread::sleep_for(std::chrono::milliseconds(g_options->block_ms));
      } else {
        char byte;
        while (read(g_block_pipe, &byte, 1) < 0 && errno == EINTR) {
        }
      }
    }
    Yield();
  }
  self.done = true;
  CTRACE_TASK_END(self.id);
  // Returning resumes uc_link: the scheduler.
}

absl::StatusOr<int> Run(const Options& o) {
  RETURN_IF_ERROR(PinToCpu(o.cpu));
  std::vector<GreenThread> threads(static_cast<size_t>(o.tasks));
  g_threads = &threads;
  g_options = &o;
  std::thread writer;
  int fds[2] = {-1, -1};
  if (o.block == "read") {
    if (pipe(fds) != 0) {
      return absl::InternalError(absl::StrFormat("pipe: %s", std::strerror(errno)));
    }
    g_block_pipe = fds[0];
    // A kernel thread of its own: the green threads' thread is the one that will block.
    writer = std::thread([&o, fd = fds[1]] {
      std::this_thread::sleep_for(std::chrono::milliseconds(o.block_ms * 2));
      (void)!write(fd, "x", 1);
    });
  }
  for (size_t i = 0; i < threads.size(); ++i) {
    GreenThread& t = threads[i];
    t.id = i + 1;
    // Its own stack, with a guard page below it.
    t.stack = mmap(nullptr, kStackBytes + 4096, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (t.stack == MAP_FAILED) {
      return absl::ResourceExhaustedError(absl::StrFormat("mmap: %s", std::strerror(errno)));
    }
    mprotect(t.stack, 4096, PROT_NONE);
    getcontext(&t.context);
    t.context.uc_stack.ss_sp = static_cast<char*>(t.stack) + 4096;
    t.context.uc_stack.ss_size = kStackBytes;
    t.context.uc_link = &g_scheduler;
    makecontext(&t.context, reinterpret_cast<void (*)()>(Body), 1, static_cast<int>(i));
    CTRACE_TASK_CREATE(t.id, 0, "green");
  }

  auto start = std::chrono::steady_clock::now();
  uint64_t switches = 0;
  for (size_t live = threads.size(); live > 0;) {
    live = 0;
    for (size_t i = 0; i < threads.size(); ++i) {
      if (threads[i].done) continue;
      g_current = i;
      CTRACE_TASK_RESUME(threads[i].id);
      swapcontext(&g_scheduler, &threads[i].context);
      ++switches;
      if (!threads[i].done) ++live;
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (writer.joinable()) writer.join();
  for (int fd : fds) {
    if (fd >= 0) close(fd);
  }
  for (GreenThread& t : threads) munmap(t.stack, kStackBytes + 4096);
  std::printf(
      "%lld green threads x %lld rounds on one kernel thread: %llu switches in %.3f s%s "
      "(%llx)\n",
      static_cast<long long>(o.tasks), static_cast<long long>(o.rounds),
      static_cast<unsigned long long>(switches), seconds,
      o.block == "none" ? "" : absl::StrFormat(", task 1 blocked the thread (%s)", o.block).c_str(),
      static_cast<unsigned long long>(g_sink));
  return 0;
}

int Main(int argc, char** argv) {
  Options o;
  const Option options[] = {IntOption({"--tasks", "-n"}, 1, 1000, &o.tasks),
                            IntOption({"--rounds"}, 1, 1'000'000, &o.rounds),
                            ChoiceOption({"--block"}, {"none", "sleep", "read"}, &o.block),
                            IntOption({"--block-ms"}, 1, 10'000, &o.block_ms), CpuOption(&o.cpu)};
  return RunProgram(kProgram, kUsage, argc, argv, options, [&o] { return Run(o); });
}

}  // namespace
}  // namespace ctrace::workloads

int main(int argc, char** argv) { return ctrace::workloads::Main(argc, argv); }
