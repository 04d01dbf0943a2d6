/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.internal.CpuCgroup;
import dev.unclog.internal.JvmCounters;
import dev.unclog.internal.SchedStat;
import dev.unclog.internal.Threads;
import java.lang.management.ManagementFactory;

/*
 * Where the figures behind a cause come from: the hub thread's CPU and run-queue time (the
 * kernel's per-thread accounting, else the JVM's thread CPU clock), the process's cgroup
 * throttling, the JVM's pauses and class-loading counters, the process's CPU time. Made on the
 * monitor thread when it starts and used there only. The process-wide figures are read at most
 * once per scan, and only in a scan that needs them (some hub is past half the threshold), so
 * an idle or quick program costs nothing here.
 */
final class Probes {
  private final SchedStat schedStat = new SchedStat();
  private final boolean perThread = schedStat.available();
  /* Each dropped (null) the first time it fails: a truncated perf-data file fails on read. */
  private CpuCgroup cgroup = CpuCgroup.ofThisProcess();
  private JvmCounters jvm = JvmCounters.ofThisJvm();
  final Pauses pauses = new Pauses(jvm);
  /* The process's CPU time, to the nanosecond: /proc/self/stat counts 10 ms ticks, too coarse for
   * what the other threads did in a span (Causes). Its bean loads beside the thread bean the
   * monitor loads anyway (Threads), on the monitor's thread as it starts. */
  private final com.sun.management.OperatingSystemMXBean os =
      ManagementFactory.getOperatingSystemMXBean()
              instanceof com.sun.management.OperatingSystemMXBean bean
          ? bean
          : null;
  private final long[] threadTimes = new long[2];
  /* This scan's process-wide figures, read on first need: valid while processReadAt == scan. */
  private final Reading process = new Reading();
  private long scan;
  private long processReadAt = -1;

  /** Called at the start of each scan, with the time since the previous one. */
  void scanStarted(long intervalNanos, long periodNanos) {
    long safepoints = -1;
    try { // one load from the mapped counters: cheap enough for every scan
      safepoints = jvm != null ? jvm.safepointNanos() : -1;
    } catch (Throwable t) { // the file was cut short under us (InternalError): no more of it
      jvm = null;
    }
    pauses.scanStarted(intervalNanos, periodNanos, safepoints);
    scan++;
  }

  /**
   * What the figures cannot say on this machine, for a notice printed once; null if all is there.
   */
  String missing() {
    // Only the kernel's accounting is named: without it a starved thread looks like one that
    // waits. The JVM's counters (off with -XX:-UsePerfData) only add to the stacks' evidence.
    return perThread
        ? null
        : "the kernel gives no per-thread CPU accounting here"
            + " (/proc/<pid>/task/<tid>/schedstat): a thread starved of CPU cannot be told from one"
            + " that waits, and no episode is labelled cpu-starved";
  }

  /** Reads the figures for {@code hub} into {@code into}, timed {@code atNanos}. */
  void read(Hub hub, long atNanos, Reading into) {
    readProcess();
    into.copyFrom(process);
    into.atNanos = atNanos;
    Thread thread = hub.thread();
    if (perThread
        && hub.osThreadId > 0
        && thread == hub.owner()
        && schedStat.read(hub.osThreadId, threadTimes)) {
      into.cpuNanos = threadTimes[0];
      into.runQueueNanos = threadTimes[1];
    } else {
      into.cpuNanos = Threads.cpuTimeNanos(thread);
      into.runQueueNanos = -1;
    }
  }

  /** The process-wide figures for a reading taken outside any hub (GC and stall only). */
  long gcNanos() {
    return pauses.gcNanos();
  }

  long stallNanos() {
    return pauses.stallNanos();
  }

  long stallThisScanNanos() {
    return pauses.stallThisScanNanos();
  }

  private void readProcess() {
    if (processReadAt == scan) {
      return;
    }
    processReadAt = scan;
    process.gcNanos = pauses.gcNanos();
    process.stallNanos = pauses.stallNanos();
    process.throttledNanos = -1;
    process.classLoadingNanos = -1;
    process.classEvents = -1;
    process.processCpuNanos = -1;
    try {
      process.throttledNanos = cgroup != null ? cgroup.throttledNanos() : -1;
    } catch (Throwable t) {
      cgroup = null;
    }
    try {
      if (jvm != null) {
        process.classLoadingNanos = jvm.classLoadingNanos();
        process.classEvents = jvm.classEvents();
      }
    } catch (Throwable t) { // the file was cut short under us (InternalError): no more of it
      jvm = null;
    }
    try {
      process.processCpuNanos = os != null ? os.getProcessCpuTime() : -1;
    } catch (Throwable t) {
      process.processCpuNanos = -1;
    }
  }

  /** Gives back what the probes hold open (the perf-data file). */
  void close() {
    JvmCounters counters = jvm;
    if (counters != null) {
      counters.close();
    }
  }
}
