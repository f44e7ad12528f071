// Naming the futex words threads sleep on: the maps parser, an ELF file's variables, the
// namer on this very process (its own globals and those of a library it dlopen'ed), and the
// rule that a name is only written for the image the sleep happened in.
#include <dlfcn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "collector/address_namer.h"
#include "collector/elf_data_symbols.h"
#include "collector/futex_names.h"
#include "collector/process_maps.h"
#include "format/syscall_table.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

// Globals of the test program itself, at file scope (C names) and in a namespace (mangled).
int test_program_counter[4];
namespace ctrace_test_space {
long spaced_out = 7;
}  // namespace ctrace_test_space

namespace ctrace {
namespace {

uint64_t Address(const void* p) { return reinterpret_cast<uint64_t>(p); }

std::string SelfPath() { return std::filesystem::canonical("/proc/self/exe").string(); }

TEST(ProcessMaps, ALineIsReadFieldByField) {
  auto m = ParseMapsLine("7f1c2a000000-7f1c2a021000 r-xp 00002000 08:01 1234   /usr/lib/libc.so.6");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->start, 0x7f1c2a000000u);
  EXPECT_EQ(m->end, 0x7f1c2a021000u);
  EXPECT_EQ(m->offset, 0x2000u);
  EXPECT_TRUE(m->executable);
  EXPECT_EQ(m->path, "/usr/lib/libc.so.6");
  EXPECT_EQ(m->inode, 1234u);
  EXPECT_FALSE(m->deleted);

  auto anonymous = ParseMapsLine("7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0");
  ASSERT_TRUE(anonymous.has_value());
  EXPECT_EQ(anonymous->path, "");
  EXPECT_FALSE(anonymous->executable);

  auto deleted = ParseMapsLine("1000-2000 r--p 00000000 08:01 99 /tmp/a b (deleted)");
  ASSERT_TRUE(deleted.has_value());
  EXPECT_EQ(deleted->path, "/tmp/a b");  // spaces in a path are kept
  EXPECT_TRUE(deleted->deleted);

  EXPECT_FALSE(ParseMapsLine("").has_value());
  EXPECT_FALSE(ParseMapsLine("2000-1000 r--p 0 08:01 1 /x").has_value());  // ends before it starts
  EXPECT_FALSE(ParseMapsLine("zz-1000 r--p 0 08:01 1 /x").has_value());
  EXPECT_FALSE(ParseMapsLine("1000-2000 r- 0 08:01 1 /x").has_value());
  EXPECT_FALSE(ParseMapsLine("1000-2000 r--p 0 08:01 x1 /x").has_value());  // inode not a number
}

TEST(ProcessMaps, ThisProcessHasItsProgramMapped) {
  bool found = false;
  for (const Mapping& m : ReadProcessMaps(getpid())) found |= m.path == SelfPath();
  EXPECT_TRUE(found);
  EXPECT_TRUE(ReadProcessMaps(-1).empty());
}

TEST(ElfDataSymbols, AProgramHasVariablesAndLoadableSegments) {
  auto symbols = ElfDataSymbols::Read(SelfPath());
  ASSERT_TRUE(symbols.ok()) << symbols.status();
  EXPECT_GT(symbols->size(), 0u);
  EXPECT_LT(symbols->first_page(), symbols->end());
}

TEST(ElfDataSymbols, AFileThatIsNotElfIsAnErrorAndACutOneIsNoCrash) {
  testing::TempDir dir;
  const std::string text = dir.File("script.sh");
  std::ofstream(text) << "#!/bin/sh\necho hi\n";
  EXPECT_FALSE(ElfDataSymbols::Read(text).ok());
  EXPECT_FALSE(ElfDataSymbols::Read(dir.File("missing")).ok());

  // The program cut at every 64th of its length: an error or fewer names, never a crash.
  std::ifstream in(SelfPath(), std::ios::binary);
  const std::string whole((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (size_t part = 1; part < 64; ++part) {
    const std::string cut = dir.File("cut" + std::to_string(part));
    std::ofstream(cut, std::ios::binary) << whole.substr(0, whole.size() * part / 64);
    auto symbols = ElfDataSymbols::Read(cut);
    if (symbols.ok()) (void)symbols->NameAt(Address(&test_program_counter));
  }
}

TEST(AddressNamer, TheProgramsOwnGlobalsAreNamed) {
  AddressNamer namer;
  auto counter = namer.Name(getpid(), Address(&test_program_counter[0]), 1);
  ASSERT_TRUE(counter.has_value());
  EXPECT_EQ(counter->name, "test_program_counter");
  EXPECT_EQ(counter->object, SelfPath());
  auto third = namer.Name(getpid(), Address(&test_program_counter[2]), 1);
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(third->name, "test_program_counter+0x8");
  auto spaced = namer.Name(getpid(), Address(&ctrace_test_space::spaced_out), 1);
  ASSERT_TRUE(spaced.has_value());
  EXPECT_EQ(spaced->name, "ctrace_test_space::spaced_out");  // demangled
}

TEST(AddressNamer, HeapStackAndGoneProcessesHaveNoName) {
  AddressNamer namer;
  auto heap = std::make_unique<int>(1);
  int on_stack = 0;
  EXPECT_FALSE(namer.Name(getpid(), Address(heap.get()), 1).has_value());
  EXPECT_FALSE(namer.Name(getpid(), Address(&on_stack), 1).has_value());
  EXPECT_FALSE(namer.Name(getpid(), 0, 1).has_value());
  EXPECT_FALSE(namer.Name(-1, Address(&test_program_counter), 1).has_value());
}

TEST(AddressNamer, ALibrarysGlobalsAreNamedOnceItsMappingsAreReadAgain) {
  AddressNamer namer;
  // Read the mappings before the library is loaded...
  ASSERT_TRUE(namer.Name(getpid(), Address(&test_program_counter), 1).has_value());
  void* library = dlopen(NAMED_GLOBALS_LIB, RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(library, nullptr) << dlerror();
  void* lock = dlsym(library, "library_lock");
  void* pair = dlsym(library, "library_pair");
  ASSERT_NE(lock, nullptr);
  ASSERT_NE(pair, nullptr);
  // ...so until they are old, the library is not known.
  EXPECT_FALSE(namer.Name(getpid(), Address(lock), 2).has_value());
  const uint64_t later = 1 + AddressNamer::kMapsMaxAgeNs;
  auto named = namer.Name(getpid(), Address(lock), later);
  ASSERT_TRUE(named.has_value());
  EXPECT_EQ(named->name, "library_lock");
  EXPECT_EQ(named->object, std::filesystem::canonical(NAMED_GLOBALS_LIB).string());
  auto second = namer.Name(getpid(), Address(pair) + sizeof(int), later);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->name, "library_pair+0x4");
  dlclose(library);
}

TEST(AddressNamer, AProgramLinkedAtAFixedAddressIsNamedToo) {
  int to_child[2], from_child[2];
  ASSERT_EQ(pipe(to_child), 0);
  ASSERT_EQ(pipe(from_child), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    dup2(to_child[0], 0);
    dup2(from_child[1], 1);
    close(to_child[1]);
    close(from_child[0]);
    execl(NON_PIE_BIN, NON_PIE_BIN, static_cast<char*>(nullptr));
    _exit(127);
  }
  close(to_child[0]);
  close(from_child[1]);
  char line[64] = {};
  ssize_t n = read(from_child[0], line, sizeof(line) - 1);
  ASSERT_GT(n, 0) << "the program printed nothing";
  const uint64_t address = std::strtoull(line, nullptr, 16);
  AddressNamer namer;
  auto named = namer.Name(child, address, 1);
  close(to_child[1]);  // lets it exit
  close(from_child[0]);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_LT(address, 0x10000000u) << "not linked at a low fixed address: the test proves nothing";
  ASSERT_TRUE(named.has_value());
  EXPECT_EQ(named->name, "non_pie_word+0x4");
}

Event FutexSleep(uint64_t ts, int32_t tid, const void* word) {
  Event e;
  e.ts_ns = ts;
  e.kind = EventKind::kSchedSwitch;
  e.cpu = 1;
  e.tid = tid;
  e.pid = getpid();
  e.sched_switch = {kTaskInterruptible, 0, syscall_nr::kFutex, 0, 0, {0, 128}};
  e.sched_switch.wait_args[0] = static_cast<int64_t>(Address(word));
  return e;
}

Event Exec(uint64_t ts) {
  Event e;
  e.ts_ns = ts;
  e.kind = EventKind::kProcessExec;
  e.tid = e.pid = getpid();
  return e;
}

class FutexNamesTest : public ::testing::Test {
 protected:
  uint64_t now_ = 1'000;
  FutexNames names_{[this] { return now_; }};
  std::vector<std::string> strings_{""};
  uint32_t Intern(std::string_view s) {
    strings_.emplace_back(s);
    return static_cast<uint32_t>(strings_.size() - 1);
  }
  std::vector<Event> Take(uint64_t settled) {
    return names_.TakeNames([this](std::string_view s) { return Intern(s); }, settled);
  }
};

TEST_F(FutexNamesTest, AnAddressIsNamedOnceAtItsFirstSleep) {
  names_.Observe(FutexSleep(500, 11, &test_program_counter[1]));
  names_.Observe(FutexSleep(600, 12, &test_program_counter[1]));
  auto heap = std::make_unique<int>(0);
  names_.Observe(FutexSleep(700, 12, heap.get()));  // no name to give
  EXPECT_TRUE(Take(now_).empty()) << "not settled: an exec looked up before may be unseen";
  const std::vector<Event> out = Take(now_ + 1);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, EventKind::kAddressName);
  EXPECT_EQ(out[0].ts_ns, 500u);
  EXPECT_EQ(out[0].tid, 11);
  EXPECT_EQ(out[0].address_name.address, Address(&test_program_counter[1]));
  EXPECT_EQ(strings_[out[0].address_name.name], "test_program_counter+0x4");
  EXPECT_EQ(strings_[out[0].address_name.object], SelfPath());
  EXPECT_TRUE(Take(UINT64_MAX).empty());
  EXPECT_EQ(names_.named(), 1u);
}

TEST_F(FutexNamesTest, AnExecBetweenTheSleepAndTheLookupDropsTheName) {
  names_.Observe(FutexSleep(500, 11, &test_program_counter[0]));  // looked up at 1000
  names_.Observe(Exec(800));  // the image slept in was gone before that
  EXPECT_TRUE(Take(UINT64_MAX).empty());

  // A new image: the address is looked up again, and an exec after the lookup is harmless.
  now_ = 3'000;
  names_.Observe(FutexSleep(2'000, 11, &test_program_counter[0]));
  names_.Observe(Exec(5'000));
  EXPECT_EQ(Take(UINT64_MAX).size(), 1u);
}

}  // namespace
}  // namespace ctrace
