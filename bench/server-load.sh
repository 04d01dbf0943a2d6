#!/usr/bin/env bash
# Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
#
# An HTTP hello-world server under wrk, with and without agents, in interleaved rounds:
#
#   netty      dev.unclog.bench.NettyHello (Netty 4.2, NIO, two worker loops) with
#                none        no agent
#                unclog      unclog's agent (agent/target/unclog-agent.jar)
#                blockhound  BlockHound 1.0.17 installed in the application, with the Netty
#                            integration Netty ships (dev.unclog.bench.NettyHelloBlockHound)
#   vthreads   dev.unclog.bench.VirtualThreadHttpServer (the JDK's HttpServer, one virtual
#              thread per exchange) with
#                none        no agent
#                empty       an agent that does nothing (bench/target/empty-agent.jar): what
#                            loading any agent costs virtual threads (JVMTI mount events)
#                unclog      unclog's agent
#                unclog+flag unclog's agent with -XX:-DoJVMTIVirtualThreadTransitions
#              and, on request (CONFIGS), none+flag and empty+flag: no agent, or the empty
#              agent, with that flag
#
# Each round starts one server JVM per configuration, in a shuffled order, and runs against it
# wrk -t2 -c64 for 5 s (warm-up, not counted) and then for 10 s with --latency. Before each
# server it waits (up to 30 s) for the CPUs to be at most 30 % busy. It records requests/s,
# p99 latency and the server's CPU time per request (from /proc, over the measured run), and
# prints per configuration the median, the range and each round's value, and the ratios to
# none: of the medians, and the median of the per-round ratios.
#
# wrk and the server share the machine's cores, so requests/s measures the server's CPU cost
# per request as much as its speed; the CPU per request is printed for that reason. Where
# the scheduler puts wrk's and the server's threads varies from run to run, and with it the
# throughput (by up to a factor of two on 2 cores); PIN=1 pins the server to CPU 0 (with
# -XX:ActiveProcessorCount=2, so that its JVM is configured as without pinning) and a
# one-thread wrk to CPU 1, which takes that variance out.
#
# Usage: bench/server-load.sh netty|vthreads [ROUNDS] [OUTPUT_DIR]   (defaults: 5, a temp dir)
#        bench/server-load.sh --summarize netty|vthreads OUTPUT_DIR/results.txt
# Needs JAVA_HOME (a JDK 21+) and the jars built (bench/run.sh builds them and calls this).
# Environment: BENCH_JAR, UNCLOG_AGENT, EMPTY_AGENT, BLOCKHOUND_JAR (default: the build's),
# PIN (0; 1 pins, see above), WRK_THREADS (2, or 1 with PIN=1), WRK_CONNECTIONS (64),
# WRK_DURATION (10s), WRK_WARMUP (5s), CONFIGS (a space-separated subset of the
# configurations).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_SAY="server-load: "
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

summarize() {
  local server=$1 results=$2 configs
  case "$server" in
    netty) configs="none unclog blockhound" ;;
    vthreads) configs="none empty unclog unclog+flag none+flag empty+flag" ;;
  esac
  stats_awk '
    function raw(c, m,    r, s) {
      s = ""
      for (r = 1; r <= maxround; r++) s = s " " (((r, c, m) in val) ? val[r, c, m] : "-")
      return substr(s, 2)
    }
    function ratios(a, b, m,    r, s) {
      s = ""
      for (r = 1; r <= maxround; r++)
        if (((r, a, m) in val) && ((r, b, m) in val) && val[r, b, m] != 0)
          s = s " " (val[r, a, m] / val[r, b, m])
      return s
    }
    function table(m, unit, fmt,    i, base, med) {
      printf "%s, %s (%s): median  min  max  median/none; each round\n", server, m, unit
      base = ((m, "none") in all) ? median(all[m, "none"]) : 0
      for (i = 1; i <= n; i++) {
        if (!((m, c[i]) in all)) continue
        med = median(all[m, c[i]])
        printf "  %-12s " fmt " " fmt " " fmt "  x%.3f   [%s]\n", c[i], med, lo(all[m, c[i]]),
          hi(all[m, c[i]]), base ? med / base : 0, raw(c[i], m)
      }
    }
    function ratio(label, a, b, m,    d) {
      d = ratios(a, b, m)
      if (d == "") return
      printf "  %-30s %.4f   (per round: min %.4f, max %.4f)\n", label, median(d), lo(d), hi(d)
    }
    {
      val[$2, $3, $4] = $5
      all[$4, $3] = all[$4, $3] " " $5
      if ($2 > maxround) maxround = $2
    }
    END {
      n = split(configs, c, " ")
      table("requests_per_s", "requests/s", "%9.0f")
      table("p99_ms", "ms", "%9.3f")
      table("cpu_us_per_request", "server CPU us per request", "%9.2f")
      for (k = 1; k <= 3; k++) {
        m = k == 1 ? "requests_per_s" : k == 2 ? "p99_ms" : "cpu_us_per_request"
        printf "%s: median of the per-round ratios\n", m
        for (i = 2; i <= n; i++) ratio(c[i] " / none", c[i], "none", m)
        if (server == "vthreads") {
          ratio("unclog / empty", "unclog", "empty", m)
          ratio("unclog+flag / empty", "unclog+flag", "empty", m)
        }
        if (server == "netty") ratio("unclog / blockhound", "unclog", "blockhound", m)
      }
    }' -v configs="$configs" -v server="$server" "$results"
}

if [ "${1:-}" = "--summarize" ]; then
  summarize "$2" "$3"
  exit 0
fi

server=${1:-}
rounds=${2:-5}
out=${3:-$(mktemp -d -t "unclog-$server-XXXXXX")}
[ -n "${JAVA_HOME:-}" ] || die "set JAVA_HOME to a JDK 21+ (bench/run.sh does)"
java="$JAVA_HOME/bin/java"
BENCH_JAR=${BENCH_JAR:-$ROOT/bench/target/benchmarks.jar}
UNCLOG_AGENT=${UNCLOG_AGENT:-$ROOT/agent/target/unclog-agent.jar}
EMPTY_AGENT=${EMPTY_AGENT:-$ROOT/bench/target/empty-agent.jar}
BLOCKHOUND_JAR=${BLOCKHOUND_JAR:-$ROOT/bench/target/blockhound.jar}
pin=${PIN:-0}
if [ "$pin" = 1 ]; then
  command -v taskset >/dev/null || die "PIN=1 needs taskset (util-linux)"
  [ "$(nproc)" -ge 2 ] || die "PIN=1 needs at least 2 CPUs"
  # the server on CPU 0 (seeing 2 processors, so that its JVM is configured as unpinned: G1,
  # two carriers), wrk on CPU 1
  server_prefix="taskset -c 0"
  server_opts="-XX:ActiveProcessorCount=2"
  wrk_prefix="taskset -c 1"
  wrk_threads=${WRK_THREADS:-1}
else
  server_prefix=""
  server_opts=""
  wrk_prefix=""
  wrk_threads=${WRK_THREADS:-2}
fi
wrk_connections=${WRK_CONNECTIONS:-64}
wrk_duration=${WRK_DURATION:-10s}
wrk_warmup=${WRK_WARMUP:-5s}
NO_VT_EVENTS="-XX:+UnlockExperimentalVMOptions -XX:-DoJVMTIVirtualThreadTransitions"
BLOCKHOUND_OPTS="-XX:+AllowRedefinitionToAddDeleteMethods -XX:+EnableDynamicAgentLoading --sun-misc-unsafe-memory-access=allow"

case "$server" in
  netty) configs=${CONFIGS:-none unclog blockhound} ;;
  vthreads) configs=${CONFIGS:-none empty unclog unclog+flag} ;;
  *) die "usage: bench/server-load.sh netty|vthreads [ROUNDS] [OUTPUT_DIR]" ;;
esac
for jar in "$BENCH_JAR" "$UNCLOG_AGENT" "$EMPTY_AGENT" "$BLOCKHOUND_JAR"; do
  [ -f "$jar" ] || die "no $jar: build first (bench/run.sh builds)"
done
command -v wrk >/dev/null || die "wrk is not installed (bench/run.sh installs it)"

# The JVM options and the main class of a configuration.
command_of() {
  case "$server:$1" in
    netty:none) echo "-cp $BENCH_JAR dev.unclog.bench.NettyHello" ;;
    netty:unclog) echo "-javaagent:$UNCLOG_AGENT -cp $BENCH_JAR dev.unclog.bench.NettyHello" ;;
    netty:blockhound) echo "$BLOCKHOUND_OPTS -cp $BENCH_JAR:$BLOCKHOUND_JAR dev.unclog.bench.NettyHelloBlockHound" ;;
    vthreads:none) echo "-cp $BENCH_JAR dev.unclog.bench.VirtualThreadHttpServer" ;;
    vthreads:empty) echo "-javaagent:$EMPTY_AGENT -cp $BENCH_JAR dev.unclog.bench.VirtualThreadHttpServer" ;;
    vthreads:unclog) echo "-javaagent:$UNCLOG_AGENT -cp $BENCH_JAR dev.unclog.bench.VirtualThreadHttpServer" ;;
    vthreads:unclog+flag) echo "-javaagent:$UNCLOG_AGENT $NO_VT_EVENTS -cp $BENCH_JAR dev.unclog.bench.VirtualThreadHttpServer" ;;
    vthreads:none+flag) echo "$NO_VT_EVENTS -cp $BENCH_JAR dev.unclog.bench.VirtualThreadHttpServer" ;;
    vthreads:empty+flag) echo "-javaagent:$EMPTY_AGENT $NO_VT_EVENTS -cp $BENCH_JAR dev.unclog.bench.VirtualThreadHttpServer" ;;
    *) die "unknown configuration $1 for $server" ;;
  esac
}

# The CPU time (user + system, in clock ticks) the process $1 has used.
cpu_ticks() {
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT

# One server JVM, a warm-up wrk run and a measured one: appends its results.
run_one() {
  local round=$1 config=$2 log wrk_log port="" rps p99 errors requests c0 c1 hz
  hz=$(getconf CLK_TCK)
  log="$out/$round-$config.log"
  wrk_log="$out/$round-$config.wrk"
  : > "$log"
  # shellcheck disable=SC2046 # the options are words
  UNCLOG_PRINT_REPORTS=false $server_prefix "$java" $server_opts $(command_of "$config") 0 \
    > "$log" 2>&1 &
  server_pid=$!
  port=$(await_port "$log" "$server_pid")
  if [ -z "$port" ]; then
    stop_server
    say "round $round $server $config: the server did not start: see $log"
    return 0
  fi
  $wrk_prefix wrk -t"$wrk_threads" -c"$wrk_connections" -d"$wrk_warmup" "http://127.0.0.1:$port/" \
    > "$wrk_log.warm-up" 2>&1 || true
  c0=$(cpu_ticks "$server_pid")
  $wrk_prefix wrk -t"$wrk_threads" -c"$wrk_connections" -d"$wrk_duration" --latency \
    "http://127.0.0.1:$port/" > "$wrk_log" 2>&1 || true
  c1=$(cpu_ticks "$server_pid")
  stop_server
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$wrk_log")
  p99=$(awk '$1 == "99%" { print $2 }' "$wrk_log")
  requests=$(awk '/requests in/ { print $1 }' "$wrk_log")
  errors=$(grep -E 'Socket errors|Non-2xx' "$wrk_log" || true)
  if [ -z "$rps" ] || [ -z "$p99" ] || [ -z "$requests" ]; then
    say "round $round $server $config: no result from wrk: see $wrk_log"
    return 0
  fi
  [ -z "$errors" ] || say "round $round $server $config: wrk says: $errors"
  {
    echo "$server $round $config requests_per_s $rps"
    echo "$server $round $config p99_ms $(to_ms "$p99")"
    echo "$server $round $config cpu_us_per_request $(awk -v d=$((c1 - c0)) -v hz="$hz" \
      -v n="$requests" 'BEGIN { printf "%.3f", (n > 0 ? d / hz * 1e6 / n : 0) }')"
  } >> "$out/results.txt"
  say "round $round: $server $config: $rps requests/s, p99 $p99, server CPU $(((c1 - c0) * 1000 / hz)) ms"
}

mkdir -p "$out"
: > "$out/results.txt"
{
  describe_machine
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  echo "source: $(describe_source)"
  echo "server: $server; configurations: $configs; rounds: $rounds;" \
    "wrk -t$wrk_threads -c$wrk_connections -d$wrk_duration --latency after a $wrk_warmup warm-up;" \
    "$([ "$pin" = 1 ] && echo "pinned: server on CPU 0 (-XX:ActiveProcessorCount=2), wrk on CPU 1" || echo "not pinned")"
} | tee "$out/machine.txt" >&2
say "results in $out"

for round in $(seq "$rounds"); do
  # shellcheck disable=SC2086 # the configurations are words
  for config in $(printf '%s\n' $configs | shuf); do
    wait_quiet
    run_one "$round" "$config"
  done
done

echo
cat "$out/machine.txt"
echo
summarize "$server" "$out/results.txt" | tee "$out/summary.txt"
