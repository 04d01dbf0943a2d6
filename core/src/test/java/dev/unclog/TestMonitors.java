/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.time.Duration;

/**
 * The monitor the tests watch real threads with, unless a test is about the settings themselves.
 * Threshold 100 ms, period 25 ms: a block is caught once it passes 125 ms, and one under 100 ms can
 * never be reported.
 */
final class TestMonitors {
  static final Duration THRESHOLD = Duration.ofMillis(100);
  static final Duration PERIOD = Duration.ofMillis(25);

  private TestMonitors() {}

  /** A builder with the tests' threshold and period, and no text sink. */
  static Monitor.Builder builder() {
    return Monitor.builder().maxBlockingTime(THRESHOLD).period(PERIOD).printTo(null);
  }

  /** A monitor with the tests' threshold and period that reports to {@code listener} only. */
  static Monitor reportingTo(BlockingListener listener) {
    return builder().listener(listener).build();
  }
}
