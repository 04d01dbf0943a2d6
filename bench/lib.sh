# Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
#
# Shell helpers shared by the scripts in bench/: sourced, not run. A script sets BENCH_SAY, the
# prefix of its messages (such as "bench: "), before it sources this.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="${ROOT:-$(dirname "$BENCH_DIR")}"

# stats_awk PROGRAM [AWK OPTIONS AND FILES...]: awk with bench/stats.awk's median, lo, hi and
# minmax defined before PROGRAM.
stats_awk() {
  local program="$1"
  shift
  awk -f "$BENCH_DIR/stats.awk" -f <(printf '%s\n' "$program") "$@"
}

# A message on stderr, after the script's prefix; die also exits with status 2.
say() { echo "${BENCH_SAY-}$*" >&2; }
die() { say "$*"; exit 2; }

# Sets JAVA_HOME to the JDK 21+ that ./unclog finds (JAVA_HOME if it is one, else the newest
# under /usr/lib/jvm): one JDK finder for the launcher and the benchmarks.
find_jdk() {
  JAVA_HOME="$("$ROOT/unclog" jdk)" || exit 2
  export JAVA_HOME
}

# Builds core, agent and the benchmark jars when one is missing or older than a source, with
# ./unclog's build step.
build_if_needed() {
  "$ROOT/unclog" build bench
}

# await_port LOG PID: the port a server started as PID prints in LOG ("listening PORT"),
# waiting up to 30 s; nothing if it exits or never says.
await_port() {
  local port=""
  for _ in $(seq 300); do
    port=$(sed -n 's/^listening \([0-9]*\)$/\1/p' "$1" || true)
    [ -n "$port" ] && break
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  echo "$port"
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

# wait_quiet [SECONDS]: waits up to SECONDS (30) for the machine to be at most 30 % busy; says
# so if it never was.
wait_quiet() {
  local seconds=${1:-30} now
  for _ in $(seq "$seconds"); do
    now=$(busy)
    ((now <= 30)) && return 0
  done
  say "(still ${now}% busy after $seconds s; running anyway)"
}

# The date, the CPUs and the JDK ($JAVA_HOME), one "name: value" line each.
describe_machine() {
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpus: $(nproc), $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
  echo "jdk: $JAVA_HOME: $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p)"
}

# The commit the scripts run from, "-dirty" if the tree has changes, or "unknown".
describe_source() {
  git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown
}

# wrk's latency (e.g. 850.12us, 3.21ms, 1.02s) in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) printf "%.3f", substr(v, 1, length(v) - 2) / 1000
    else if (v ~ /ms$/) printf "%.3f", substr(v, 1, length(v) - 2)
    else if (v ~ /s$/) printf "%.3f", substr(v, 1, length(v) - 1) * 1000
    else print "nan" }'
}
