/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import static dev.unclog.BlockingEvent.Type.UNBLOCKED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.BlockingEvent.Cause;
import dev.unclog.testing.Sleep;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an episode is charged with, on real threads: the next task's CPU never leaks into the
 * episode before it, and one hot loop is one place wherever its samples land.
 */
class BlameTest {
  private static final Duration THRESHOLD = Duration.ofMillis(100);
  static volatile long sink;

  private final Recorder recorder = new Recorder();
  private final ByteArrayOutputStream text = new ByteArrayOutputStream();

  private Monitor monitor() {
    return Monitor.builder()
        .maxBlockingTime(THRESHOLD)
        .period(Duration.ofMillis(25))
        .printTo(new PrintStream(text, true, StandardCharsets.UTF_8))
        .listener(recorder)
        .build();
  }

  @Test
  void aSleepFollowedAtOnceByACpuHeavyTask_isWaiting() throws Exception {
    try (Monitor monitor = monitor();
        TestLoop loop = new TestLoop(monitor, "loop-next")) {
      loop.post(() -> Sleep.millis(300));
      loop.post(() -> spin(400)); // starts the moment the sleep returns
      loop.runAndWait(() -> {});
      recorder.await(UNBLOCKED, 2);
    }
    BlockingEvent sleep = recorder.of(UNBLOCKED).get(0);
    assertEquals(Cause.WAITING, sleep.cause(), "the next task's CPU is not the sleep's: " + sleep);
    assertTrue(sleep.cpuTime().toMillis() < 30, "" + sleep.cpuTime());
    assertEquals(Cause.ON_CPU, recorder.of(UNBLOCKED).get(1).cause());
  }

  @Test
  void aCpuLoopSampledAtDifferentFrames_isOnePlace_runAfterRun() throws Exception {
    try (Monitor monitor = monitor();
        TestLoop loop = new TestLoop(monitor, "loop-hot")) {
      TestLoop.Task hot = () -> crunchNumbers(900); // one handler, run twice
      loop.runAndWait(hot);
      loop.runAndWait(hot);
      recorder.await(UNBLOCKED, 2);
      List<BlockingEvent> ended = recorder.of(UNBLOCKED);
      assertTrue(ended.stream().allMatch(e -> e.cause() == Cause.ON_CPU), "" + ended);
      // Where samples land depends on the JIT's safepoints; FramesTest has the two-frame case.
      assertEquals(ended.get(0).fingerprint(), ended.get(1).fingerprint());
      assertEquals(1, monitor.topOffenders(10).size(), "" + monitor.topOffenders(10));
      assertEquals(2, monitor.topOffenders(10).get(0).episodes());
    }
  }

  /** Spins for {@code millis} of wall time. */
  static void spin(long millis) {
    long end = System.nanoTime() + millis * 1_000_000L;
    while (System.nanoTime() - end < 0) {
      sink++;
    }
  }

  /** A hot loop that spends its time in two frames: itself and isPrime. */
  static void crunchNumbers(long millis) {
    long end = System.nanoTime() + millis * 1_000_000L;
    for (long n = 3; System.nanoTime() - end < 0; n += 2) {
      if (isPrime(n % 2_000_003)) {
        sink++;
      }
      for (int i = 0; i < 2_000; i++) {
        sink += i;
      }
    }
  }

  static boolean isPrime(long n) {
    for (long d = 2; d * d <= n; d++) {
      if (n % d == 0) {
        return false;
      }
    }
    return n > 1;
  }
}
