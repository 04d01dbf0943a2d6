/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.bench;

import dev.unclog.Monitor;
import dev.unclog.MonitorAccess;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the monitor thread costs a program whose hubs are all idle: registers {@code HUBS} hubs with
 * the global monitor (configured as the agent's is, by {@code UNCLOG_*} variables; by default a 100
 * ms threshold and a 25 ms period), one per parked thread, lets the monitor scan them for a few
 * seconds of warm-up, then for {@code SECONDS}, and reports the CPU time the {@code unclog-monitor}
 * thread used meanwhile (from the {@link ThreadMXBean}: user and system time), as a percentage of
 * one core, per scan and per hub per scan.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.unclog.bench.IdleMonitor [HUBS [SECONDS [platform|virtual [WARMUP_SECONDS]]]]
 * </pre>
 *
 * Defaults: 1000 hubs, 60 s, platform threads, 5 s of warm-up. Prints {@code name=value} lines;
 * {@code monitor_core_pct} is the figure to hold against the goal (at most 0.1 % of a core with
 * 1,000 hubs). Also prints each 10 s window's percentage, the CPU of unclog's other threads and of
 * the whole process, for context.
 */
public final class IdleMonitor {
  private IdleMonitor() {}

  public static void main(String[] args) throws Exception {
    int hubs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 60;
    boolean virtual = args.length > 2 && args[2].equals("virtual");
    double warmup = args.length > 3 ? Double.parseDouble(args[3]) : 5;

    Monitor monitor = Monitor.global();
    ParkedHubs parked = ParkedHubs.start(monitor, hubs, virtual, false);
    if (MonitorAccess.hubCount(monitor) != hubs) {
      throw new IllegalStateException(MonitorAccess.hubCount(monitor) + " hubs, not " + hubs);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long monitorId = -1;
    List<Long> otherIds = new ArrayList<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
      if (info == null || !info.getThreadName().startsWith("unclog-")) {
        continue;
      }
      if (info.getThreadName().equals("unclog-monitor")) {
        monitorId = info.getThreadId();
      } else {
        otherIds.add(info.getThreadId());
      }
    }
    if (monitorId < 0) {
      throw new IllegalStateException("no unclog-monitor thread");
    }
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    Thread.sleep((long) (warmup * 1000));

    long wall0 = System.nanoTime();
    long cpu0 = threads.getThreadCpuTime(monitorId);
    long others0 = cpuOf(threads, otherIds);
    long process0 = os.getProcessCpuTime();
    long scans0 = MonitorAccess.scans(monitor);
    StringBuilder windows = new StringBuilder();
    long windowWall = wall0;
    long windowCpu = cpu0;
    long end = wall0 + (long) (seconds * 1e9);
    while (true) {
      long now = System.nanoTime();
      if (now >= end) {
        break;
      }
      Thread.sleep(Math.min(10_000, (end - now) / 1_000_000 + 1));
      long wall = System.nanoTime();
      long cpu = threads.getThreadCpuTime(monitorId);
      windows
          .append(windows.length() == 0 ? "" : " ")
          .append(
              String.format(Locale.ROOT, "%.4f", 100.0 * (cpu - windowCpu) / (wall - windowWall)));
      windowWall = wall;
      windowCpu = cpu;
    }
    long wall1 = System.nanoTime();
    long cpu1 = threads.getThreadCpuTime(monitorId);
    long others1 = cpuOf(threads, otherIds);
    long process1 = os.getProcessCpuTime();
    long scans1 = MonitorAccess.scans(monitor);

    double wallNanos = wall1 - wall0;
    double cpuNanos = cpu1 - cpu0;
    long scans = scans1 - scans0;
    System.out.println("hubs=" + hubs);
    System.out.println("owners=" + (virtual ? "virtual" : "platform"));
    System.out.println("threshold_ms=" + monitor.maxBlockingTime().toMillis());
    System.out.println("period_ms=" + monitor.period().toMillis());
    System.out.printf(Locale.ROOT, "seconds=%.1f%n", wallNanos / 1e9);
    System.out.println("scans=" + scans);
    System.out.printf(Locale.ROOT, "monitor_cpu_ms=%.3f%n", cpuNanos / 1e6);
    System.out.printf(Locale.ROOT, "monitor_core_pct=%.4f%n", 100 * cpuNanos / wallNanos);
    System.out.printf(Locale.ROOT, "us_per_scan=%.3f%n", scans > 0 ? cpuNanos / scans / 1e3 : 0);
    System.out.printf(
        Locale.ROOT, "ns_per_hub_scan=%.2f%n", scans > 0 ? cpuNanos / scans / hubs : 0);
    System.out.println("window_core_pct=" + windows);
    System.out.printf(Locale.ROOT, "other_unclog_threads_cpu_ms=%.3f%n", (others1 - others0) / 1e6);
    System.out.printf(Locale.ROOT, "process_cpu_ms=%.1f%n", (process1 - process0) / 1e6);
    System.out.flush();
    parked.close();
  }

  private static long cpuOf(ThreadMXBean threads, List<Long> ids) {
    long sum = 0;
    for (long id : ids) {
      long cpu = threads.getThreadCpuTime(id);
      if (cpu > 0) {
        sum += cpu;
      }
    }
    return sum;
  }
}
