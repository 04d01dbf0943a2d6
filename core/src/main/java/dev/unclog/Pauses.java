/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.internal.JvmCounters;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/*
 * Time during which the whole process, not one hub, stood still: stop-the-world GC pauses,
 * the JVM's safepoints and stalls of the monitor itself. A hub blocked across such a pause is
 * not to blame for it; the episode's cause says so when the pauses are what took it over the
 * threshold.
 *
 * Owned by the monitor thread: every field is read and written there only.
 */
final class Pauses {
  /* The JVM's pause counters when it shares them (HotSpot, perf data on), else the collectors'
   * management beans, loaded only then: about forty classes at the monitor's start. */
  private JvmCounters counters;
  /* Collectors whose time is stop-the-world pauses. ZGC and Shenandoah also publish beans for
   * their concurrent cycles ("... Cycles"), whose time the application keeps running through. */
  private List<GarbageCollectorMXBean> pauseCollectors;
  private long stallNanos;
  private long stallThisScanNanos;
  private long safepointNanos = -1;
  private long gcNanosThisScan = -1;

  /**
   * @param counters this JVM's counters, or null
   */
  Pauses(JvmCounters counters) {
    this.counters = counters != null && counters.gcNanos() >= 0 ? counters : null;
    if (this.counters == null) {
      pauseCollectors = beans();
    }
  }

  private static List<GarbageCollectorMXBean> beans() {
    List<GarbageCollectorMXBean> pausing = new ArrayList<>();
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (!collector.getName().contains("Cycles")) {
        pausing.add(collector);
      }
    }
    return pausing;
  }

  /**
   * Called at the start of each scan with the time since the previous one. The monitor asked to
   * sleep one period; an interval over two periods is time the process (or the machine) did not run
   * it: a safepoint, a GC pause, CPU starvation, a suspended process. The excess is exactly what
   * the watchdog declines to count towards a hub's threshold; lateness within a period is ordinary
   * scheduling noise on a busy machine, counted for the hub and not here. The JVM's own count of
   * time at safepoints (every Java thread stopped), when it has one, is the other measure of the
   * interval: its short pauses, back to back, hold a runnable thread without making the monitor
   * oversleep. The larger of the two is the interval's stall.
   *
   * @param safepointNanos the JVM's time at safepoints so far, or -1 if unknown
   */
  void scanStarted(long intervalNanos, long periodNanos, long safepointNanos) {
    long atSafepoints =
        safepointNanos >= 0 && this.safepointNanos >= 0
            ? Math.max(0, safepointNanos - this.safepointNanos)
            : 0;
    this.safepointNanos = safepointNanos;
    stallThisScanNanos = Math.max(Math.max(0, intervalNanos - 2 * periodNanos), atSafepoints);
    stallNanos += stallThisScanNanos;
    gcNanosThisScan = -1;
  }

  /** The stall in the interval before this scan: the last added to {@link #stallNanos}. */
  long stallThisScanNanos() {
    return stallThisScanNanos;
  }

  /** The process's stalls so far, summed: what the monitor overslept, or the safepoints. */
  long stallNanos() {
    return stallNanos;
  }

  /** Stop-the-world GC time so far, read at most once per scan. */
  long gcNanos() {
    if (gcNanosThisScan < 0 && counters != null) {
      try {
        gcNanosThisScan = counters.gcNanos();
      } catch (Throwable t) { // the file was cut short under us: the beans from now on
        counters = null;
        pauseCollectors = beans();
      }
    }
    if (gcNanosThisScan < 0) {
      long millis = 0; // the beans' resolution
      for (GarbageCollectorMXBean collector : pauseCollectors) {
        millis += Math.max(0, collector.getCollectionTime());
      }
      gcNanosThisScan = millis * 1_000_000L;
    }
    return gcNanosThisScan;
  }
}
