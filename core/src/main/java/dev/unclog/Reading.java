/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

/**
 * What the monitor read about a hub's thread and the process at one sighting of a task: the totals
 * so far, each -1 where this JVM or kernel does not say. An episode's figures are the differences
 * between two readings. Monitor thread only: plain fields, reused in place.
 */
final class Reading {
  /** The scan clock (nanoTime) just after the sighting the figures belong to. */
  long atNanos;

  /** The hub thread's time on a CPU: the kernel's when its OS thread is known, else the JVM's. */
  long cpuNanos = -1;

  /** The hub thread's time runnable in a run queue, waiting for a CPU (Linux). */
  long runQueueNanos = -1;

  /** The process's CPU cgroup's throttled time (Linux, a cgroup with a quota). */
  long throttledNanos = -1;

  /** Stop-the-world GC pauses and the monitor's own stalls (see Pauses). */
  long gcNanos;

  long stallNanos;

  /** The JVM's own class-loading work, and how many classes it loaded, linked, initialised. */
  long classLoadingNanos = -1;

  long classEvents = -1;

  /** The whole process's CPU time, every thread. */
  long processCpuNanos = -1;

  void copyFrom(Reading other) {
    atNanos = other.atNanos;
    cpuNanos = other.cpuNanos;
    runQueueNanos = other.runQueueNanos;
    throttledNanos = other.throttledNanos;
    gcNanos = other.gcNanos;
    stallNanos = other.stallNanos;
    classLoadingNanos = other.classLoadingNanos;
    classEvents = other.classEvents;
    processCpuNanos = other.processCpuNanos;
  }

  /** {@code later - earlier} of one figure, or -1 if either is unknown (or it went back). */
  static long delta(long earlier, long later) {
    return earlier < 0 || later < earlier ? -1 : later - earlier;
  }
}
