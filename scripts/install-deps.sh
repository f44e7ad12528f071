#!/usr/bin/env bash
# Installs the Debian packages ctrace needs to build, test and benchmark. Safe to re-run:
# it only calls apt-get when a package is missing.
set -euo pipefail

packages=(
  # build
  cmake g++ clang llvm clang-format pkg-config bpftool libclang-rt-14-dev
  libbpf-dev libelf-dev zlib1g-dev libzstd-dev libabsl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # user-level tasks: <sys/sdt.h> for the ctrace:task_* USDT probes (include/ctrace/task.h)
  systemtap-sdt-dev
  # goroutines: libdw reads a Go program's DWARF (collector/go_binary.h); the Go toolchain
  # builds the Go test programs and workload
  libdw-dev golang-go
  # ctrace export: Perfetto protobuf (libprotobuf, protoc); python3 parses its JSON in tests
  libprotobuf-dev protobuf-compiler python3
  # tests and benchmarks: taskset/setpriv, peers to measure against
  util-linux linux-perf bpftrace
  # the servers' conformance tests drive them with real HTTP clients
  curl wrk
  # the viewer (ctrace-view): ImGui (its GLFW/OpenGL 3 backends ship as sources), GLFW,
  # OpenGL, stb_image_write for screenshots, a font; Xvfb and xdotool for its window tests
  libimgui-dev libglfw3-dev libgl-dev libstb-dev fonts-dejavu-core xvfb xdotool imagemagick
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: need root to install: ${missing[*]} (run with sudo)" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
