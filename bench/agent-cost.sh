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
#   wrk -t2 -c64 -d10s --latency, after a 5 s warm-up wrk run, with
#     none         no agent
#     unclog       unclog's agent
#
# Each JVM runs once per round; the rounds are interleaved (every configuration once per
# round, in a shuffled order), so that load from elsewhere on the machine spreads over all of
# them rather than landing on one. Before each run it waits (up to 30 s) for the CPUs to be at
# most 30 % busy. At the end it prints per configuration the median, the range and each round's
# value, the ratios to no agent, and the costs as medians of per-round differences.
#
# Usage: bench/agent-cost.sh [ROUNDS] [OUTPUT_DIR]   (defaults: 7, a new temp dir)
# Environment: YIELDS (per virtual thread, default 1000000), WRK_CONNECTIONS (64),
# WRK_DURATION (10s), WRK_WARMUP (5s). Builds the jars if they are missing or older than the
# sources, installs wrk with apt-get if it is missing, and uses a JDK 21+ found as ./unclog
# finds one (JAVA_HOME if it is one, else the newest under /usr/lib/jvm).
# With the defaults, on 2 cores, a run takes about 10 minutes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=${1:-7}
out=${2:-$(mktemp -d -t unclog-agent-cost-XXXXXX)}
yields=${YIELDS:-1000000}
wrk_connections=${WRK_CONNECTIONS:-64}
wrk_duration=${WRK_DURATION:-10s}
wrk_warmup=${WRK_WARMUP:-5s}

BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
EMPTY_AGENT="$ROOT/bench/target/empty-agent.jar"
UNCLOG_AGENT="$ROOT/agent/target/unclog-agent.jar"
NO_VT_EVENTS="-XX:+UnlockExperimentalVMOptions -XX:-DoJVMTIVirtualThreadTransitions"

die() { echo "agent-cost: $*" >&2; exit 2; }
say() { echo "agent-cost: $*" >&2; }

# The feature release of the JDK at $1, or nothing if it is not a JDK (as in ./unclog).
jdk_release() {
  local home="$1" version=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -r "$home/release" ]; then
    version="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")"
  fi
  if [ -z "$version" ]; then
    version="$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = //p')"
  fi
  version="${version#1.}"
  echo "${version%%[.+-]*}"
}

# Sets JAVA_HOME to a JDK 21+: JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
find_jdk() {
  local release
  if [ -n "${JAVA_HOME:-}" ]; then
    release="$(jdk_release "$JAVA_HOME")"
    if [ -n "$release" ] && [ "$release" -ge 21 ]; then
      return 0
    fi
    say "JAVA_HOME=$JAVA_HOME is not a JDK 21+; looking for one"
  fi
  local best="" best_release=0 candidate
  for candidate in /usr/lib/jvm/* "$(dirname "$(dirname "$(readlink -f "$(command -v javac || echo /nonexistent)")")")"; do
    [ -d "$candidate" ] || continue
    release="$(jdk_release "$candidate")"
    if [ -n "$release" ] && [ "$release" -ge 21 ] && [ "$release" -gt "$best_release" ]; then
      best="$candidate"; best_release="$release"
    fi
  done
  [ -n "$best" ] || die "no JDK 21 or newer found: set JAVA_HOME to one"
  export JAVA_HOME="$best"
}

# Builds core, agent and bench when a jar is missing or a source or pom is newer than it.
build_if_needed() {
  local jar stale=""
  for jar in "$BENCH_JAR" "$EMPTY_AGENT" "$UNCLOG_AGENT"; do
    [ -f "$jar" ] || stale=1
  done
  if [ -z "$stale" ] && [ -n "$(find "$ROOT/pom.xml" "$ROOT/core" "$ROOT/agent" "$ROOT/bench" \
      -path '*/target' -prune -o \( -name '*.java' -o -name pom.xml \) \
      \( -newer "$EMPTY_AGENT" -o -newer "$UNCLOG_AGENT" \) -print -quit)" ]; then
    stale=1
  fi
  [ -n "$stale" ] || return 0
  command -v mvn >/dev/null || die "Maven (mvn) is not installed"
  local opts="${MAVEN_OPTS:-}"
  if [ "$(jdk_release "$JAVA_HOME")" -ge 24 ]; then
    opts="$opts --sun-misc-unsafe-memory-access=allow" # Maven's Guava and JDK 24+
  fi
  say "building core, agent and bench (JDK at $JAVA_HOME)"
  (cd "$ROOT" && MAVEN_OPTS="$opts" mvn -B -ntp -q -Dstyle.color=never -DskipTests package -pl core,agent,bench -am) \
    || die "the build failed (output above)"
}

install_wrk() {
  command -v wrk >/dev/null && return 0
  say "installing wrk (apt-get)"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y wrk >/dev/null || { $sudo apt-get update >/dev/null \
    && $sudo apt-get install -y wrk >/dev/null; } || die "could not install wrk"
}

# Percent of CPU time busy over one second, all CPUs together.
busy() {
  local a b
  read -ra a < /proc/stat
  sleep 1
  read -ra b < /proc/stat
  local total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
  echo $((100 - 100 * (b[4] - a[4]) / (total > 0 ? total : 1)))
}

# Waits up to 30 s for the machine to be at most 30 % busy; says so if it never was.
wait_quiet() {
  local t now
  for t in $(seq 30); do
    now=$(busy)
    ((now <= 30)) && return 0
  done
  say "(still ${now}% busy after 30 s; running anyway)"
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
  echo "yield $round $config ns_per_yield $value" >> "$out/results.txt"
  say "round $round: yield storm $config: $value ns/yield"
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

# wrk's latency (e.g. 850.12us, 3.21ms, 1.02s) in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) printf "%.3f", substr(v, 1, length(v) - 2) / 1000
    else if (v ~ /ms$/) printf "%.3f", substr(v, 1, length(v) - 2)
    else if (v ~ /s$/) printf "%.3f", substr(v, 1, length(v) - 1) * 1000
    else print "nan" }'
}

# One Netty server JVM and two wrk runs against it: appends its requests/s and p99 latency.
run_netty() {
  local round=$1 config=$2 log wrk_log port="" t rps p99 errors
  log="$out/netty-$round-$config.log"
  wrk_log="$out/netty-$round-$config.wrk"
  : > "$log" # now: the background job opens it only when it gets to run
  # shellcheck disable=SC2046
  UNCLOG_PRINT_REPORTS=false "$java" $(netty_opts "$config") -cp "$BENCH_JAR" \
    dev.unclog.bench.NettyHello 0 > "$log" 2>&1 &
  server_pid=$!
  for t in $(seq 300); do
    port=$(sed -n 's/^listening \([0-9]*\)$/\1/p' "$log" || true)
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$port" ]; then
    stop_server
    say "round $round netty $config: the server did not start: see $log"
    return 0
  fi
  wrk -t2 -c"$wrk_connections" -d"$wrk_warmup" "http://127.0.0.1:$port/" > "$wrk_log.warm-up" 2>&1 || true
  wrk -t2 -c"$wrk_connections" -d"$wrk_duration" --latency "http://127.0.0.1:$port/" > "$wrk_log" 2>&1 || true
  stop_server
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$wrk_log")
  p99=$(awk '$1 == "99%" { print $2 }' "$wrk_log")
  errors=$(grep -E 'Socket errors|Non-2xx' "$wrk_log" || true)
  if [ -z "$rps" ] || [ -z "$p99" ]; then
    say "round $round netty $config: no result from wrk: see $wrk_log"
    return 0
  fi
  [ -z "$errors" ] || say "round $round netty $config: wrk says: $errors"
  echo "netty $round $config requests_per_s $rps" >> "$out/results.txt"
  echo "netty $round $config p99_ms $(to_ms "$p99")" >> "$out/results.txt"
  say "round $round: netty $config: $rps requests/s, p99 $p99"
}

# Prints the summary of a results file ("BENCH ROUND CONFIG METRIC VALUE" lines).
summarize() {
  awk '
    function median(list,    n, v, i, j, t) {
      n = split(list, v, " ")
      for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) {
        t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
      }
      return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    function lo(list,    n, v, i, m) {
      n = split(list, v, " "); m = v[1]; for (i = 2; i <= n; i++) if (v[i] + 0 < m + 0) m = v[i]
      return m
    }
    function hi(list,    n, v, i, m) {
      n = split(list, v, " "); m = v[1]; for (i = 2; i <= n; i++) if (v[i] + 0 > m + 0) m = v[i]
      return m
    }
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
mkdir -p "$out"
: > "$out/results.txt"

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpus: $(nproc), $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
  echo "jdk: $JAVA_HOME: $("$java" -version 2>&1 | sed -n 2p)"
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  echo "rounds: $rounds; yields per virtual thread: $yields;" \
    "wrk -t2 -c$wrk_connections -d$wrk_duration --latency after a $wrk_warmup warm-up"
} | tee "$out/machine.txt" >&2
say "results in $out"

for round in $(seq "$rounds"); do
  for config in $(printf '%s\n' none empty unclog unclog+flag empty+flag | shuf); do
    wait_quiet
    run_yield "$round" "$config"
  done
  for config in $(printf '%s\n' none unclog | shuf); do
    wait_quiet
    run_netty "$round" "$config"
  done
done

echo
cat "$out/machine.txt"
echo
summarize "$out/results.txt" | tee "$out/summary.txt"
