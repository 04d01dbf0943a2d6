/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

/**
 * For the benchmarks in {@code dev.unclog.bench}: the monitor's package-private counters. This
 * class is in the bench module but in core's package, which works on the class path (one class
 * loader, one runtime package); it changes nothing in core.
 */
public final class MonitorAccess {
  private MonitorAccess() {}

  /** How many scans the monitor thread has finished. */
  public static long scans(Monitor monitor) {
    return monitor.scans();
  }

  /** How many hubs the monitor watches. */
  public static int hubCount(Monitor monitor) {
    return monitor.hubCount();
  }
}
