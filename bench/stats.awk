# Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
#
# The statistics the benchmark scripts print, on space-separated lists of numbers: the one
# definition of each, loaded before a script's own program by stats_awk (bench/lib.sh).

# Sorts v[1..n] numerically in place (insertion sort: the lists are a few rounds long).
function sort(v, n,    i, j, t) {
  for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) {
    t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
  }
}
function median(list,    n, v) {
  n = split(list, v, " "); sort(v, n)
  return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function lo(list,    n, v) { n = split(list, v, " "); sort(v, n); return v[1] }
function hi(list,    n, v) { n = split(list, v, " "); sort(v, n); return v[n] }
# "min .. max", each to two decimals.
function minmax(list) { return sprintf("%6.2f .. %6.2f", lo(list), hi(list)) }
