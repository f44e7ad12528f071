// The floor tracer (floor.bpf.c) as a command: floor_tracer [--epoll] OUT PROGRAM [ARGS...]
// runs the program with the probes attached, writes every record raw to OUT, and prints what
// it recorded and what its own consumer cost on stderr. --epoll also records epoll_wait's
// entries and exits (the event storm's calls). A benchmark reference, not a tool.
#include <bpf/libbpf.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "floor.skel.h"

namespace {

// As often as `ctrace run` drains (kDrainIntervalMs, cli/run_program.cpp).
constexpr useconds_t kDrainIntervalUs = 10 * 1000;

int Write(void* ctx, void* data, size_t size) {
  std::fwrite(data, 1, size, static_cast<FILE*>(ctx));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const bool epoll = argc > 1 && std::strcmp(argv[1], "--epoll") == 0;
  if (epoll) {
    --argc;
    ++argv;
  }
  if (argc < 3) {
    std::fprintf(stderr, "usage: floor_tracer [--epoll] OUT PROGRAM [ARGS...]\n");
    return 2;
  }
  FILE* out = std::fopen(argv[1], "wb");
  if (out == nullptr) {
    std::perror(argv[1]);
    return 1;
  }
  floor_bpf* skel = floor_bpf__open();
  if (skel != nullptr && !epoll) {
    bpf_program__set_autoload(skel->progs.floor_enter_epoll_wait, false);
    bpf_program__set_autoload(skel->progs.floor_exit_epoll_wait, false);
  }
  if (skel == nullptr || floor_bpf__load(skel) != 0) {
    std::fprintf(stderr, "floor_tracer: loading the probes failed (root?)\n");
    return 1;
  }
  int go[2];
  if (pipe(go) != 0) return 1;
  const pid_t child = fork();
  if (child == 0) {
    close(go[1]);
    char c;
    if (read(go[0], &c, 1) != 1) _exit(127);
    execvp(argv[2], argv + 2);
    _exit(127);
  }
  close(go[0]);
  skel->bss->target_pid = child;
  if (floor_bpf__attach(skel) != 0) {
    std::fprintf(stderr, "floor_tracer: attaching the probes failed\n");
    return 1;
  }
  ring_buffer* ring = ring_buffer__new(bpf_map__fd(skel->maps.records), Write, out, nullptr);
  if (write(go[1], "g", 1) != 1) return 1;
  close(go[1]);
  long records = 0;
  int status = 0;
  while (true) {
    // The probes do not wake the consumer (as ctrace's do not): it drains on a timer, as
    // often as ctrace does.
    usleep(kDrainIntervalUs);
    const int n = ring_buffer__consume(ring);
    if (n > 0) records += n;
    if (waitpid(child, &status, WNOHANG) == child) break;
  }
  floor_bpf__detach(skel);
  for (int n; (n = ring_buffer__consume(ring)) > 0;) records += n;
  std::fclose(out);
  rusage self{};
  getrusage(RUSAGE_SELF, &self);
  const double cpu_ns = (self.ru_utime.tv_sec + self.ru_stime.tv_sec) * 1e9 +
                        (self.ru_utime.tv_usec + self.ru_stime.tv_usec) * 1e3;
  std::fprintf(stderr, "records %ld lost %llu consumer cpu %.3f s (%.0f ns/record)\n", records,
               static_cast<unsigned long long>(skel->bss->lost), cpu_ns / 1e9,
               records ? cpu_ns / records : 0.0);
  ring_buffer__free(ring);
  floor_bpf__destroy(skel);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
