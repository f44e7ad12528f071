// What the recorder reads of a binary before tracing it: its ctrace:* USDT probes, the
// libraries it needs (found as ld.so finds them), and that malformed notes are a warning,
// not a crash. The test programs are built beside this test (programs/task_probes.c, with
// its library programs/task_lib.c next to it through RUNPATH $ORIGIN).
#include "collector/task_probe_files.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "collector/elf_file.h"
#include "collector/needed_libraries.h"
#include "collector/usdt_notes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace ctrace {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

const std::string kProgram = TASK_PROBES_BIN;
const std::string kLibrary = TASK_LIB;

std::string Canonical(const std::string& path) { return std::filesystem::canonical(path).string(); }

TEST(UsdtNotes, TheProgramsProbesAreItsOwn) {
  auto file = ElfFile::Open(kProgram);
  ASSERT_TRUE(file.ok()) << file.status();
  auto probes = ReadUsdtProbes(**file);
  ASSERT_TRUE(probes.ok()) << probes.status();
  std::map<std::string, int> sites;
  std::set<uint64_t> pcs;
  // The test program gives its probes semaphores (tests/collector/programs/probe_semaphores.h):
  // one per probe name, shared by that name's sites.
  std::map<std::string, uint64_t> semaphores;
  for (const UsdtProbe& p : *probes) {
    EXPECT_EQ(p.provider, "ctrace");
    EXPECT_NE(p.pc, 0u);
    EXPECT_NE(p.semaphore, 0u);
    auto [it, added] = semaphores.emplace(p.name, p.semaphore);
    EXPECT_EQ(it->second, p.semaphore) << p.name;
    EXPECT_TRUE(pcs.insert(p.pc).second) << "two notes for one site";
    ++sites[p.name];
  }
  std::set<uint64_t> distinct;
  for (const auto& [name, address] : semaphores) distinct.insert(address);
  EXPECT_EQ(distinct.size(), semaphores.size());
  // One note per site: task_create five times in the source (alpha, beta and the three
  // badnames tasks), resume and suspend once, end twice; a compiler that unrolls a loop
  // copies the sites in it (clang unrolls the rounds), so those are lower bounds.
  EXPECT_EQ(sites.size(), 4u);
  EXPECT_EQ(sites["task_create"], 5);  // none in a loop
  EXPECT_GE(sites["task_resume"], 1);
  EXPECT_GE(sites["task_suspend"], 1);
  EXPECT_GE(sites["task_end"], 2);
}

TEST(UsdtNotes, ABinaryWithoutProbesHasNone) {
  auto file = ElfFile::Open("/bin/true");
  ASSERT_TRUE(file.ok()) << file.status();
  auto probes = ReadUsdtProbes(**file);
  ASSERT_TRUE(probes.ok());
  for (const UsdtProbe& p : *probes) EXPECT_NE(p.provider, "ctrace");
}

TEST(UsdtNotes, WhatIsNotAnX8664ElfIsAnError) {
  ctrace::testing::TempDir dir;
  std::ofstream(dir.File("script.sh")) << "#!/bin/sh\necho hi\n";
  auto script = ElfFile::Open(dir.File("script.sh"));
  EXPECT_FALSE(script.ok());
  EXPECT_THAT(std::string(script.status().message()), ::testing::HasSubstr("not an ELF file"));
  EXPECT_FALSE(ElfFile::Open(dir.File("missing")).ok());
}

// A descriptor size that runs past the section: the file's probes are skipped with one
// warning, and the scan of the other files goes on.
TEST(UsdtNotes, MalformedNotesAreOneWarningAndNoProbes) {
  ctrace::testing::TempDir dir;
  const std::string bad = dir.File("bad");
  std::filesystem::copy_file(kProgram, bad);
  {
    auto file = ElfFile::Open(bad);
    ASSERT_TRUE(file.ok());
    GElf_Shdr shdr;
    ASSERT_NE((*file)->FindSection(".note.stapsdt", &shdr), nullptr);
    // The first note's n_descsz (bytes 4..7 of the section) made huge.
    std::fstream f(bad, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(shdr.sh_offset + 4));
    const uint32_t huge = 0x7fffff00;
    f.write(reinterpret_cast<const char*>(&huge), sizeof(huge));
  }
  auto file = ElfFile::Open(bad);
  ASSERT_TRUE(file.ok());
  auto probes = ReadUsdtProbes(**file);
  ASSERT_FALSE(probes.ok());
  EXPECT_THAT(std::string(probes.status().message()), ::testing::HasSubstr("malformed USDT note"));

  std::vector<std::string> warnings;
  std::vector<TaskProbeFile> found = FindTaskProbes({bad, kLibrary}, &warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], ::testing::HasSubstr(bad));
  ASSERT_EQ(found.size(), 1u);  // the library's probes are still found
  EXPECT_EQ(found[0].path, kLibrary);
}

TEST(NeededLibraries, TheLibraryBesideTheProgramIsFoundThroughItsRunpath) {
  std::vector<std::string> missing;
  std::vector<std::string> libs = NeededLibraries(kProgram, SystemLibrarySearch(), &missing);
  EXPECT_TRUE(missing.empty()) << missing[0];
  EXPECT_NE(std::find(libs.begin(), libs.end(), Canonical(kLibrary)), libs.end());
  // And the C library, through the system's directories.
  bool libc = false;
  for (const std::string& l : libs) libc |= l.find("libc.so") != std::string::npos;
  EXPECT_TRUE(libc);
}

TEST(NeededLibraries, LdLibraryPathIsSearchedAndANameFoundNowhereIsMissing) {
  ctrace::testing::TempDir dir;
  // A copy of the program without its RUNPATH's directory: the library must come from
  // LD_LIBRARY_PATH.
  const std::string program = dir.File("prog");
  std::filesystem::copy_file(kProgram, program);
  LibrarySearch search = SystemLibrarySearch();
  search.ld_library_path.clear();
  std::vector<std::string> missing;
  NeededLibraries(program, search, &missing);
  EXPECT_THAT(missing, ElementsAre(std::filesystem::path(kLibrary).filename().string()));
  search.ld_library_path = std::filesystem::path(kLibrary).parent_path().string();
  missing.clear();
  std::vector<std::string> libs = NeededLibraries(program, search, &missing);
  EXPECT_TRUE(missing.empty());
  EXPECT_NE(std::find(libs.begin(), libs.end(), Canonical(kLibrary)), libs.end());
}

TEST(TaskProbeFiles, TheProgramAndItsLibraryAreTheFilesWithProbes) {
  std::vector<std::string> warnings;
  std::vector<TaskProbeFile> found =
      FindTaskProbes(ProgramFiles(kProgram, SystemLibrarySearch()), &warnings);
  EXPECT_TRUE(warnings.empty());
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].path, kProgram);
  EXPECT_THAT(found[0].probes,
              UnorderedElementsAre("task_create", "task_resume", "task_suspend", "task_end"));
  EXPECT_EQ(found[1].path, Canonical(kLibrary));
  EXPECT_THAT(found[1].probes, UnorderedElementsAre("task_create", "task_resume", "task_suspend"));
}

TEST(TaskProbeFiles, AProgramWithoutProbesHasNoFilesToAttach) {
  std::vector<std::string> warnings;
  EXPECT_TRUE(FindTaskProbes(ProgramFiles("/bin/true", SystemLibrarySearch()), &warnings).empty());
  EXPECT_TRUE(warnings.empty());
}

TEST(TaskProbeFiles, AProcessesMappedExecutablesIncludeItsBinary) {
  std::vector<std::string> mapped = MappedExecutables(getpid());
  ASSERT_FALSE(mapped.empty());
  EXPECT_EQ(mapped[0], std::filesystem::read_symlink("/proc/self/exe").string());
  EXPECT_TRUE(MappedExecutables(-1).empty());
}

}  // namespace
}  // namespace ctrace
