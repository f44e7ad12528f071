// ctrace-cow: copy-on-write made visible. The parent fills a large buffer, then forks. The
// child first reads every page (no faults: parent and child share the physical pages), then
// writes to part of it: each first write to a shared page faults and the kernel copies just
// that page. Minor-fault counts from getrusage show it, page for page.
//   ctrace-cow [--size MIB] [--write-percent P]
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "absl/strings/str_format.h"
#include "workloads/cli_args.h"

namespace ctrace::workloads {
namespace {

constexpr char kProgram[] = "ctrace-cow";
constexpr char kUsage[] =
    "usage: ctrace-cow [--size MIB] [--write-percent P]\n"
    "Fills a buffer of MIB mebibytes, forks, and has the child read all of it and then\n"
    "write to P percent of its pages, printing the minor page faults of each step.\n"
    "  --size MIB          1-4096, default 64\n"
    "  --write-percent P   0-100, default 25\n";

struct Options {
  int64_t size_mib = 64;
  int64_t write_percent = 25;
};

long MinorFaults() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_minflt;
}

absl::StatusOr<int> Run(const Options& o) {
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  const size_t bytes = static_cast<size_t>(o.size_mib) << 20;
  const size_t pages = bytes / page;
  void* mem = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) {
    return absl::ResourceExhaustedError(
        absl::StrFormat("mmap %d MiB: %s", o.size_mib, std::strerror(errno)));
  }
  // Small pages only: with transparent huge pages one fault would stand for 512 pages and
  // the counts would stop matching the pages touched.
  madvise(mem, bytes, MADV_NOHUGEPAGE);
  auto* buf = static_cast<volatile char*>(mem);

  long before = MinorFaults();
  for (size_t i = 0; i < pages; ++i) buf[i * page] = static_cast<char>(i);
  long touched = MinorFaults() - before;
  std::printf("buffer: %lld MiB, %zu pages of %zu bytes\n", static_cast<long long>(o.size_mib),
              pages, page);
  std::printf("parent wrote every page: %ld minor faults (first touch allocates)\n", touched);
  std::fflush(stdout);  // the child inherits stdio buffers; flush so nothing prints twice

  pid_t pid = fork();
  if (pid < 0) {
    return absl::InternalError(absl::StrFormat("fork: %s", std::strerror(errno)));
  }
  if (pid == 0) {
    long start = MinorFaults();
    unsigned sum = 0;
    for (size_t i = 0; i < pages; ++i) sum += static_cast<unsigned char>(buf[i * page]);
    long read_faults = MinorFaults() - start;
    const size_t to_write = pages * static_cast<size_t>(o.write_percent) / 100;
    start = MinorFaults();
    for (size_t i = 0; i < to_write; ++i) buf[i * page] = static_cast<char>(sum + i);
    long write_faults = MinorFaults() - start;
    std::printf("child read every page: %ld minor faults (pages shared with the parent)\n",
                read_faults);
    std::printf("child wrote %lld%% of the pages (%zu): %ld minor faults (each copied a page)\n",
                static_cast<long long>(o.write_percent), to_write, write_faults);
    std::fflush(stdout);
    _exit(0);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  munmap(mem, bytes);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError("the child process failed");
  }
  return 0;
}

int Main(int argc, char** argv) {
  Options o;
  const Option options[] = {IntOption({"--size"}, 1, 4096, &o.size_mib),
                            IntOption({"--write-percent"}, 0, 100, &o.write_percent)};
  return RunProgram(kProgram, kUsage, argc, argv, options, [&o] { return Run(o); });
}

}  // namespace
}  // namespace ctrace::workloads

int main(int argc, char** argv) { return ctrace::workloads::Main(argc, argv); }
