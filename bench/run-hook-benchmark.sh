#!/usr/bin/env bash
# Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
#
# Runs HookBenchmark in interleaved rounds, for machines with other work on them.
#
# A plain `java -jar bench/target/benchmarks.jar HookBenchmark` runs each variant's forks back
# to back, so a burst of load from elsewhere lands on one variant and skews the differences
# between them. This script runs one fork per (variant, hub) pair per round, in a shuffled
# order, and waits for the CPUs to be mostly idle before each fork. It then prints, per pair,
# the median and spread of the fork scores, and the hook costs as medians of the per-round
# differences (each variant minus `none` with the same hub, in the same round).
#
# Usage: bench/run-hook-benchmark.sh [ROUNDS] [OUTPUT_DIR]   (defaults: 8, a new temp dir)
# Needs the jar (see BENCHMARKS.md) and JAVA_HOME pointing at the JDK to measure. Extra JMH
# options go in JMH_ARGS, e.g. JMH_ARGS="-wi 1 -i 1" for a quick check of the script.
set -euo pipefail

rounds=${1:-8}
out=${2:-$(mktemp -d -t unclog-hook-XXXXXX)}
jar="$(cd "$(dirname "$0")" && pwd)/target/benchmarks.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
mkdir -p "$out"
BENCH_SAY="  " # wait_quiet's message, indented under the round it delays
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
[[ -f $jar ]] || { echo "no $jar: build it first (see BENCHMARKS.md)" >&2; exit 1; }

echo "results in $out" >&2
for round in $(seq "$rounds"); do
  for pair in $(printf '%s\n' none:old none:young unclog:old unclog:young \
      unclogNoTask:old unclogNoTask:young nanoTimeStamp:old nanoTimeStamp:young | shuf); do
    bench=${pair%%:*}
    hub=${pair##*:}
    wait_quiet
    echo "round $round: $bench hub=$hub" >&2
    "$java" -jar "$jar" "HookBenchmark\.$bench\$" -p hub="$hub" -f 1 ${JMH_ARGS:-} \
        -rf csv -rff "$out/$round-$bench-$hub.csv" > "$out/$round-$bench-$hub.log" 2>&1
  done
done

# Each CSV has one result row: "Benchmark",...,"Score","Score Error (99.9%)","Unit","Param: hub".
for f in "$out"/*-*-*.csv; do
  name=$(basename "$f" .csv)
  score=$(awk -F, 'NR == 2 { print $5 }' "$f")
  echo "${name%%-*} ${name#*-} $score"
done | stats_awk '
  { score[$1, $2] = $3; scores[$2] = scores[$2] " " $3; rounds[$1] = 1 }
  END {
    printf "%-20s %6s %5s %-16s\n", "variant-hub", "median", "forks", "range (ns/task)"
    nall = split("none unclog unclogNoTask nanoTimeStamp", all, " ")
    for (i = 1; i <= nall; i++) for (j = 1; j <= 2; j++) {
      k = all[i] "-" (j == 1 ? "old" : "young")
      if (k in scores)
        printf "%-20s %6.2f %5d %s\n", k, median(scores[k]), split(scores[k], x, " "), minmax(scores[k])
    }
    printf "\nper-round differences from none (median over rounds, ns/task):\n"
    nvs = split("unclog unclogNoTask nanoTimeStamp", vs, " ")
    split("old young", hubs, " ")
    for (h = 1; h <= 2; h++) {
      for (v = 1; v <= nvs; v++) {
        d = ""
        for (r in rounds) if ((r, vs[v] "-" hubs[h]) in score && (r, "none-" hubs[h]) in score)
          d = d " " (score[r, vs[v] "-" hubs[h]] - score[r, "none-" hubs[h]])
        if (d != "") { diff[vs[v], hubs[h]] = median(d); printf "%-14s hub=%-6s %6.2f  (%s)\n", vs[v], hubs[h], diff[vs[v], hubs[h]], minmax(d) }
      }
      for (v = 1; v < nvs; v++)
        if (((vs[v], hubs[h]) in diff) && diff["nanoTimeStamp", hubs[h]] != 0)
          printf "%-14s hub=%-6s %6.3f\n", vs[v] "/stamp", hubs[h], diff[vs[v], hubs[h]] / diff["nanoTimeStamp", hubs[h]]
    }
  }'
