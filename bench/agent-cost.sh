#!/usr/bin/env bash
# Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
#
# What the agent costs a whole program, side by side in one run:
#
#   yield storm (dev.unclog.bench.YieldStorm: virtual threads calling Thread.yield(), ns per
#   yield) with
#     none         no agent
#     empty        an agent that does nothing (bench/target/empty-agent.jar): what loading any
#                  agent costs, which is the JVMTI virtual-thread mount/unmount events
#     unclog       unclog's agent (agent/target/unclog-agent.jar)
#     unclog+flag  unclog's agent with -XX:-DoJVMTIVirtualThreadTransitions
#     empty+flag   the empty agent with that flag
#
#   Netty HTTP hello-world (dev.unclog.bench.NettyHello, Netty 4.2, two worker loops) under
#   wrk -t2 -c64 -d10s --latency, requests/s and p99 latency, with
#     none         no agent
#     unclog       unclog's agent
#   Each round starts both servers, warms each up with a 15 s wrk run, then measures them in
#   the order A B B A, 10 s each, and takes each one's mean of its two runs.
#
# Each JVM runs once per round; the rounds are interleaved (every configuration once per
# round, in a shuffled order), so that a slow spell of the machine spreads over all of them
# rather than landing on one. wrk and the server share the machine's CPUs. Before each run the
# script waits (up to QUIET_WAIT s, default 60) for the CPUs to be at most 30 % busy; after it,
# it checks how much CPU time other processes took meanwhile, and runs it again (up to TRIES
# times, default 3) if that was over FOREIGN_MAX % (default 10) of the machine; CPU time stolen
# by the hypervisor is noted, not retried. At the end it prints per configuration the median,
# the range and each round's value, the ratios to no agent, and the costs as medians of
# per-round differences.
#
# Usage: bench/agent-cost.sh [ROUNDS] [OUTPUT_DIR]   (defaults: 7, a new temp dir)
#        bench/agent-cost.sh --summarize OUTPUT_DIR/results.txt   (the summary again)
# Environment: YIELDS (per virtual thread, default 1500000), WRK_CONNECTIONS (64),
# WRK_DURATION (10s), WRK_WARMUP (15s: on 2 cores shared with wrk the server's JIT needs that
# long; after 5 s it serves at about half its final rate, after 10 s at 90 %), QUIET_WAIT,
# TRIES, FOREIGN_MAX. Builds the jars if they are missing or older than the sources (and runs
# copies of them, so that a rebuild meanwhile changes nothing), installs wrk with apt-get if it
# is missing, and uses a JDK 21+ found as ./unclog finds one (JAVA_HOME if it is one, else the
# newest under /usr/lib/jvm). With the defaults, on 2 cores, a run takes about 15 minutes
# (2 to 2.5 minutes a round, more when runs are tried again).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=${1:-7}
out=${2:-$(mktemp -d -t unclog-agent-cost-XXXXXX)}
yields=${YIELDS:-1500000}
wrk_connections=${WRK_CONNECTIONS:-64}
wrk_duration=${WRK_DURATION:-10s}
wrk_warmup=${WRK_WARMUP:-15s}
quiet_wait=${QUIET_WAIT:-60}
foreign_max=${FOREIGN_MAX:-10}
tries=${TRIES:-3}
BENCH_SAY="agent-cost: "
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
EMPTY_AGENT="$ROOT/bench/target/empty-agent.jar"
UNCLOG_AGENT="$ROOT/agent/target/unclog-agent.jar"
NO_VT_EVENTS="-XX:+UnlockExperimentalVMOptions -XX:-DoJVMTIVirtualThreadTransitions"

# CPU time (in ticks) that processes used on the whole machine (user, nice, system); and that
# this script and the children it has waited for used, which is every JVM and wrk it ran.
cpu_all() { awk '/^cpu / { print $2 + $3 + $4 }' /proc/stat; }
cpu_mine() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$$/stat"; }
# CPU time (in ticks) that the hypervisor took from this virtual machine.
cpu_steal() { awk '/^cpu / { print $9 }' /proc/stat; }

# Runs "run_$1 ROUND CONFIG" until no more than FOREIGN_MAX % of the machine's CPU time during
# it went to other processes, at most TRIES times; keeps the last try. Each try's share of the
# CPU time that went to other processes, and that the hypervisor stole (nothing to do about
# that: noise that the interleaving spreads), goes to foreign.txt; the kept results go to
# results.txt.
measure() {
  local bench=$1 round=$2 config=$3 try all mine steal start foreign=0 stolen wall
  for try in $(seq "$tries"); do
    wait_quiet "$quiet_wait"
    : > "$out/pending.txt"
    all=$(cpu_all) mine=$(cpu_mine) steal=$(cpu_steal) start=$(date +%s%N)
    "run_$bench" "$round" "$config"
    wall=$(( ($(date +%s%N) - start) * $(nproc) / 10000000 + 1 )) # ticks of 10 ms, all CPUs
    foreign=$(( ($(cpu_all) - all - ($(cpu_mine) - mine)) * 100 / wall ))
    stolen=$(( ($(cpu_steal) - steal) * 100 / wall ))
    echo "$bench $round $config try $try others ${foreign}% steal ${stolen}%" >> "$out/foreign.txt"
    if ((foreign <= foreign_max)); then
      break
    fi
    if ((try < tries)); then
      say "round $round $bench $config: ${foreign}% of the CPU went to other processes; again"
    else
      say "round $round $bench $config: ${foreign}% of the CPU went to other processes; kept"
    fi
  done
  cat "$out/pending.txt" >> "$out/results.txt"
}

# JVM options of a yield-storm configuration.
yield_opts() {
  case "$1" in
    none) echo "" ;;
    empty) echo "-javaagent:$EMPTY_AGENT" ;;
    unclog) echo "-javaagent:$UNCLOG_AGENT" ;;
    unclog+flag) echo "-javaagent:$UNCLOG_AGENT $NO_VT_EVENTS" ;;
    empty+flag) echo "-javaagent:$EMPTY_AGENT $NO_VT_EVENTS" ;;
    *) die "unknown configuration $1" ;;
  esac
}

netty_opts() {
  case "$1" in
    none) echo "" ;;
    unclog) echo "-javaagent:$UNCLOG_AGENT" ;;
    *) die "unknown configuration $1" ;;
  esac
}

# One yield-storm JVM: appends "yield ROUND CONFIG ns_per_yield VALUE" to the results.
run_yield() {
  local round=$1 config=$2 log value
  log="$out/yield-$round-$config.log"
  # shellcheck disable=SC2046 # the options are words
  UNCLOG_PRINT_REPORTS=false "$java" $(yield_opts "$config") -cp "$BENCH_JAR" \
    dev.unclog.bench.YieldStorm "$yields" > "$log" 2>&1 || true
  value=$(sed -n 's/^ns_per_yield=//p' "$log")
  if [ -z "$value" ]; then
    say "round $round yield $config failed: see $log"
    return 0
  fi
  echo "yield $round $config ns_per_yield $value" >> "$out/pending.txt"
  say "round $round: yield storm $config: $value ns/yield"
}

# The running Netty servers: configuration -> process id, and -> port.
declare -A server_pids=() server_ports=()
stop_servers() {
  local config
  for config in "${!server_pids[@]}"; do
    kill "${server_pids[$config]}" 2>/dev/null || true
    wait "${server_pids[$config]}" 2>/dev/null || true
  done
  server_pids=() server_ports=()
}
trap stop_servers EXIT

# Starts the Netty server of a configuration and waits (up to 30 s) until it listens.
start_server() {
  local round=$1 config=$2 log port=""
  log="$out/netty-$round-$config.log"
  : > "$log" # now: the background job opens it only when it gets to run
  # shellcheck disable=SC2046 # the options are words
  UNCLOG_PRINT_REPORTS=false "$java" $(netty_opts "$config") -cp "$BENCH_JAR" \
    dev.unclog.bench.NettyHello 0 > "$log" 2>&1 &
  server_pids[$config]=$!
  port=$(await_port "$log" "${server_pids[$config]}")
  if [ -z "$port" ]; then
    say "round $round netty $config: the server did not start: see $log"
    return 1
  fi
  server_ports[$config]=$port
}

# One measured wrk run against a configuration's server: appends "REQUESTS_PER_S P99_MS" to
# netty-ROUND-CONFIG.windows.
window() {
  local round=$1 config=$2 n=$3 wrk_log rps p99 errors
  wrk_log="$out/netty-$round-$config.wrk$n"
  wrk -t2 -c"$wrk_connections" -d"$wrk_duration" --latency \
    "http://127.0.0.1:${server_ports[$config]}/" > "$wrk_log" 2>&1 || true
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$wrk_log")
  p99=$(awk '$1 == "99%" { print $2 }' "$wrk_log")
  errors=$(grep -E 'Socket errors|Non-2xx' "$wrk_log" || true)
  if [ -z "$rps" ] || [ -z "$p99" ]; then
    say "round $round netty $config: no result from wrk: see $wrk_log"
    return 0
  fi
  [ -z "$errors" ] || say "round $round netty $config: wrk says: $errors"
  echo "$rps $(to_ms "$p99")" >> "$out/netty-$round-$config.windows"
  say "round $round: netty $config: $rps requests/s, p99 $p99"
}

# Both Netty servers of a round, side by side: starts both, warms each up with one wrk run,
# then measures them in the order A B B A (A chosen at random), so that a change in the
# machine's speed during the round weighs on both alike; idle, a server costs nothing. Appends
# each configuration's mean requests/s and mean p99 latency over its two windows.
run_netty() {
  local round=$1 first second config order
  mapfile -t order < <(printf '%s\n' none unclog | shuf)
  first=${order[0]} second=${order[1]}
  for config in "$first" "$second"; do
    rm -f "$out/netty-$round-$config.windows"
    start_server "$round" "$config" || { stop_servers; return 0; }
  done
  for config in "$first" "$second"; do
    wrk -t2 -c"$wrk_connections" -d"$wrk_warmup" "http://127.0.0.1:${server_ports[$config]}/" \
      > "$out/netty-$round-$config.warm-up" 2>&1 || true
  done
  window "$round" "$first" 1
  window "$round" "$second" 1
  window "$round" "$second" 2
  window "$round" "$first" 2
  stop_servers
  for config in none unclog; do
    awk -v r="$round" -v c="$config" '{ rps += $1; p99 += $2; n++ }
      END { if (n == 2) printf "netty %s %s requests_per_s %.2f\nnetty %s %s p99_ms %.3f\n",
        r, c, rps / n, r, c, p99 / n }' "$out/netty-$round-$config.windows" >> "$out/pending.txt"
  done
}

# Prints the summary of a results file ("BENCH ROUND CONFIG METRIC VALUE" lines).
summarize() {
  stats_awk '
    # each round s value, in round order ("-" where the run failed)
    function raw(b, c, m,    r, s) {
      s = ""
      for (r = 1; r <= maxround; r++) s = s " " (((b, r, c, m) in val) ? val[b, r, c, m] : "-")
      return substr(s, 2)
    }
    # the per-round differences a - b of one metric, as a list
    function diffs(bench, a, b, m,    r, s) {
      s = ""
      for (r = 1; r <= maxround; r++)
        if (((bench, r, a, m) in val) && ((bench, r, b, m) in val))
          s = s " " (val[bench, r, a, m] - val[bench, r, b, m])
      return s
    }
    function ratios(bench, a, b, m,    r, s) {
      s = ""
      for (r = 1; r <= maxround; r++)
        if (((bench, r, a, m) in val) && ((bench, r, b, m) in val) && val[bench, r, b, m] != 0)
          s = s " " (val[bench, r, a, m] / val[bench, r, b, m])
      return s
    }
    function table(bench, m, configs, unit, fmt,    n, c, i, base, med) {
      n = split(configs, c, " ")
      printf "%s, %s (%s): median, min, max, ratio of medians to none; each round\n", bench, m, unit
      base = ((bench, m, "none") in all) ? median(all[bench, m, "none"]) : 0
      for (i = 1; i <= n; i++) {
        if (!((bench, m, c[i]) in all)) continue
        med = median(all[bench, m, c[i]])
        printf "  %-12s " fmt " " fmt " " fmt "  x%.3f   [%s]\n", c[i], med,
          lo(all[bench, m, c[i]]), hi(all[bench, m, c[i]]), base ? med / base : 0,
          raw(bench, c[i], m)
      }
    }
    function diff(label, bench, a, b, m, fmt,    d) {
      d = diffs(bench, a, b, m)
      if (d == "") return
      printf "  %-38s " fmt "   (per round: min " fmt ", max " fmt ")\n", label, median(d), lo(d), hi(d)
    }
    function ratio(label, bench, a, b, m,    d) {
      d = ratios(bench, a, b, m)
      if (d == "") return
      printf "  %-38s %.4f   (per round: min %.4f, max %.4f)\n", label, median(d), lo(d), hi(d)
    }
    {
      val[$1, $2, $3, $4] = $5
      all[$1, $4, $3] = all[$1, $4, $3] " " $5
      if ($2 > maxround) maxround = $2
    }
    END {
      table("yield", "ns_per_yield", "none empty unclog empty+flag unclog+flag", "ns per yield", "%8.1f")
      print "costs, ns per yield (median of the per-round differences):"
      diff("JVMTI (empty - none)", "yield", "empty", "none", "ns_per_yield", "%7.1f")
      diff("unclog hook (unclog - empty)", "yield", "unclog", "empty", "ns_per_yield", "%7.1f")
      diff("unclog total (unclog - none)", "yield", "unclog", "none", "ns_per_yield", "%7.1f")
      diff("flag left (empty+flag - none)", "yield", "empty+flag", "none", "ns_per_yield", "%7.1f")
      diff("hook, flag (unclog+flag - empty+flag)", "yield", "unclog+flag", "empty+flag", "ns_per_yield", "%7.1f")
      diff("total, flag (unclog+flag - none)", "yield", "unclog+flag", "none", "ns_per_yield", "%7.1f")
      print ""
      table("netty", "requests_per_s", "none unclog", "requests/s", "%9.0f")
      table("netty", "p99_ms", "none unclog", "ms", "%9.3f")
      print "unclog / none (median of the per-round ratios):"
      ratio("requests/s", "netty", "unclog", "none", "requests_per_s")
      ratio("p99 latency", "netty", "unclog", "none", "p99_ms")
    }' "$1"
}

if [ "${1:-}" = "--summarize" ]; then # bench/agent-cost.sh --summarize DIR/results.txt
  summarize "$2"
  exit 0
fi

find_jdk
java="$JAVA_HOME/bin/java"
build_if_needed
install_wrk
mkdir -p "$out/jars"
: > "$out/results.txt"
# measure copies: a rebuild while this runs must not change, or break, what is measured
cp "$BENCH_JAR" "$EMPTY_AGENT" "$UNCLOG_AGENT" "$out/jars/"
BENCH_JAR="$out/jars/$(basename "$BENCH_JAR")"
EMPTY_AGENT="$out/jars/$(basename "$EMPTY_AGENT")"
UNCLOG_AGENT="$out/jars/$(basename "$UNCLOG_AGENT")"

{
  describe_machine
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  echo "source: $(describe_source)"
  echo "rounds: $rounds; yields per virtual thread: $yields;" \
    "wrk -t2 -c$wrk_connections -d$wrk_duration --latency after a $wrk_warmup warm-up"
} | tee "$out/machine.txt" >&2
say "results in $out"

for round in $(seq "$rounds"); do
  for config in $(printf '%s\n' none empty unclog unclog+flag empty+flag | shuf); do
    measure yield "$round" "$config"
  done
  measure netty "$round" both
done

echo
cat "$out/machine.txt"
awk -v max="$foreign_max" '
  { last[$1 " " $2 " " $3] = $7; steal[$1 " " $2 " " $3] = $9; runs++ }
  END {
    for (k in last) {
      kept++; if (last[k] + 0 > max + 0) over++
      sum += steal[k]; if (steal[k] + 0 > top + 0) top = steal[k] + 0
    }
    printf "JVM runs: %d, retries included, for %d results; kept although over %d%% of the CPU\n", runs, kept, max
    printf "went to other processes: %d; CPU stolen by the hypervisor during the kept runs: mean %.0f%%, max %d%%\n", over, sum / kept, top
  }' "$out/foreign.txt"
echo
summarize "$out/results.txt" | tee "$out/summary.txt"
