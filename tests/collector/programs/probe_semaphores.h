/* Semaphores for a test binary's ctrace:task_* probes, included before ctrace/task.h. libbpf's
 * USDT attach increments a probe's semaphore once per site it attaches, in every process
 * mapping the binary, so a program that ctrace attaches to only once it sees its exec can
 * wait until its probes are there instead of sleeping a guessed time. Hidden: each binary
 * reads its own.
 *
 * A probe the compiler expanded at several sites is attached one site at a time, and each
 * attach adds one to its semaphore: above zero says one site is attached, not all. So a probe
 * counts as attached when its semaphore reaches the number of sites that use it, read from
 * the object's own .note.stapsdt.
 *
 * The semaphores are per file, not per recorder: a uprobe anyone registers on the binary
 * counts in every process that maps it. A test that waits must run its own copy. */
#ifndef CTRACE_TESTS_COLLECTOR_PROGRAMS_PROBE_SEMAPHORES_H_
#define CTRACE_TESTS_COLLECTOR_PROGRAMS_PROBE_SEMAPHORES_H_

/* dl_iterate_phdr: compiled with _GNU_SOURCE (tests/collector/CMakeLists.txt). */
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define _SDT_HAS_SEMAPHORES 1
/* Each semaphore comes with the count of its sites, read once (at the first look that finds
 * the semaphore above zero), not at every poll of a wait. */
#define CTRACE_PROBE_SEMAPHORE(name)                                            \
  __attribute__((visibility("hidden"),                                          \
                 section(".probes"))) unsigned short ctrace_##name##_semaphore; \
  __attribute__((unused)) static int ctrace_##name##_sites
#define CTRACE_PROBE_ATTACHED(name) \
  ctrace_probe_attached(&ctrace_##name##_semaphore, &ctrace_##name##_sites)

struct ctrace_object_of {
  uintptr_t address; /* in */
  uintptr_t bias;    /* out: the object's load bias */
  const char* path;  /* out: "" for the main program */
  int found;
};

static int ctrace_find_object(struct dl_phdr_info* info, size_t size, void* data) {
  struct ctrace_object_of* o = (struct ctrace_object_of*)data;
  (void)size;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)* ph = &info->dlpi_phdr[i];
    uintptr_t start = info->dlpi_addr + ph->p_vaddr;
    if (ph->p_type == PT_LOAD && o->address >= start && o->address < start + ph->p_memsz) {
      o->bias = info->dlpi_addr;
      o->path = info->dlpi_name;
      o->found = 1;
      return 1;
    }
  }
  return 0;
}

/* Sites of the object's .note.stapsdt whose semaphore is `semaphore`; 1 if it cannot tell
 * (then a semaphore above zero is all that is waited for). */
static int ctrace_probe_sites(const volatile void* semaphore) {
  struct ctrace_object_of o = {(uintptr_t)semaphore, 0, "", 0};
  dl_iterate_phdr(ctrace_find_object, &o);
  if (!o.found) return 1;
  int fd = open(o.path[0] != '\0' ? o.path : "/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 1;
  struct stat st;
  char* file = NULL;
  if (fstat(fd, &st) == 0 && st.st_size > (off_t)sizeof(Elf64_Ehdr) &&
      (file = (char*)malloc((size_t)st.st_size)) != NULL &&
      read(fd, file, (size_t)st.st_size) != st.st_size) {
    free(file);
    file = NULL;
  }
  close(fd);
  if (file == NULL) return 1;
  int sites = 0;
  const Elf64_Ehdr* eh = (const Elf64_Ehdr*)file;
  const size_t size = (size_t)st.st_size;
  if (eh->e_shoff + (size_t)eh->e_shnum * sizeof(Elf64_Shdr) <= size &&
      eh->e_shstrndx < eh->e_shnum) {
    const Elf64_Shdr* sh = (const Elf64_Shdr*)(file + eh->e_shoff);
    const char* names = file + sh[eh->e_shstrndx].sh_offset;
    for (int s = 0; s < eh->e_shnum; ++s) {
      if (sh[s].sh_type != SHT_NOTE || strcmp(names + sh[s].sh_name, ".note.stapsdt") != 0)
        continue;
      size_t at = sh[s].sh_offset, end = sh[s].sh_offset + sh[s].sh_size;
      while (end <= size && at + sizeof(Elf64_Nhdr) <= end) {
        const Elf64_Nhdr* n = (const Elf64_Nhdr*)(file + at);
        const size_t desc = at + sizeof(*n) + ((n->n_namesz + 3u) & ~3u);
        /* desc: the site's pc, the .stapsdt.base address, the semaphore's address */
        if (n->n_type == 3 && desc + 24 <= end) {
          uint64_t sem;
          memcpy(&sem, file + desc + 16, sizeof(sem));
          if (sem != 0 && sem + o.bias == (uintptr_t)semaphore) ++sites;
        }
        at = desc + ((n->n_descsz + 3u) & ~3u);
      }
    }
  }
  free(file);
  return sites > 0 ? sites : 1;
}

static int ctrace_probe_attached(const volatile unsigned short* semaphore, int* sites) {
  if (*semaphore == 0) return 0;
  if (*sites == 0) *sites = ctrace_probe_sites(semaphore);
  return *semaphore >= *sites;
}

#endif /* CTRACE_TESTS_COLLECTOR_PROGRAMS_PROBE_SEMAPHORES_H_ */
