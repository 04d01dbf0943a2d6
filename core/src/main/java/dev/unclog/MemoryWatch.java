/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.time.Instant;

/**
 * gevent's memory monitor: every memory period, the monitor thread reads the heap's usage (a JDK
 * call of a few microseconds) and reports crossing the limit once each way. Monitor thread only:
 * plain fields.
 */
final class MemoryWatch {
  private final long limitBytes;
  private final long periodNanos;
  private MemoryMXBean bean;
  private long nextNanos;
  private boolean over;

  MemoryWatch(long limitBytes, long periodNanos) {
    this.limitBytes = limitBytes;
    this.periodNanos = periodNanos;
  }

  /** An event if the heap crossed the limit since the last check, else null. */
  MemoryEvent check(long now) {
    if (now - nextNanos < 0) {
      return null;
    }
    nextNanos = now + periodNanos;
    if (bean == null) {
      bean = ManagementFactory.getMemoryMXBean();
    }
    MemoryUsage heap = bean.getHeapMemoryUsage();
    long used = heap.getUsed();
    if (over == used > limitBytes) {
      return null;
    }
    over = !over;
    return new MemoryEvent(
        over ? MemoryEvent.Type.EXCEEDED : MemoryEvent.Type.RECOVERED,
        Instant.now(),
        used,
        limitBytes,
        heap.getMax());
  }
}
