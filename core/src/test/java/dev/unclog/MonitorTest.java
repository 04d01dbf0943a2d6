/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import static dev.unclog.BlockingEvent.Type.BLOCKED;
import static dev.unclog.BlockingEvent.Type.STILL_BLOCKED;
import static dev.unclog.BlockingEvent.Type.UNBLOCKED;
import static dev.unclog.TestMonitors.PERIOD;
import static dev.unclog.TestMonitors.THRESHOLD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.testing.Sleep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The monitor against real threads that really block, with the tests' threshold and period ({@link
 * TestMonitors}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MonitorTest {
  /** Scheduling noise on a loaded 2-core machine, on top of the bounds the design promises. */
  static final long NOISE_MS = 60;

  final Recorder recorder = new Recorder();
  @AutoClose final Monitor monitor = TestMonitors.reportingTo(recorder);

  /* --- catching --- */

  @Test
  void blockOfTwiceTheThreshold_isAlwaysCaught() throws Exception {
    try (TestLoop loop = new TestLoop(monitor, "loop-2x")) {
      for (int i = 0; i < 5; i++) {
        loop.runAndWait(() -> Sleep.millis(200));
        loop.runAndWait(() -> {});
        recorder.await(UNBLOCKED, i + 1);
      }
    }
    assertEquals(5, recorder.of(BLOCKED).size(), () -> "events: " + recorder.events);
    assertEquals(5, ids(recorder.of(BLOCKED)).size(), "one episode per block");
    assertEquals(ids(recorder.of(BLOCKED)), ids(recorder.of(UNBLOCKED)));
    for (BlockingEvent blocked : recorder.of(BLOCKED)) {
      assertEquals("loop-2x", blocked.hub());
      assertEquals(Hub.EVENT_LOOP, blocked.hubKind());
      assertEquals(THRESHOLD, blocked.threshold());
      assertTrue(blocked.blocked().compareTo(THRESHOLD) >= 0, () -> "reported " + blocked);
    }
  }

  /**
   * Tasks of half the threshold are never reported. On a loaded machine the OS can stretch a 50 ms
   * task past 100 ms of wall time (a late wake-up, a preemption just before it returns), and then
   * reporting it is right; so the test times every task and allows at most one episode per task
   * that really took the threshold or longer (normally none).
   */
  @Test
  void blockOfHalfTheThreshold_isNeverReported() throws Exception {
    List<Long> durations = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (TestLoop loop = new TestLoop(monitor, "loop-half")) {
      loop.hub();
      for (int i = 0; i < 20; i++) {
        boolean sleep = i % 2 == 0;
        loop.post(
            () -> {
              long start = System.nanoTime();
              if (sleep) {
                Sleep.millis(50);
              } else {
                TestLoop.spin(50);
              }
              durations.add(System.nanoTime() - start);
            });
      }
      loop.runAndWait(() -> {});
      Recorder.awaitScans(monitor, 4);
    }
    monitor.close(); // delivers anything already found
    long overThreshold = durations.stream().filter(d -> d >= THRESHOLD.toNanos()).count();
    assertTrue(
        recorder.of(BLOCKED).size() <= overThreshold,
        () -> "episodes " + recorder.events + " for task durations " + durations);
    assertEquals(recorder.of(BLOCKED).size(), recorder.of(UNBLOCKED).size());
  }

  @Test
  void twoSecondBlock_isOneEpisode_withItsRealDuration() throws Exception {
    long[] truth = new long[2];
    try (TestLoop loop = new TestLoop(monitor, "loop-2s")) {
      loop.runAndWait(
          () -> {
            truth[0] = System.nanoTime();
            Sleep.millis(2000);
            truth[1] = System.nanoTime();
          });
      recorder.await(UNBLOCKED, 1);
      Recorder.awaitScans(monitor, 4);
    }
    monitor.close();
    assertEquals(1, recorder.of(BLOCKED).size(), () -> "events: " + recorder.events);
    assertEquals(1, recorder.of(UNBLOCKED).size(), () -> "events: " + recorder.events);
    List<BlockingEvent> still = recorder.of(STILL_BLOCKED);
    assertTrue(still.size() <= 2, () -> "still_blocked is rate-limited: " + still);
    assertEquals(1, ids(recorder.events).size(), "all events share the episode's id");

    BlockingEvent unblocked = recorder.of(UNBLOCKED).get(0);
    long trueMillis = (truth[1] - truth[0]) / 1_000_000;
    long error = Math.abs(unblocked.blocked().toMillis() - trueMillis);
    assertTrue(
        error <= PERIOD.toMillis() + NOISE_MS,
        () -> "reported " + unblocked.blocked().toMillis() + " ms, true " + trueMillis + " ms");
    assertFalse(unblocked.samples().isEmpty(), "samples aggregated");
    assertTrue(unblocked.samplesTaken() >= 5, () -> "sampled while blocked: " + unblocked);
    Instant since = recorder.of(BLOCKED).get(0).since();
    Instant end = unblocked.since().plus(unblocked.blocked());
    assertTrue(Duration.between(since, end).toMillis() >= THRESHOLD.toMillis());
  }

  @Test
  void twoHubsBlockedAtOnce_giveTwoEpisodes() throws Exception {
    CountDownLatch bothIn = new CountDownLatch(2);
    Runnable block =
        () -> {
          bothIn.countDown();
          Sleep.millis(400);
        };
    try (TestLoop a = new TestLoop(monitor, "loop-a");
        TestLoop b = new TestLoop(monitor, "loop-b")) {
      a.post(block);
      b.post(block);
      assertTrue(bothIn.await(20, TimeUnit.SECONDS));
      recorder.await(UNBLOCKED, 2);
    }
    List<BlockingEvent> blocked = recorder.of(BLOCKED);
    assertEquals(2, blocked.size(), () -> "events: " + recorder.events);
    assertEquals(
        Set.of("loop-a", "loop-b"),
        blocked.stream().map(BlockingEvent::hub).collect(Collectors.toSet()));
    assertEquals(2, ids(blocked).size());
    // overlapping in time, not one after the other
    BlockingEvent first = blocked.get(0);
    BlockingEvent second = blocked.get(1);
    assertTrue(second.since().isBefore(first.since().plus(first.blocked()).plusMillis(300)));
  }

  /* --- what is reported --- */

  @Test
  void blockedStack_namesTheBlockingMethod_takenWhileBlocked() throws Exception {
    try (TestLoop loop = new TestLoop(monitor, "loop-stack")) {
      loop.runAndWait(MonitorTest::sleepingInAMethodWithAName);
      loop.runAndWait(MonitorTest::spinningInAMethodWithAName);
      recorder.await(UNBLOCKED, 2);
    }
    List<BlockingEvent> blocked = recorder.of(BLOCKED);
    assertTrue(
        hasFrame(blocked.get(0), "sleepingInAMethodWithAName"), () -> "" + blocked.get(0).stack());
    assertEquals(Thread.State.TIMED_WAITING, blocked.get(0).threadState());
    assertTrue(
        hasFrame(blocked.get(1), "spinningInAMethodWithAName"), () -> "" + blocked.get(1).stack());
    assertEquals(Thread.State.RUNNABLE, blocked.get(1).threadState());
    assertEquals(recorder.of(UNBLOCKED).get(0).stack(), blocked.get(0).stack());
    List<BlockingEvent> unblocked = recorder.of(UNBLOCKED);
    assertEquals(BlockingEvent.Cause.WAITING, unblocked.get(0).cause(), "sleeping: " + unblocked);
    assertEquals(BlockingEvent.Cause.ON_CPU, unblocked.get(1).cause(), "spinning: " + unblocked);
    assertTrue(unblocked.get(1).cpuTime().toMillis() > unblocked.get(0).cpuTime().toMillis());
  }

  @Test
  void task_isNamedByItsToString_offTheMonitorThread() throws Exception {
    Thread[] namedOn = new Thread[1];
    Runnable task =
        new Runnable() {
          @Override
          public void run() {
            Sleep.millis(250);
          }

          @Override
          public String toString() {
            namedOn[0] = Thread.currentThread();
            return "fetch-user-42";
          }
        };
    try (TestLoop loop = new TestLoop(monitor, "loop-named")) {
      loop.hub();
      loop.post(task);
      BlockingEvent blocked = recorder.await(BLOCKED, 1).get(0);
      assertEquals("fetch-user-42", blocked.task());
      recorder.await(UNBLOCKED, 1);
    }
    assertNotEquals("unclog-monitor", namedOn[0].getName());
  }

  @Test
  void eventsAListenerKeeps_doNotKeepTheWorkerThreadOrTheTaskAlive() throws Exception {
    java.lang.ref.WeakReference<Thread>[] worker = new java.lang.ref.WeakReference[1];
    java.lang.ref.WeakReference<Object> task;
    ExecutorService executor =
        monitor.watch(
            Executors.newSingleThreadExecutor(
                runnable -> {
                  Thread thread = new Thread(runnable, "short-lived-worker");
                  worker[0] = new java.lang.ref.WeakReference<>(thread);
                  return thread;
                }));
    Runnable sleeper =
        new Runnable() {
          @Override
          public void run() {
            sleepingInAMethodWithAName();
          }

          @Override
          public String toString() {
            return "checkout #7";
          }
        };
    task = new java.lang.ref.WeakReference<>(sleeper);
    executor.submit(sleeper).get();
    sleeper = null;
    recorder.await(UNBLOCKED, 1);
    executor.shutdown();
    assertTrue(executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS));
    executor = null;
    assertFalse(recorder.of(BLOCKED).isEmpty(), "the listener keeps its events");
    recorder.awaitTrue(
        () -> {
          System.gc();
          return worker[0].get() == null && task.get() == null;
        },
        "the worker thread and the task to be collected while the events are kept");
    // named once, while it ran: every event of the episode says the same, the task long gone
    assertEquals("checkout #7", recorder.of(BLOCKED).get(0).task());
    assertEquals("checkout #7", recorder.of(UNBLOCKED).get(0).task());
  }

  @Test
  void watchedExecutor_reportsTheWorker_andTheUsersTask() throws Exception {
    ExecutorService executor =
        monitor.watch(
            Executors.newFixedThreadPool(2, task -> new Thread(task, "worker-" + task.hashCode())));
    try {
      executor.submit(MonitorTest::sleepingInAMethodWithAName).get();
      executor.submit(() -> "fast").get();
      BlockingEvent blocked = recorder.await(BLOCKED, 1).get(0);
      assertEquals(Hub.EXECUTOR, blocked.hubKind());
      assertTrue(blocked.hub().startsWith("worker-"), blocked.hub());
      assertTrue(blocked.task().startsWith("dev.unclog.MonitorTest$$Lambda"), blocked.task());
      assertTrue(hasFrame(blocked, "sleepingInAMethodWithAName"));
      recorder.await(UNBLOCKED, 1);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void watchedVirtualThreadExecutor_registersNoHubPerVirtualThread() throws Exception {
    try (ExecutorService virtual = monitor.watch(Executors.newVirtualThreadPerTaskExecutor())) {
      for (int i = 0; i < 100; i++) {
        virtual.submit(() -> Sleep.millis(150));
      }
      monitor.register(Thread.currentThread(), Hub.EVENT_LOOP).close(); // starts the monitor
      Recorder.awaitScans(monitor, 2);
      assertEquals(0, monitor.hubCount(), "no hub for any virtual thread");
    }
    monitor.close();
    assertEquals(List.of(), recorder.events, "a sleeping virtual thread blocks no carrier");
  }

  @Test
  void heartbeat_reportsAnExecutorItCannotWrap() throws Exception {
    ExecutorService plain = Executors.newSingleThreadExecutor(task -> new Thread(task, "plain"));
    try (Hub hub = monitor.heartbeat(plain, "plain-executor")) {
      Recorder.awaitScans(monitor, 8); // probes run while it is idle: nothing to report
      assertEquals(List.of(), recorder.events);
      plain.submit(MonitorTest::sleepingInAMethodWithAName).get();
      BlockingEvent blocked = recorder.await(BLOCKED, 1).get(0);
      assertEquals("plain-executor", blocked.hub());
      assertEquals(Hub.EXECUTOR, blocked.hubKind());
      assertEquals("unknown task", blocked.task());
      assertTrue(hasFrame(blocked, "sleepingInAMethodWithAName"), () -> "" + blocked.stack());
      recorder.await(UNBLOCKED, 1);
    } finally {
      plain.shutdownNow();
    }
  }

  @Test
  void lag_growsWhileAProbeWaits_andFallsBackWhenItRuns() throws Exception {
    ExecutorService plain = Executors.newSingleThreadExecutor();
    CountDownLatch release = new CountDownLatch(1);
    try (Hub hub = monitor.heartbeat(plain, "lagging")) {
      assertTrue(monitor.hubs().contains(hub));
      plain.submit(
          () -> {
            release.await();
            return null;
          });
      recorder.awaitTrue(() -> hub.lag().toMillis() >= 200, "a lag of 200 ms while stalled");
      release.countDown();
      recorder.awaitTrue(() -> hub.lag().isZero(), "no lag once the probes run again");
    } finally {
      plain.shutdownNow();
    }
  }

  @Test
  void heartbeat_stopsWhenTheExecutorShutsDown() throws Exception {
    ExecutorService plain = Executors.newSingleThreadExecutor();
    Hub hub = monitor.heartbeat(plain, "short-lived");
    assertTrue(monitor.isWatched(hub));
    plain.shutdown();
    recorder.awaitTrue(() -> !monitor.isWatched(hub), "the heartbeat hub to be dropped");
  }

  @Test
  void textReport_hasTheSeedsLayout_withoutItsNoise() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    Recorder done = new Recorder();
    try (Monitor printing =
            TestMonitors.builder()
                .printTo(
                    new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8))
                .listener(done)
                .build();
        TestLoop loop = new TestLoop(printing, "loop-text")) {
      loop.runAndWait(MonitorTest::sleepingInAMethodWithAName);
      done.await(UNBLOCKED, 1);
      printing.flush(Recorder.DEADLINE); // the loop thread lives until the dump is written
    }
    String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    List<String> lines = text.lines().toList();
    assertEquals("=".repeat(80), lines.get(0));
    assertTrue(
        lines
            .get(1)
            .matches(
                "\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z : .* blocked hub loop-text"
                    + " \\(event-loop\\) for \\d+ ms(, waiting \\([0-9.]+ ms CPU\\))?"),
        lines.get(1));
    assertTrue(text.contains("Blocked Stack (thread #"), text);
    assertTrue(text.contains("at dev.unclog.MonitorTest.sleepingInAMethodWithAName("), text);
    // the thread tree, unless another test's report took the process's dump under 10 s ago
    assertTrue(
        text.contains("Info:\n" + "*".repeat(80) + "\n* Threads: ")
                && text.lines()
                    .anyMatch(
                        l -> l.contains("\"loop-text\" #") && l.endsWith("<- the blocked hub"))
            || text.contains("\nInfo: threads not listed: the last thread dump was "),
        text);
    assertTrue(
        text.lines()
            .anyMatch(
                l ->
                    l.matches(
                        ".* unblocked hub loop-text \\(event-loop\\)"
                            + " after \\d+ ms, waiting \\([0-9.]+ ms CPU\\) \\(episode [0-9a-f]+-\\d+, \\d+ samples?\\)")),
        text);
    assertTrue(
        text.contains(" x dev.unclog.testing.Sleep.millis("),
        "culprit: innermost frame outside the JDK");
    assertFalse(text.contains("\n    at dev.unclog.Watchdog"), "never the monitor's own stack");
    assertEquals(1, text.split("=".repeat(80), -1).length - 1, "dumped once");
  }

  @Test
  void listenerAddedAtRunTime_getsLaterEpisodes_untilRemoved() throws Exception {
    Recorder late = new Recorder();
    try (TestLoop loop = new TestLoop(monitor, "loop-late-listener")) {
      loop.runAndWait(() -> Sleep.millis(200));
      recorder.await(UNBLOCKED, 1);
      Registration registration = monitor.addListener(late);
      loop.runAndWait(() -> Sleep.millis(200));
      late.await(UNBLOCKED, 1);
      registration.close();
      loop.runAndWait(() -> Sleep.millis(200));
      recorder.await(UNBLOCKED, 3);
    }
    monitor.close();
    assertEquals(1, late.of(BLOCKED).size(), "only the episode while it was added");
  }

  @Test
  void assertSwitches_withoutTheAgent_orOnAPlatformThread_saysWhy() throws Exception {
    IllegalStateException platform =
        assertThrows(
            IllegalStateException.class, () -> Switches.assertSwitches(Duration.ofMillis(100)));
    assertTrue(platform.getMessage().contains("is a platform thread"), platform.getMessage());
    Throwable[] virtual = new Throwable[1];
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                Switches.assertSwitches(Duration.ofMillis(100)).close();
              } catch (Throwable t) {
                virtual[0] = t;
              }
            })
        .join();
    assertTrue(
        virtual[0] instanceof IllegalStateException
            && virtual[0].getMessage().contains("needs the unclog agent"),
        String.valueOf(virtual[0]));
  }

  /* --- robustness --- */

  @Test
  void throwingListener_doesNotStopDetection() throws Exception {
    Recorder second = new Recorder();
    try (Monitor throwing =
            TestMonitors.builder()
                .listener(
                    event -> {
                      throw new IllegalStateException("listener bug");
                    })
                .listener(second)
                .build();
        TestLoop loop = new TestLoop(throwing, "loop-throwing")) {
      loop.runAndWait(() -> Sleep.millis(200));
      second.await(UNBLOCKED, 1);
      loop.runAndWait(() -> Sleep.millis(200));
      second.await(UNBLOCKED, 2);
    }
    assertEquals(2, second.of(BLOCKED).size());
  }

  @Test
  void deadHubThread_isForgotten() throws Exception {
    Hub[] hub = new Hub[1];
    Thread thread = new Thread(() -> hub[0] = monitor.register(Thread.currentThread(), "custom"));
    thread.start();
    thread.join();
    recorder.awaitTrue(() -> !monitor.isWatched(hub[0]), "the dead thread's hub to be dropped");
  }

  @Test
  void hubClosedMidEpisode_stillGetsItsUnblocked() throws Exception {
    Hub hub = monitor.register(Thread.currentThread(), Hub.EVENT_LOOP);
    hub.enter("closing-task");
    try {
      recorder.await(BLOCKED, 1);
    } finally {
      hub.exit();
      hub.close();
    }
    BlockingEvent unblocked = recorder.await(UNBLOCKED, 1).get(0);
    assertEquals(recorder.of(BLOCKED).get(0).episodeId(), unblocked.episodeId());
  }

  @Test
  void heartbeatOfAnExecutorShutDownWithItsProbeQueued_endsTheEpisodeAndStops() throws Exception {
    ExecutorService plain = Executors.newSingleThreadExecutor();
    Hub hub = monitor.heartbeat(plain, "shut-down-now");
    CountDownLatch release = new CountDownLatch(1);
    plain.submit(
        () -> {
          release.await();
          return null;
        });
    recorder.await(BLOCKED, 1);
    plain.shutdownNow(); // interrupts the task and drops the queued probe
    recorder.await(UNBLOCKED, 1);
    recorder.awaitTrue(() -> !monitor.isWatched(hub), "the hub to be dropped");
  }

  @Test
  void threadRegisteredBeforeItStarts_isNotTakenForDead() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    Thread late =
        new Thread(
            () -> {
              try {
                go.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "late-starter");
    Hub hub = monitor.register(late, Hub.EVENT_LOOP);
    monitor.register(Thread.currentThread(), Hub.EVENT_LOOP); // starts the monitor
    Recorder.awaitScans(monitor, 3);
    assertTrue(monitor.isWatched(hub), "not started is not dead");
    late.start();
    go.countDown();
    late.join();
    recorder.awaitTrue(() -> !monitor.isWatched(hub), "forgotten once it has ended");
  }

  @Test
  void watchedTaskRunInsideAnother_isPartOfIt_notASwitch() throws Exception {
    java.util.concurrent.Executor inline =
        monitor.watch((java.util.concurrent.Executor) Runnable::run);
    ExecutorService outer = monitor.watch(Executors.newSingleThreadExecutor());
    try {
      outer
          .submit(
              () -> {
                inline.execute(() -> {}); // a caller-runs hop: must not end the outer task
                Sleep.millis(300);
              })
          .get();
      BlockingEvent unblocked = recorder.await(UNBLOCKED, 1).get(0);
      assertTrue(unblocked.blocked().toMillis() >= 250, "the whole outer task: " + unblocked);
    } finally {
      outer.shutdownNow();
    }
  }

  @Test
  void closedMonitor_watchesNothingNew() throws Exception {
    monitor.close();
    Hub hub = monitor.register(Thread.currentThread(), Hub.EVENT_LOOP);
    assertFalse(monitor.isWatched(hub));
    Hub beat = monitor.heartbeat(Runnable::run, "after-close");
    assertFalse(monitor.isWatched(beat));
    assertTrue(
        Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().equals("unclog-heartbeat")),
        "no heartbeat thread");
  }

  @Test
  void registeringTwice_returnsTheSameHub_andClosingForgetsIt() {
    Hub hub = monitor.register(Thread.currentThread(), Hub.EVENT_LOOP);
    assertEquals(hub, monitor.register(Thread.currentThread(), Hub.EVENT_LOOP));
    assertTrue(monitor.isWatched(hub));
    hub.close();
    assertFalse(monitor.isWatched(hub));
  }

  @Test
  void unclogsOwnThreads_cannotBeHubs() {
    monitor.register(Thread.currentThread(), Hub.EVENT_LOOP).close(); // starts the monitor
    Thread monitorThread =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("unclog-monitor"))
            .findFirst()
            .orElseThrow();
    assertThrows(
        IllegalArgumentException.class, () -> monitor.register(monitorThread, Hub.EVENT_LOOP));
  }

  @Test
  void builder_rejectsAPeriodLongerThanTheThreshold() {
    Monitor.Builder builder =
        Monitor.builder().maxBlockingTime(Duration.ofMillis(100)).period(Duration.ofMillis(200));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertTrue(e.getMessage().contains("longer than the maximum blocking time"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Monitor.builder().maxBlockingTime(Duration.ZERO));
  }

  @Test
  void hooks_changeTheSequenceOnEverySwitch_andToleratesAMissedExit() {
    Hub hub = new Hub(monitor, Hub.EVENT_LOOP, Thread.currentThread(), null);
    long idle = hub.switchSeqAcquire();
    hub.exit();
    assertEquals(idle, hub.switchSeqAcquire(), "exit with no task is not a switch");
    hub.enter("a");
    long first = hub.switchSeqAcquire();
    assertEquals(1, first & 1, "odd inside a task");
    hub.enter("b");
    long second = hub.switchSeqAcquire();
    assertNotEquals(first, second, "a missed exit still switches");
    assertEquals("b", hub.taskAcquire());
    hub.exit();
    assertEquals(0, hub.switchSeqAcquire() & 1, "even back in the loop");
  }

  static boolean hasFrame(BlockingEvent event, String method) {
    return event.stack().stream().anyMatch(f -> f.getMethodName().equals(method));
  }

  static Set<String> ids(List<BlockingEvent> events) {
    return events.stream().map(BlockingEvent::episodeId).collect(Collectors.toSet());
  }

  static void sleepingInAMethodWithAName() {
    Sleep.millis(300);
  }

  static void spinningInAMethodWithAName() {
    TestLoop.spin(300);
  }
}
