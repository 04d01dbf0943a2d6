/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

/**
 * Thrown by {@link Switches.Scope#close()} when the code inside never gave up its carrier, or held
 * it longer than the maximum without a switch. The message is the report: how long, the maximum,
 * and where the longest run ended.
 */
public final class FailedToSwitchError extends AssertionError {
  private static final long serialVersionUID = 1L;

  FailedToSwitchError(String report) {
    super(report);
  }
}
