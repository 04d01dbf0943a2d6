#!/usr/bin/env bash
# Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
#
# Runs unclog's benchmarks side by side: each compares configurations in interleaved rounds
# (A B A B ..., every configuration once per round in a shuffled order) and prints medians,
# ranges and ratios. `./unclog bench ARGS` calls this script.
#
#   bench/run.sh [hook|scan|netty|vthreads|idle|cost|startup|all] [ROUNDS]   (defaults: all, 5)
#
#   hook      JMH HookBenchmark: ns per switch with no hook, unclog's enter(task)/exit,
#             enter()/exit and a System.nanoTime() stamp (bench/run-hook-benchmark.sh)
#   scan      JMH ScanBenchmark: the monitor's scan over 10, 1,000 and 100,000 hubs, idle and
#             inside a task, in ns per hub per scan, with a line fitted through the sizes; then
#             the live monitor thread's CPU per scan at those sizes (IdleMonitor, one run each)
#   netty     Netty 4.2 hello-world under wrk: no agent, unclog's agent, BlockHound
#             (bench/server-load.sh netty)
#   vthreads  the JDK's HttpServer on virtual threads under wrk: no agent, an empty agent,
#             unclog's agent, unclog's agent with -XX:-DoJVMTIVirtualThreadTransitions; with
#             CONFIGS="none empty unclog unclog+flag none+flag empty+flag" also no agent and
#             the empty agent with that flag (bench/server-load.sh vthreads)
#   idle      the monitor thread's CPU over 60 s with 1,000 idle hubs (IdleMonitor), then the
#             floors under it: the CPU of a thread that only parks for the same period, over
#             the same time, and of one that also reads a line of each of 1,000 objects
#             (WakeupCost)
#   cost      the agent's cost in one verdict run: a virtual-thread yield storm and the Netty
#             hello-world, no agent, an empty agent and unclog's, with checks for foreign
#             load (bench/agent-cost.sh; ROUNDS default 7 there, about 15 minutes)
#   startup   a hello-world JVM's wall time and peak RSS: bare, an agent that does nothing,
#             unclog's agent, for a hello world and for one that starts a virtual thread
#             (bench/startup.py; ROUNDS default 20 there, about a minute)
#   all       all of the above but cost and startup (about 35 minutes on 2 cores, 5 rounds)
#
#   bench/run.sh rate SERVER|all [OPTIONS]
#   rate      the verdicts: a server's CPU per request at a fixed offered load, with and
#             without the agent (and an empty agent, JFR, BlockHound for contrast), every
#             configuration pinned and loaded at once in coinciding windows, with a bootstrap
#             interval and a verdict against the goal (bench/fixed_rate.py; SERVER netty,
#             vertx, reactor-netty, grpc, vthreads, helidon or all; --help for the options;
#             3 to 8 minutes a server)
#
# It finds a JDK 21+ as ./unclog does (JAVA_HOME if it is one, else the newest under
# /usr/lib/jvm), builds core, agent and bench when a jar is missing or older than a source,
# installs wrk with apt-get when netty or vthreads need it, and measures copies of the jars
# (so that a rebuild meanwhile changes nothing). Results and logs go to BENCH_OUT (default: a
# new directory under /tmp), one subdirectory per benchmark, each with a summary.txt.
# Environment: BENCH_OUT; SCAN_LIVE_SECONDS (20; 0 skips the live scan runs); IDLE_SECONDS
# (60); JMH_ARGS (extra JMH options for hook and scan); PIN, WRK_* and CONFIGS as in
# bench/server-load.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
what=${1:-all}
rounds=${2:-5}
BENCH_SAY="bench: "
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

case "$what" in
  cost) shift; exec "$ROOT/bench/agent-cost.sh" "$@" ;; # its own rounds, output and summary
  rate) # the verdicts at a fixed offered load: its own rounds, output and summary
    shift
    "$ROOT/unclog" build bench >/dev/null
    exec python3 "$ROOT/bench/fixed_rate.py" "$@" ;;
  startup) # the agent's start: a hello-world bare, with an empty agent and with unclog
    "$ROOT/unclog" build >/dev/null
    exec python3 "$ROOT/bench/startup.py" "$("$ROOT/unclog" jdk)" "${2:-20}" ;;
  hook|scan|netty|vthreads|idle|all) ;;
  -h|--help|help) sed -n '4,/^set /p' "$0" | sed -n 's/^# \{0,1\}//p'; exit 0 ;;
  *) die "usage: bench/run.sh [hook|scan|netty|vthreads|idle|cost|startup|all] [ROUNDS]" ;;
esac
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive number, not '$rounds'"

BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
EMPTY_AGENT="$ROOT/bench/target/empty-agent.jar"
BLOCKHOUND_JAR="$ROOT/bench/target/blockhound.jar"
UNCLOG_AGENT="$ROOT/agent/target/unclog-agent.jar"

machine() {
  describe_machine
  echo "source: $(describe_source)"
}

run_hook() {
  local dir="$out/hook"
  mkdir -p "$dir"
  say "hook: $rounds rounds of bench/run-hook-benchmark.sh (results in $dir)"
  machine > "$dir/machine.txt"
  JAVA_HOME="$JAVA_HOME" "$ROOT/bench/run-hook-benchmark.sh" "$rounds" "$dir" \
    | tee "$dir/summary.txt"
}

# Prints the summary of the scan results ("scan ROUND HUBS STATE OWNER ns_per_scan VALUE").
summarize_scan() {
  stats_awk '
    {
      key = $3 " " $4 " " $5
      all[key] = all[key] " " $7
      raw[key] = raw[key] " " sprintf("%.0f", $7)
    }
    END {
      print "scan, ns per scan (median, min, max over the rounds) and ns per hub per scan"
      printf "  %-8s %-7s %-9s %12s %12s %12s %10s   %s\n", "hubs", "state", "owner",
        "median", "min", "max", "ns/hub", "each round (ns per scan)"
      split("virtual platform", owners, " "); split("idle inTask", states, " ")
      split("10 1000 100000", sizes, " ")
      for (o = 1; o <= 2; o++) for (s = 1; s <= 2; s++) for (z = 1; z <= 3; z++) {
        key = sizes[z] " " states[s] " " owners[o]
        if (!(key in all)) continue
        med[key] = median(all[key])
        printf "  %-8s %-7s %-9s %12.1f %12.1f %12.1f %10.2f  %s\n", sizes[z], states[s],
          owners[o], med[key], lo(all[key]), hi(all[key]), med[key] / sizes[z], raw[key]
      }
      print "linear fit per state (virtual owners): cost(N) = a + b N from the medians"
      for (s = 1; s <= 2; s++) {
        c10 = "10 " states[s] " virtual"; c1k = "1000 " states[s] " virtual"
        c100k = "100000 " states[s] " virtual"
        if (!((c10 in med) && (c1k in med) && (c100k in med))) continue
        b1 = (med[c1k] - med[c10]) / 990
        b2 = (med[c100k] - med[c1k]) / 99000
        a = med[c10] - 10 * b1
        printf "  %-7s a = %.0f ns per scan; b = %.2f ns per hub from 10 to 1,000 hubs, %.2f from 1,000 to 100,000 (x%.2f)\n",
          states[s], a, b1, b2, b1 != 0 ? b2 / b1 : 0
        printf "  %-7s predicted from 10 and 1,000 hubs for 100,000: %.0f ns; measured %.0f ns (x%.2f)\n",
          "", a + 100000 * b1, med[c100k], med[c100k] / (a + 100000 * b1)
      }
    }' "$1"
}

run_scan() {
  local dir="$out/scan" round combo hubs state owner csv score
  mkdir -p "$dir"
  machine > "$dir/machine.txt"
  : > "$dir/results.txt"
  say "scan: $rounds rounds of ScanBenchmark, one fork per configuration (results in $dir)"
  for round in $(seq "$rounds"); do
    for combo in $(printf '%s\n' 10:idle:virtual 1000:idle:virtual 100000:idle:virtual \
        10:inTask:virtual 1000:inTask:virtual 100000:inTask:virtual \
        1000:idle:platform 1000:inTask:platform | shuf); do
      IFS=: read -r hubs state owner <<< "$combo"
      wait_quiet
      csv="$dir/$round-$hubs-$state-$owner.csv"
      # shellcheck disable=SC2086 # JMH_ARGS are words
      "$java" -jar "$jars/benchmarks.jar" 'dev\.unclog\.ScanBenchmark\.scan$' -f 1 \
        -p hubs="$hubs" -p state="$state" -p owner="$owner" ${JMH_ARGS:-} -rf csv -rff "$csv" \
        > "${csv%.csv}.log" 2>&1 || { say "round $round scan $combo failed: see ${csv%.csv}.log"; continue; }
      score=$(awk -F, 'NR == 2 { print $5 }' "$csv")
      echo "scan $round $hubs $state $owner ns_per_scan $score" >> "$dir/results.txt"
      say "round $round: scan $hubs hubs $state ($owner owners): $score ns per scan"
    done
  done
  {
    echo
    cat "$dir/machine.txt"
    echo
    summarize_scan "$dir/results.txt"
  } | tee "$dir/summary.txt"
  local seconds=${SCAN_LIVE_SECONDS:-20}
  [ "$seconds" != 0 ] || return 0
  echo "the live monitor thread (default 100 ms / 25 ms), idle hubs with virtual owners," \
    "$seconds s each: CPU per scan" | tee -a "$dir/summary.txt"
  for hubs in 10 1000 100000; do
    wait_quiet
    "$java" -cp "$jars/benchmarks.jar" dev.unclog.bench.IdleMonitor "$hubs" "$seconds" virtual \
      > "$dir/live-$hubs.txt" 2>&1 || { say "IdleMonitor $hubs failed: see $dir/live-$hubs.txt"; continue; }
    awk -F= '{ v[$1] = $2 } END {
      printf "  %6d hubs: %8.1f us per scan, %8.2f ns per hub per scan, %.4f %% of a core (%d scans)\n",
        v["hubs"], v["us_per_scan"], v["ns_per_hub_scan"], v["monitor_core_pct"], v["scans"] }' \
      "$dir/live-$hubs.txt" | tee -a "$dir/summary.txt"
  done
}

run_idle() {
  local dir="$out/idle" seconds=${IDLE_SECONDS:-60}
  mkdir -p "$dir"
  machine > "$dir/machine.txt"
  say "idle: the monitor with 1,000 idle hubs (platform threads) for $seconds s (results in $dir)"
  wait_quiet
  "$java" -cp "$jars/benchmarks.jar" dev.unclog.bench.IdleMonitor 1000 "$seconds" platform \
    > "$dir/idle.txt" 2>&1 || die "IdleMonitor failed: see $dir/idle.txt"
  {
    echo
    cat "$dir/machine.txt"
    echo
    cat "$dir/idle.txt"
    awk -F= '$1 == "monitor_core_pct" {
      printf "goal: at most 0.1 %% of a core with 1,000 hubs: %s (%.4f %%)\n",
        ($2 <= 0.1 ? "met" : "missed"), $2 }' "$dir/idle.txt"
  } | tee "$dir/summary.txt"
  local period
  period=$(sed -n 's/^period_ms=//p' "$dir/idle.txt")
  say "idle: the floor, a thread that parks every $period ms, for $seconds s (WakeupCost)"
  wait_quiet
  "$java" -cp "$jars/benchmarks.jar" dev.unclog.bench.WakeupCost "$period" "$seconds" \
    > "$dir/wakeup.txt" 2>&1 || die "WakeupCost failed: see $dir/wakeup.txt"
  {
    echo
    echo "the floor: a thread that does nothing but park for $period ms (WakeupCost)"
    cat "$dir/wakeup.txt"
    awk -F= 'FNR == NR { m[$1] = $2; next } { w[$1] = $2 } END {
      printf "monitor - floor: %.4f %% of a core, %.1f us per scan; monitor / floor: x%.2f\n",
        m["monitor_core_pct"] - w["core_pct"], m["us_per_scan"] - w["us_per_wakeup"],
        (w["core_pct"] > 0 ? m["monitor_core_pct"] / w["core_pct"] : 0) }' \
      "$dir/idle.txt" "$dir/wakeup.txt"
  } | tee -a "$dir/summary.txt"
  say "idle: the floor of reading 1,000 hubs' lines: a thread that parks every $period ms and"
  say "  then reads a word from each of 1,000 objects of 128 bytes, each allocated by a parked"
  say "  thread of its own as a hub is (WakeupCost, $seconds s)"
  wait_quiet
  "$java" -cp "$jars/benchmarks.jar" dev.unclog.bench.WakeupCost "$period" "$seconds" 1000 \
    > "$dir/lines.txt" 2>&1 || die "WakeupCost failed: see $dir/lines.txt"
  {
    echo
    echo "the floor of a scan: park for $period ms, then read one line of each of 1,000 objects"
    echo "lying where hubs do (each allocated by its own parked thread)"
    cat "$dir/lines.txt"
    awk -F= 'FILENAME ~ /idle\.txt$/ { m[$1] = $2; next }
      FILENAME ~ /wakeup\.txt$/ { w[$1] = $2; next }
      { l[$1] = $2 } END {
      printf "goal: the monitor within 1.5 times the wake-up floor: %s (x%.2f)\n",
        (m["monitor_core_pct"] <= 1.5 * w["core_pct"] ? "met" : "missed"),
        (w["core_pct"] > 0 ? m["monitor_core_pct"] / w["core_pct"] : 0)
      printf "goal: the monitor within 1.5 times the floor of reading its lines: %s (x%.2f;" \
        " %.1f us per scan above it)\n",
        (m["monitor_core_pct"] <= 1.5 * l["core_pct"] ? "met" : "missed"),
        (l["core_pct"] > 0 ? m["monitor_core_pct"] / l["core_pct"] : 0),
        m["us_per_scan"] - l["us_per_wakeup"] }' \
      "$dir/idle.txt" "$dir/wakeup.txt" "$dir/lines.txt"
  } | tee -a "$dir/summary.txt"
}

run_server() {
  local server=$1
  say "$server: $rounds rounds under wrk (results in $out/$server)"
  BENCH_JAR="$jars/benchmarks.jar" UNCLOG_AGENT="$jars/unclog-agent.jar" \
    EMPTY_AGENT="$jars/empty-agent.jar" BLOCKHOUND_JAR="$jars/blockhound.jar" \
    JAVA_HOME="$JAVA_HOME" "$ROOT/bench/server-load.sh" "$server" "$rounds" "$out/$server"
}

find_jdk
java="$JAVA_HOME/bin/java"
build_if_needed
case "$what" in netty|vthreads|all) install_wrk ;; esac
out=${BENCH_OUT:-$(mktemp -d -t unclog-bench-XXXXXX)}
jars="$out/jars"
mkdir -p "$jars"
cp "$BENCH_JAR" "$EMPTY_AGENT" "$BLOCKHOUND_JAR" "$UNCLOG_AGENT" "$jars/"
say "results in $out"

case "$what" in
  hook) run_hook ;;
  scan) run_scan ;;
  idle) run_idle ;;
  netty) run_server netty ;;
  vthreads) run_server vthreads ;;
  all)
    run_hook
    run_scan
    run_idle
    run_server vthreads
    run_server netty
    ;;
esac
say "results in $out"
