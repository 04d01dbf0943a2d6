/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import static dev.unclog.BlockingEvent.Type.UNBLOCKED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.testing.Sleep;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The host's code misbehaving around unclog, and unclog going on regardless. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FaultsTest {
  @Test
  void listenerThatBlocksForever_delaysNeitherTheMonitorNorTheReports() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    assertReportsGoOn(
        event -> {
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    never.countDown();
  }

  @Test
  void listenerThatSpins_delaysNeitherTheMonitorNorTheReports() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    try {
      assertReportsGoOn(
          event -> {
            while (!stop.get()) {
              Thread.onSpinWait();
            }
          });
    } finally {
      stop.set(true);
    }
  }

  /** Two blocks in a row are printed in full while {@code stuck} holds the listener thread. */
  private static void assertReportsGoOn(BlockingListener stuck) throws Exception {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    Monitor monitor =
        TestMonitors.builder()
            .printTo(new PrintStream(text, true, StandardCharsets.UTF_8))
            .listener(stuck)
            .build();
    try (TestLoop loop = new TestLoop(monitor, "loop-stuck-listener")) {
      for (int i = 1; i <= 2; i++) {
        loop.runAndWait(() -> Sleep.millis(200));
        int blocks = i;
        new Recorder()
            .awaitTrue(
                () -> count(text, " unblocked hub loop-stuck-listener") == blocks,
                blocks + " unblocked reports on the text sink");
      }
      long scans = monitor.scans();
      Recorder.awaitScans(monitor, 3);
      assertTrue(monitor.scans() > scans, "the monitor goes on");
    } finally {
      monitor.close();
    }
    assertEquals(2, count(text, " blocked hub loop-stuck-listener"));
  }

  private static long count(ByteArrayOutputStream text, String what) {
    return text.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(what)).count();
  }

  @Test
  void outOfMemory_costsTheMonitorNothingButTheBlockItCouldNotSee() throws Exception {
    EnvironmentTest.Run run =
        EnvironmentTest.run(OutOfMemoryApp.class, Map.of(), List.of("-Xmx24m"), "500");
    assertEquals(0, run.exit(), run.err());
    assertEquals("app done\n", run.out(), run.err());
    assertTrue(run.err().contains("after-oom blocked hub child-loop (executor) for "), run.err());
    assertTrue(
        run.err().contains("after-oom unblocked hub child-loop (executor) after "), run.err());
    assertFalse(run.err().contains("Exception in thread"), run.err());
    assertFalse(run.err().contains("\tat dev.unclog."), run.err()); // no stack trace of ours
    assertTrue(run.unclogLines().size() <= 3, run.err());
  }

  @Test
  void hundredThousandShortLivedHubs_areForgotten() throws Exception {
    Recorder recorder = new Recorder();
    try (Monitor monitor = TestMonitors.reportingTo(recorder)) {
      for (int i = 0; i < 100_000; i++) {
        Thread thread =
            new Thread(() -> monitor.register(Thread.currentThread(), "short").run(() -> {}));
        thread.start();
        thread.join();
      }
      recorder.awaitTrue(() -> monitor.hubCount() == 0, "every dead thread's hub forgotten");
    }
    assertEquals(0, recorder.of(UNBLOCKED).size());
  }

  /**
   * A hundred thousand watched executors, or as many as 90 s allow (at least 20,000), each made,
   * used once and shut down: the registry empties and the heap after GC stays flat.
   */
  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void hundredThousandShortLivedExecutors_leaveNothingBehind() throws Exception {
    Recorder recorder = new Recorder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    long baseline = 0;
    int made = 0;
    try (Monitor monitor = TestMonitors.reportingTo(recorder)) {
      while (made < 100_000 && (made < 20_000 || System.nanoTime() - deadline < 0)) {
        ExecutorService executor = monitor.watch(Executors.newSingleThreadExecutor());
        executor.submit(() -> {}).get();
        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        if (++made == 10_000) { // past the warm-up: what is left from here on would be a leak
          baseline = usedAfterGc(monitor);
        }
      }
      long last = usedAfterGc(monitor);
      // A leak of even a Hub per executor (with its Thread, ~1 KB) would be 10 MB and more.
      assertTrue(
          last - baseline < 4 << 20,
          made + " executors: heap after GC went from " + baseline + " to " + last + " bytes");
    }
    assertEquals(0, recorder.of(UNBLOCKED).size());
  }

  /**
   * Monitors made, used on one long-lived worker thread and closed, 5,000 times: the worker's
   * thread-locals must not keep them (a thread-local's value that reaches its own key, through the
   * hub and its monitor, keeps both for as long as the thread lives).
   */
  @Test
  void closedMonitors_areNotKeptByAThreadTheyWatched() throws Exception {
    ExecutorService shared = Executors.newSingleThreadExecutor();
    try {
      long baseline = 0;
      for (int i = 1; i <= 5_000; i++) {
        try (Monitor monitor = TestMonitors.builder().build()) {
          monitor.watch(shared).submit(() -> {}).get();
        }
        if (i == 500) {
          baseline = usedAfterGc(null);
        }
      }
      long last = usedAfterGc(null);
      // A closed monitor kept (registry, reporter, queues) is 2 KB: 4,500 are 9 MB.
      assertTrue(
          last - baseline < 2 << 20,
          "heap after GC went from " + baseline + " to " + last + " bytes");
    } finally {
      shared.shutdown();
    }
  }

  /** Used heap after GC, once the monitor has forgotten the hubs of the threads that ended. */
  private static long usedAfterGc(Monitor monitor) throws InterruptedException {
    if (monitor != null) {
      new Recorder().awaitTrue(() -> monitor.hubs().isEmpty(), "dead workers' hubs forgotten");
    }
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
