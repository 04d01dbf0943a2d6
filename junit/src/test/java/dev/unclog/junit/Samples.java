/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.junit;

import dev.unclog.Monitor;
import dev.unclog.testing.Loops;
import dev.unclog.testing.Sleep;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;

/**
 * Test classes run by {@link UnclogExtensionTest} through the JUnit test kit, not by the build
 * (their names do not end in Test). Their loop is a watched executor of the global monitor.
 */
final class Samples {
  private Samples() {}

  static final ExecutorService LOOP = Monitor.global().watch(Loops.daemon("sample-loop"));

  @FailOnBlocking
  static class BlockingSample {
    @Test
    void blocksTheLoop() throws Exception {
      LOOP.submit(BlockingSample::queryTheDatabase).get();
    }

    static void queryTheDatabase() {
      Sleep.millis(300);
    }

    @Test
    void behaves() throws Exception {
      for (int i = 0; i < 10; i++) {
        LOOP.submit(() -> Sleep.millis(5)).get();
      }
    }

    @Test
    @FailOnBlocking(maxBlockingTime = "2s")
    void toleratedByItsOwnLimit() throws Exception {
      LOOP.submit(() -> Sleep.millis(300)).get();
    }
  }

  @FailOnBlocking
  static class BlocksTwiceSample {
    @Test
    void blocksTwice() throws Exception {
      LOOP.submit(() -> Sleep.millis(250)).get();
      LOOP.submit(() -> Sleep.millis(250)).get();
    }
  }

  @FailOnBlocking
  static class BlocksBeforeAllSample {
    @org.junit.jupiter.api.BeforeAll
    static void startTheServer() throws Exception {
      LOOP.submit(BlocksBeforeAllSample::loadTheCache).get();
    }

    static void loadTheCache() {
      Sleep.millis(300);
    }

    @Test
    void behaves() {}
  }

  @FailOnBlocking(failOnNoAgent = true)
  static class NeedsTheAgentSample {
    @Test
    void watchesALoop() {}
  }

  @FailOnBlocking(maxBlockingTime = "soon")
  static class BadLimitSample {
    @Test
    void anything() {}
  }

  @FailOnBlocking(maxBlockingTime = "10ms")
  static class LimitBelowTheMonitorSample {
    @Test
    void anything() {}
  }

  /** Blocks its own loop, in parallel with {@link ParallelCleanSample}. */
  @FailOnBlocking
  static class ParallelBlockingSample {
    static final ExecutorService OWN_LOOP = Monitor.global().watch(Loops.daemon("parallel-loop"));

    @Test
    void blocksItsLoop() throws Exception {
      OWN_LOOP.submit(() -> Sleep.millis(400)).get();
    }
  }

  /** Runs at the same time as the blocking one, and blocks nothing. */
  @FailOnBlocking
  static class ParallelCleanSample {
    @Test
    void waitsOnItsOwnThread() {
      Sleep.millis(800); // the test thread is no hub: this blocks nobody
    }
  }
}
