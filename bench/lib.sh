# Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
#
# Shell helpers shared by the scripts in bench/: sourced, not run. A script sets BENCH_SAY, the
# prefix of its messages (such as "bench: "), and ROOT, the repository, before it sources this.

# A message on stderr, after the script's prefix; die also exits with status 2.
say() { echo "${BENCH_SAY-}$*" >&2; }
die() { say "$*"; exit 2; }

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

# build_if_needed STAMP1 STAMP2 [JAR...]: builds core, agent and bench (Maven, quietly; its
# output is shown if it fails) when one of the jars named is missing, or when a source or pom
# is newer than STAMP1 or STAMP2.
build_if_needed() {
  local jar stale=""
  for jar in "$@"; do
    [ -f "$jar" ] || stale=1
  done
  if [ -z "$stale" ] && [ -n "$(find "$ROOT/pom.xml" "$ROOT/core" "$ROOT/agent" "$ROOT/bench" \
      -path '*/target' -prune -o \( -name '*.java' -o -name pom.xml \) \
      \( -newer "$1" -o -newer "$2" \) -print -quit)" ]; then
    stale=1
  fi
  [ -n "$stale" ] || return 0
  command -v mvn >/dev/null || die "Maven (mvn) is not installed"
  local opts="${MAVEN_OPTS:-}"
  if [ "$(jdk_release "$JAVA_HOME")" -ge 24 ]; then
    opts="$opts --sun-misc-unsafe-memory-access=allow" # Maven's Guava on JDK 24+
  fi
  say "building core, agent and bench (JDK at $JAVA_HOME)"
  local log
  if ! log="$(cd "$ROOT" && MAVEN_OPTS="$opts" \
      mvn -B -ntp -q -Dstyle.color=never -DskipTests package -pl core,agent,bench -am 2>&1)"; then
    printf '%s\n' "$log" >&2
    die "the build failed (output above)"
  fi
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
