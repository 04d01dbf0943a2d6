/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import static dev.unclog.BlockingEvent.Type.UNBLOCKED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** A switch point reached inside a task is part of that task (Hub.enterOutermost). */
class NestingTest {
  final Recorder recorder = new Recorder();
  @AutoClose final Monitor monitor = TestMonitors.reportingTo(recorder);

  @Test
  void aRunInsideARun_isPartOfTheOuterTask_soItsReturnDoesNotEndTheBlockage() throws Exception {
    Thread loop =
        new Thread(
            () -> {
              Hub hub = monitor.register(Thread.currentThread(), Hub.EVENT_LOOP);
              hub.run(
                  () -> {
                    hub.run(() -> {}); // a direct executor's task, say
                    sleepAfterTheInnerTask();
                  });
              hub.close();
            },
            "nesting-loop");
    loop.start();
    loop.join();
    assertOneEpisodeOfTheWholeSleep();
  }

  @Test
  void aWatchedTaskRunByAnotherOnItsThread_isPartOfIt() throws Exception {
    ExecutorService pool = monitor.watch(Executors.newSingleThreadExecutor());
    try {
      Executor direct = monitor.watch((Executor) Runnable::run);
      pool.submit(
              () -> {
                direct.execute(() -> {}); // caller runs: nested in this task
                sleepAfterTheInnerTask();
              })
          .get();
      assertOneEpisodeOfTheWholeSleep();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void enterOutermost_entersOnlyOutsideATask() throws Exception {
    Hub hub = monitor.register(new Thread(() -> {}), "custom");
    assertTrue(hub.enterOutermost("outer"));
    assertEquals(false, hub.enterOutermost("inner"));
    hub.exit();
    assertTrue(hub.enterOutermost("next"));
    hub.exit();
  }

  private void assertOneEpisodeOfTheWholeSleep() {
    BlockingEvent unblocked = recorder.await(UNBLOCKED, 1).get(0);
    assertTrue(unblocked.blocked().toMillis() >= 250, unblocked.toString());
    assertTrue(
        unblocked.stack().stream()
            .anyMatch(frame -> frame.getMethodName().equals("sleepAfterTheInnerTask")),
        unblocked.toString());
  }

  private static void sleepAfterTheInnerTask() {
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
