/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.testing;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Event loops for the tests of core, junit and micrometer (their test-jar dependency). */
public final class Loops {
  private Loops() {}

  /**
   * A loop on one daemon thread named {@code name}: a test may leave it blocked, or never shut it
   * down, and its JVM still exits.
   */
  public static ExecutorService daemon(String name) {
    return Executors.newSingleThreadExecutor(
        task -> {
          Thread thread = new Thread(task, name);
          thread.setDaemon(true);
          return thread;
        });
  }
}
