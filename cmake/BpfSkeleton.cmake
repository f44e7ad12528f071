# Builds a CO-RE BPF object and its libbpf skeleton:
#   vmlinux.h  <- bpftool btf dump of the running kernel's BTF (CTRACE_VMLINUX_BTF)
#   NAME.bpf.o <- clang -target bpf
#   NAME.skel.h <- bpftool gen skeleton
# and exposes an INTERFACE target NAME_skel whose include directory holds the skeleton.
# The tools and the BTF file were found by RecorderPrerequisites.cmake.
set(BPF_TARGET_ARCH x86)  # the recorder is built for x86_64 only (RecorderPrerequisites)

function(add_bpf_skeleton NAME SOURCE)
  set(gen ${CMAKE_CURRENT_BINARY_DIR}/gen)
  file(MAKE_DIRECTORY ${gen})
  add_custom_command(
    OUTPUT ${gen}/vmlinux.h
    COMMAND ${BPFTOOL_EXE} btf dump file ${CTRACE_VMLINUX_BTF} format c > ${gen}/vmlinux.h
    DEPENDS ${CTRACE_VMLINUX_BTF}
    COMMENT "Generating vmlinux.h from ${CTRACE_VMLINUX_BTF}")
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-multiarch
                  OUTPUT_VARIABLE multiarch OUTPUT_STRIP_TRAILING_WHITESPACE)
  add_custom_command(
    OUTPUT ${gen}/${NAME}.bpf.o
    COMMAND ${BPF_CLANG_EXE} -g -O2 -Wall -Werror -target bpf -mcpu=v3 -D__TARGET_ARCH_${BPF_TARGET_ARCH}
            -I${gen} -I${CMAKE_CURRENT_SOURCE_DIR} -I/usr/include/${multiarch}
            -c ${SOURCE} -o ${gen}/${NAME}.tmp.bpf.o
    # `gen object` links the object (and drops DWARF the skeleton does not need).
    COMMAND ${BPFTOOL_EXE} gen object ${gen}/${NAME}.bpf.o ${gen}/${NAME}.tmp.bpf.o
    DEPENDS ${SOURCE} ${gen}/vmlinux.h ${ARGN}
    COMMENT "Compiling BPF object ${NAME}.bpf.o")
  add_custom_command(
    OUTPUT ${gen}/${NAME}.skel.h
    COMMAND ${BPFTOOL_EXE} gen skeleton ${gen}/${NAME}.bpf.o name ${NAME}_bpf > ${gen}/${NAME}.skel.h
    DEPENDS ${gen}/${NAME}.bpf.o
    COMMENT "Generating BPF skeleton ${NAME}.skel.h")
  add_custom_target(${NAME}_skel_gen DEPENDS ${gen}/${NAME}.skel.h)
  add_library(${NAME}_skel INTERFACE)
  add_dependencies(${NAME}_skel ${NAME}_skel_gen)
  # SYSTEM: the skeleton is generated; it embeds the whole BPF object as one string literal,
  # longer than -Wpedantic lets C++ expect (clang warns), which is bpftool's choice, not ours.
  target_include_directories(${NAME}_skel SYSTEM INTERFACE ${gen})
endfunction()
