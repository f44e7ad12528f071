# Whether this machine can build the recorder (the eBPF probes and the libbpf loader): sets
# CTRACE_RECORDER (ON/OFF) and, when OFF, CTRACE_RECORDER_MISSING to the one reason a user
# sees from `ctrace run` and at configure time. Everything else (report, compare, export, the
# viewer) builds either way.
set(CTRACE_RECORDER OFF)
set(CTRACE_RECORDER_MISSING "")
if(NOT CTRACE_BUILD_RECORDER)
  set(CTRACE_RECORDER_MISSING "CTRACE_BUILD_RECORDER=OFF")
elseif(NOT CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  # The probes read x86-64 registers (orig_ax, di/si/dx) and the trace format stores x86-64
  # syscall numbers (format/syscall_table.h); other architectures are not supported yet.
  set(CTRACE_RECORDER_MISSING "the recorder supports x86_64 only, not ${CMAKE_SYSTEM_PROCESSOR}")
else()
  pkg_check_modules(LIBBPF QUIET IMPORTED_TARGET libbpf)
  find_program(BPFTOOL_EXE NAMES bpftool PATHS /usr/sbin /sbin)
  find_program(BPF_CLANG_EXE NAMES clang clang-16 clang-15 clang-14)
  set(CTRACE_VMLINUX_BTF /sys/kernel/btf/vmlinux CACHE FILEPATH
      "Kernel BTF that vmlinux.h is generated from")
  if(NOT LIBBPF_FOUND)
    set(CTRACE_RECORDER_MISSING "no libbpf: install libbpf-dev")
  elseif(NOT BPFTOOL_EXE)
    set(CTRACE_RECORDER_MISSING "no bpftool: install bpftool")
  elseif(NOT BPF_CLANG_EXE)
    set(CTRACE_RECORDER_MISSING "no clang to compile the probes: install clang")
  elseif(NOT EXISTS ${CTRACE_VMLINUX_BTF})
    set(CTRACE_RECORDER_MISSING
        "no kernel BTF at ${CTRACE_VMLINUX_BTF}: a kernel with CONFIG_DEBUG_INFO_BTF is needed")
  else()
    set(CTRACE_RECORDER ON)
  endif()
endif()
if(NOT CTRACE_RECORDER)
  if(CTRACE_REQUIRE_RECORDER)
    message(FATAL_ERROR "ctrace: cannot build the recorder: ${CTRACE_RECORDER_MISSING}")
  endif()
  message(WARNING "ctrace: building without the recorder (${CTRACE_RECORDER_MISSING}): "
                  "ctrace run and record will say so; report, compare, export and view work")
endif()
