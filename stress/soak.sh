#!/usr/bin/env bash
# Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
#
# The soak: MINUTES (default 10) of mixed load with the real agent, then its invariants.
#
#   stress/soak.sh [MINUTES]
#
# Runs agent/src/test/.../SoakIT (the same test `mvn verify` runs for 30 s) for MINUTES: its
# app (apps/SoakApp) serves HTTP from Netty 4.2 on loopback to 8 clients, starts and ends
# about 5,000 virtual threads a second, and every 10 s injects a real 300 ms block, in turn
# on an event loop and on a carrier (a spinning virtual thread). The test then checks that
# every injected block was reported exactly once, that nothing else was, that the used heap
# after a full GC (sampled every 10 s) grew less than 16 MB from first sample to last, and
# that stderr holds no exception. Prints the numbers and the verdict (also written to
# agent/target/soak-summary.txt; Maven's output goes to agent/target/soak-mvn.log); exits
# non-zero on failure. Builds offline, with the JDK in JAVA_HOME.
set -euo pipefail
minutes=${1:-10}
cd "$(dirname "$0")/.."
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
mkdir -p agent/target
log=agent/target/soak-mvn.log
rm -f agent/target/soak-summary.txt
echo "soak: building the agent, then $minutes min of load (log: $log)"
status=0
{
  mvn -o -q -Dstyle.color=never -DskipTests package -pl core,report,agent -am \
    && mvn -o -Dstyle.color=never -pl core,report,agent -am test-compile \
      surefire:test@integration-tests -Dtest=SoakIT -Dsurefire.failIfNoSpecifiedTests=false \
      -Dunclog.soak.seconds=$((minutes * 60))
} > "$log" 2>&1 || status=$?
if [[ -f agent/target/soak-summary.txt ]]; then
  cat agent/target/soak-summary.txt
else
  echo "soak: no verdict (the build or the test did not run); see $log"
  tail -20 "$log"
fi
exit "$status"
