/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.testing;

/**
 * The blocking call of the tests of core, junit and micrometer (their test-jar dependency): a plain
 * sleep that a task can make without declaring InterruptedException, which restores the interrupt
 * status instead, so a test's cleanup can still stop it.
 */
public final class Sleep {
  private Sleep() {}

  public static void millis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
