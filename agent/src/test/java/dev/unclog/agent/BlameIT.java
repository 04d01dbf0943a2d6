/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.unclog.agent.apps.BlameApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blame only what the code did, on a real Netty 4.2 server in a child JVM with the real agent: its
 * warm-up, a machine whose CPUs are taken by three other busy processes, and a CPU cgroup with a
 * 40% quota. The stalls those cause are not the code's; a handler's real sleep is still one full
 * "waiting" report with its frame, and a real spin one "on-cpu" report.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BlameIT {
  private static final Set<String> THE_CODE = Set.of("on-cpu", "waiting", "unknown");
  private static final Set<String> WARM_UP = Set.of("class-loading", "cpu-starved");

  @TempDir Path dir;

  @Test
  void aColdServersFirstRequests_areClassLoading_andASleepAfterThemIsWaiting() throws Exception {
    try (ChildJvm child = server("cold").start(BlameApp.class, "cold")) {
      int port = port(child);
      load(port, 64, 16, null); // the first requests, on both worker loops at once
      child.send(""); // nothing: lets the monitor end what the warm-up began
      assertSlowRequestIsOneWaitingEpisode(child, port);
      child.send("exit");
      assertEquals(0, child.awaitExit(), child.describe());
      List<Map<String, Object>> notTheCode = endedNotTheCode(child);
      // On two cores a cold loop also waits for CPUs the compilers and the other loop hold:
      // at a native frame (where the warm-up cannot be told) that is cpu-starved, and true.
      assertTrue(
          notTheCode.stream().allMatch(e -> WARM_UP.contains(e.get("cause"))),
          "warm-up stalls are class loading: " + child.describe());
      long fullReports = child.err.stream().filter(l -> l.startsWith("Blocked Stack")).count();
      assertEquals(1, fullReports, "one full report, the sleep's: " + child.describe());
      long lines = child.err.stream().filter(l -> l.contains(": not the code (episode")).count();
      assertTrue(lines <= notTheCode.size(), child.describe());
    }
  }

  @Test
  void aBusyMachine_isNotBlamedOnTheCode_butASleepAndASpinAre() throws Exception {
    List<Process> spinners = new ArrayList<>();
    try (ChildJvm child = server("warm").start(BlameApp.class, "warm")) {
      for (int i = 0; i < 3; i++) {
        spinners.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
      }
      int port = port(child);
      child.send("vts");
      load(port, 3000, 8, null);
      child.awaitOut(l -> l.equals("vts done"), "vts done");
      assertSlowRequestIsOneWaitingEpisode(child, port);
      assertSpinIsOneOnCpuEpisode(child, port);
      child.send("exit");
      assertEquals(0, child.awaitExit(), child.describe());
    } finally {
      spinners.forEach(Process::destroyForcibly);
    }
  }

  @Test
  void aCgroupWithA40PercentQuota_throttles_andThatIsNotTheCode() throws Exception {
    Path cpu = Path.of("/sys/fs/cgroup/cpu");
    assumeTrue(
        Files.isWritable(cpu) && Files.exists(cpu.resolve("cpu.cfs_quota_us")),
        "needs root and cgroup v1's cpu controller at /sys/fs/cgroup/cpu (as here)");
    Path group = cpu.resolve("unclog-blame-" + ProcessHandle.current().pid());
    Files.createDirectories(group);
    try {
      // 40 % in 10 ms periods: a throttle lasts 6 ms. The kernel adds a throttle's time to
      // cpu.stat only when it ends, and a thread's run-queue wait only when it runs again, so a
      // span that ends inside a throttle shows neither; with 100 ms periods one throttle hid
      // 60 ms and a first report of a spin could read as a wait.
      Files.writeString(group.resolve("cpu.cfs_period_us"), "10000");
      Files.writeString(group.resolve("cpu.cfs_quota_us"), "4000");
      try (ChildJvm child = server("warm").start(BlameApp.class, "warm")) {
        Files.writeString(group.resolve("cgroup.procs"), Long.toString(child.process.pid()));
        int port = port(child);
        load(port, 3000, 8, null);
        assertSlowRequestIsOneWaitingEpisode(child, port);
        assertSpinIsOneOnCpuEpisode(child, port);
        child.send("exit");
        assertEquals(0, child.awaitExit(), child.describe());
        String stat = Files.readString(group.resolve("cpu.stat"));
        assertTrue(!stat.contains("nr_throttled 0\n"), "the quota was in force: " + stat);
      }
    } finally {
      removeWhenEmpty(group);
    }
  }

  private ChildJvm.Builder server(String mode) {
    return ChildJvm.java(dir)
        .jarsIn(Path.of("target", "netty-4.2"))
        .env("UNCLOG_PRINT_REPORTS", "true");
  }

  /**
   * A handler's 600 ms sleep after whatever came before: exactly one episode is the code's from
   * here on, waiting, with the handler's frame and a full report; the ones before it that ended are
   * all not the code's.
   */
  private static void assertSlowRequestIsOneWaitingEpisode(ChildJvm child, int port)
      throws Exception {
    assertCodeEpisodes(child, List.of());
    int before = child.events("unblocked").size();
    load(port, 1, 1, "/slow");
    Map<String, Object> slow = awaitCodeEpisode(child, before, "handleSlowly(");
    assertEquals("waiting", slow.get("cause"), child.describe());
    assertCodeEpisodes(child, List.of(slow));
  }

  /** A handler's 500 ms spin, on a busy or throttled machine: on-cpu, with its frame. */
  private static void assertSpinIsOneOnCpuEpisode(ChildJvm child, int port) throws Exception {
    int before = child.events("unblocked").size();
    load(port, 1, 1, "/spin");
    Map<String, Object> spin = awaitCodeEpisode(child, before, "Handler.spin(");
    assertEquals("on-cpu", spin.get("cause"), child.describe());
    // In full: when found (or, if it was starved or throttled until then, when it was seen to
    // be the code's: a later still-blocked report, or its end).
    int at = -1;
    for (int i = 0; i < child.err.size() && at < 0; i++) {
      String id = "episode " + spin.get("id");
      if (child.err.get(i).contains(", on CPU (")
          && (child.err.get(i).contains(id)
              || (i + 1 < child.err.size() && child.err.get(i + 1).contains(id)))) {
        at = i;
      }
    }
    assertTrue(
        at >= 0
            && child.err.subList(at, Math.min(at + 4, child.err.size())).stream()
                .anyMatch(l -> l.startsWith("Blocked Stack")),
        "a full report: " + child.describe());
  }

  /** Waits for an ended episode after the first {@code before} whose stack names {@code frame}. */
  private static Map<String, Object> awaitCodeEpisode(ChildJvm child, int before, String frame)
      throws Exception {
    long deadline = System.nanoTime() + ChildJvm.DEADLINE_NANOS;
    while (System.nanoTime() - deadline < 0) {
      List<Map<String, Object>> ended = child.events("unblocked");
      for (Map<String, Object> event :
          ended.subList(Math.min(before, ended.size()), ended.size())) {
        if (ChildJvm.inStack(event, frame)
            || String.valueOf(event.get("samples")).contains(frame)) {
          return event;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no episode at " + frame + ": " + child.describe());
  }

  /** The ended episodes whose cause blames the code are exactly {@code expected}. */
  private static void assertCodeEpisodes(ChildJvm child, List<Map<String, Object>> expected)
      throws IOException {
    List<Map<String, Object>> code =
        child.events("unblocked").stream().filter(e -> THE_CODE.contains(e.get("cause"))).toList();
    assertEquals(
        expected.stream().map(e -> e.get("id")).toList(),
        code.stream().map(e -> e.get("id")).toList(),
        "stalls blamed on the code: " + child.describe());
  }

  private static List<Map<String, Object>> endedNotTheCode(ChildJvm child) throws IOException {
    return child.events("unblocked").stream()
        .filter(e -> !THE_CODE.contains(e.get("cause")))
        .toList();
  }

  private static int port(ChildJvm child) {
    String line = child.awaitOut(l -> l.startsWith("listening "), "listening");
    return Integer.parseInt(line.substring("listening ".length()));
  }

  /** Sends {@code count} GETs, {@code parallel} at a time, to {@code path} or /fast/N; all 200. */
  private static void load(int port, int count, int parallel, String path) throws Exception {
    List<Integer> statuses =
        HttpLoad.statuses(
            port, count, parallel, i -> path != null ? path : "/fast/" + i, Duration.ofSeconds(60));
    assertEquals(Collections.nCopies(count, 200), statuses);
  }

  private static void removeWhenEmpty(Path group) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() - deadline < 0) {
      try {
        Files.delete(group);
        return;
      } catch (IOException stillHasTasks) {
        Thread.sleep(50);
      }
    }
  }
}
