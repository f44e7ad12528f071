# Sourced by the benchmarks that load a bundled server (task_overhead.sh,
# goroutine_overhead.sh): the median of numbers, and one server run under the load client.

# The median of the numbers on stdin, one per line.
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# serve_under_load REQUESTS LOAD WORK COMMAND...: starts COMMAND (a server that prints
# "listening on 127.0.0.1:PORT" and ends after REQUESTS responses), sends it REQUESTS
# requests over 8 connections from the load client LOAD pinned to CPU 1, and prints the
# client's requests/s. The server's stdout and stderr are in WORK/server.out and .err.
serve_under_load() {
  local requests=$1 load=$2 work=$3
  shift 3
  local out=$work/server.out
  : >"$out"
  "$@" >"$out" 2>"$work/server.err" </dev/null &
  local pid=$! port=""
  for _ in $(seq 2000); do
    port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$out")
    [[ -n $port ]] && break
    sleep 0.01
  done
  if [[ -z $port ]]; then
    kill "$pid" 2>/dev/null || true
    echo "$(basename "$0"): the server did not start:" >&2
    cat "$work/server.err" >&2
    exit 1
  fi
  taskset -c 1 "$load" --port "$port" -c 8 -n "$requests" >"$work/load.out" 2>&1
  wait "$pid"
  sed -n 's/^throughput: \([0-9.]*\) requests\/s.*/\1/p' "$work/load.out"
}
