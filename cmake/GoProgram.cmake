# Go programs built with the Go toolchain found at configure time (golang-go): the bundled Go
# server, the Go test and benchmark programs. GO_EXECUTABLE is empty without one; callers then
# build nothing and say so.
find_program(GO_EXECUTABLE go)

# go_build(OUTPUT SOURCE [LDFLAGS flags] [BUILDMODE mode]): a custom command building the
# one-file program SOURCE into OUTPUT (outside any module, paths trimmed, its cache in the
# build tree).
function(go_build OUTPUT SOURCE)
  cmake_parse_arguments(GO "" "LDFLAGS;BUILDMODE" "" ${ARGN})
  set(flags)
  if(GO_LDFLAGS)
    list(APPEND flags -ldflags=${GO_LDFLAGS})
  endif()
  if(GO_BUILDMODE)
    list(APPEND flags -buildmode=${GO_BUILDMODE})
  endif()
  get_filename_component(dir ${SOURCE} DIRECTORY)
  get_filename_component(name ${SOURCE} NAME)
  add_custom_command(
    OUTPUT ${OUTPUT}
    COMMAND ${CMAKE_COMMAND} -E env GOCACHE=${CMAKE_BINARY_DIR}/go-cache GOFLAGS=-buildvcs=false
            GO111MODULE=off ${GO_EXECUTABLE} build -trimpath ${flags} -o ${OUTPUT} ${name}
    WORKING_DIRECTORY ${dir}
    DEPENDS ${SOURCE}
    COMMENT "Building the Go program ${OUTPUT}")
endfunction()
