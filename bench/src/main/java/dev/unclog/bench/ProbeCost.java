/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.bench;

import dev.unclog.internal.*;

/**
 * What the cause figures cost the monitor (BENCHMARKS.md, "Cause figures"): each read the monitor
 * makes for a hub inside a task past half the threshold (the kernel's schedstat) and once per such
 * scan (the CPU cgroup, the JVM's class-loading counters, the process's CPU), as the median of nine
 * rounds of 20,000 reads. Run with the source launcher: {@code java -cp core/target/classes
 * bench/src/main/java/dev/unclog/bench/ProbeCost.java}.
 */
public final class ProbeCost {
  static long sink;

  private ProbeCost() {}

  interface Op {
    long run();
  }

  static double median(Op op) {
    double[] r = new double[9];
    for (int round = 0; round < 9; round++) {
      long t = System.nanoTime();
      for (int i = 0; i < 20_000; i++) sink += op.run();
      r[round] = (System.nanoTime() - t) / 20_000.0;
    }
    java.util.Arrays.sort(r);
    return r[4];
  }

  public static void main(String[] a) {
    SchedStat s = new SchedStat();
    long tid = SchedStat.currentTid();
    long[] into = new long[2];
    CpuCgroup c = CpuCgroup.ofThisProcess();
    JvmCounters j = JvmCounters.ofThisJvm();
    var os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().threadId();
    System.out.printf(
        "schedstat read (per hub in a long task): %.0f ns%n",
        median(() -> s.read(tid, into) ? into[0] : 0));
    System.out.printf(
        "JVM thread CPU clock (the fallback, and before): %.0f ns%n",
        median(() -> mx.getThreadCpuTime(id)));
    System.out.printf(
        "cgroup cpu.stat (per scan, %d files): %.0f ns%n",
        c.statFiles().size(), median(c::throttledNanos));
    System.out.printf(
        "JVM class-loading counters (per scan): %.0f ns%n",
        median(() -> j.classLoadingNanos() + j.classEvents()));
    System.out.printf("JVM safepoint counter (every scan): %.0f ns%n", median(j::safepointNanos));
    System.out.printf("process CPU time (per scan): %.0f ns%n", median(os::getProcessCpuTime));
  }
}
