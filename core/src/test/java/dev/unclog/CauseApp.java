/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A child JVM for the cause tests: its watched executor runs one task while the whole process is
 * held up, then it prints "app done".
 *
 * <ul>
 *   <li>{@code gc}: the task computes for 60 ms of CPU, under the threshold of its own, while
 *       another thread keeps the collector in full stop-the-world collections of a large live heap
 *       (run it with -XX:+UseSerialGC), which stretch it past the threshold;
 *   <li>{@code gc-sleep}: the same, but the task sleeps for 2 s: the pauses do not lengthen it;
 *   <li>{@code stall}: once the monitor watches the task, another thread dumps a large heap: every
 *       Java thread stands still at a safepoint meanwhile, with no GC. The task waits (asleep) for
 *       that, then spins for 220 ms: under the threshold of its own.
 * </ul>
 */
public final class CauseApp {
  static volatile long sink;
  static volatile boolean collecting = true;

  private CauseApp() {}

  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    ExecutorService loop =
        Monitor.global()
            .watch(Executors.newSingleThreadExecutor(task -> new Thread(task, "child-loop")));
    loop.submit(() -> {}).get();
    Monitor.global().flush(java.time.Duration.ofSeconds(10)); // the monitor is up and scanning
    switch (args[0]) {
      case "gc", "gc-sleep" -> {
        List<long[]> live = allocate(1_500_000);
        Thread collector =
            new Thread(
                () -> {
                  while (collecting) {
                    System.gc();
                    try {
                      // the monitor gets to scan between pauses, as in real life; the spin, shorter
                      // than the sleep's 2 s, sees them back to back
                      Thread.sleep(args[0].equals("gc") ? 5 : 20);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                },
                "collector");
        collector.start();
        loop.submit(args[0].equals("gc") ? () -> spinCpu(60) : CauseApp::sleep2s).get();
        collecting = false;
        collector.join();
        sink += live.size();
      }
      case "stall" -> {
        List<long[]> live = allocate(6_000_000);
        Path dump = Files.createTempDirectory("unclog-stall").resolve("heap.hprof");
        Thread dumper =
            loop.submit(
                    () -> {
                      awaitWatched(); // a stall before the monitor has seen the task is rightly not
                      // counted
                      Thread heapDump =
                          Thread.ofPlatform()
                              .start(
                                  () -> {
                                    try { // a heap dump stops every Java thread at a safepoint,
                                      // without a collection
                                      ManagementFactory.getPlatformMXBean(
                                              HotSpotDiagnosticMXBean.class)
                                          .dumpHeap(dump.toString(), false);
                                    } catch (java.io.IOException e) {
                                      throw new java.io.UncheckedIOException(e);
                                    }
                                  });
                      awaitStop();
                      spinWall(220);
                      return heapDump;
                    })
                .get();
        dumper.join();
        Files.deleteIfExists(dump);
        Files.delete(dump.getParent());
        sink += live.size();
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
    loop.submit(() -> {}).get();
    Monitor.global().flush(java.time.Duration.ofSeconds(10));
    loop.shutdown();
    System.out.println("app done");
    System.exit(0); // also when a task failed and left the worker
  }

  /** A live set of {@code count} small arrays, 80 bytes each. */
  static List<long[]> allocate(int count) {
    List<long[]> live = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      live.add(new long[8]);
    }
    return live;
  }

  static void sleep2s() {
    try {
      Thread.sleep(2000);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Spins until the calling thread has used {@code millis} of CPU time. */
  static void spinCpu(long millis) {
    java.lang.management.ThreadMXBean bean =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long end = bean.getCurrentThreadCpuTime() + millis * 1_000_000L;
    while (bean.getCurrentThreadCpuTime() < end) {
      for (int i = 0; i < 10_000; i++) {
        sink++;
      }
    }
  }

  static void spinWall(long millis) {
    long end = System.nanoTime() + millis * 1_000_000L;
    while (System.nanoTime() - end < 0) {
      sink++;
    }
  }

  /** Waits until the monitor has watched the current task for at least one scan interval. */
  static void awaitWatched() {
    Hub hub =
        Monitor.global().hubs().stream()
            .filter(h -> h.thread() == Thread.currentThread())
            .findFirst()
            .orElseThrow();
    while (hub.lag().isZero()) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Waits, sleeping (not spinning: no CPU of its own), until the clock jumps by 300 ms. */
  static void awaitStop() {
    long deadline = System.nanoTime() + 30_000_000_000L;
    for (long last = System.nanoTime(); System.nanoTime() - deadline < 0; ) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      long now = System.nanoTime();
      if (now - last > 300_000_000L) {
        return;
      }
      last = now;
    }
    throw new IllegalStateException("the process was not stopped");
  }
}
