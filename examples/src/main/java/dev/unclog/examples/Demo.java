/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.examples;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import dev.unclog.Monitor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The first seed's example in Java. An event loop prints a dot every 200 ms; one task on it
 * makes a blocking call that takes 3 s, and the dots stop. unclog reports the blockage on
 * stderr while it happens, with the culprit's stack, and again when it ends, with its real
 * duration. Run it with {@code ./unclog demo}.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
    ScheduledExecutorService loop = Monitor.global().watch(
        Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "demo-loop")));
    long start = System.nanoTime();

    loop.scheduleWithFixedDelay(() -> System.out.print("."), 0, 200, MILLISECONDS);
    loop.schedule(Demo::fetchSynchronously, 1000, MILLISECONDS).get();
    loop.schedule(() -> { }, 1000, MILLISECONDS).get(); // a few more dots after it

    loop.shutdown();
    System.out.printf("%nElapsed time: %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  /** Stands in for a blocking call on the loop: a JDBC query, a file read, a lock. */
  static void fetchSynchronously() {
    try {
      Thread.sleep(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
