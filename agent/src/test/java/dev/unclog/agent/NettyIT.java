/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.unclog.agent.apps.NettyHttpApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real Netty 4.1 and 4.2 HTTP servers on loopback, in child JVMs with the real agent, driven by the
 * JDK's HTTP client.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NettyIT {
  @TempDir Path dir;

  @ParameterizedTest(name = "Netty {0} {1}")
  @CsvSource({
    "4.1, nio",
    "4.1, epoll",
    "4.2, nio",
    "4.2, io-nio",
    "4.2, io-epoll",
    "4.2, io-uring"
  })
  void handlerSleeping600ms_amongHundredsOfQuickRequests_isExactlyOneEpisode(
      String version, String mode) throws Exception {
    try (ChildJvm child = server(version, mode)) {
      int port = port(child);
      List<Integer> statuses = load(port, 400, 200);
      assertTrue(statuses.stream().allMatch(s -> s == 200), "all answered: " + statuses);
      child.awaitEvents("unblocked", 1);
      child.send("exit");
      assertEquals(0, child.awaitExit(), child.describe());

      ChildJvm.Episode only = child.onlyEpisode();
      Map<String, Object> episode = only.blocked();
      assertEquals("event-loop", episode.get("hubKind"));
      assertTrue(ChildJvm.inStack(episode, "NettyHttpApp$Handler.handleSlowly("), child.describe());
      assertTrue(ChildJvm.inStack(episode, "NettyHttpApp$Handler.channelRead0("), child.describe());
      String task = (String) episode.get("task");
      if (!(version.equals("4.1") && mode.equals("epoll"))) { // 4.1 epoll: one switch per batch
        assertTrue(task.contains("L:/127.0.0.1:" + port), "the channel names the task: " + task);
      }
      double duration = ChildJvm.number(only.unblocked(), "durationMs");
      assertTrue(duration >= 500 && duration <= 900, "about 600 ms: " + duration);
      assertEquals(List.of(), unclogLines(child), "nothing else from unclog on stderr");
    }
  }

  @ParameterizedTest(name = "Netty {0} {1}")
  @CsvSource({"4.1, nio", "4.2, io-nio"})
  void thousandsOfQuickRequests_reportNothing(String version, String mode) throws Exception {
    try (ChildJvm child = server(version, mode)) {
      int port = port(child);
      List<Integer> statuses = load(port, 3000, -1);
      assertTrue(statuses.stream().allMatch(s -> s == 200));
      child.send("exit");
      assertEquals(0, child.awaitExit(), child.describe());
      assertEquals(List.of(), child.events(), child.describe());
      assertEquals(List.of(), unclogLines(child));
    }
  }

  @ParameterizedTest(name = "Netty {0} {1}")
  @CsvSource({"4.1, nio", "4.2, nio", "4.2, io-nio"})
  void aLoopUsedAsASchedulerBeforeAnyIo_isAHub_anOffloadExecutorIsNot(String version, String mode)
      throws Exception {
    try (ChildJvm child = server(version, mode)) {
      port(child);
      child.send("schedule");
      child.awaitOut(l -> l.equals("scheduled"), "scheduled");
      child.awaitEvents("unblocked", 1);
      child.send("exit");
      assertEquals(0, child.awaitExit(), child.describe());
      List<Map<String, Object>> unblocked = child.events("unblocked");
      assertEquals(1, unblocked.size(), child.describe());
      assertEquals("event-loop", unblocked.get(0).get("hubKind"), child.describe());
      assertTrue(
          ChildJvm.inStack(unblocked.get(0), "NettyHttpApp.sleepOnALoop("), child.describe());
    }
  }

  /** stderr lines from unclog (Netty 4.1 has its own sun.misc.Unsafe warnings on JDK 24+). */
  private static List<String> unclogLines(ChildJvm child) {
    return child.err.stream().filter(l -> l.contains("unclog")).toList();
  }

  private ChildJvm server(String version, String mode) throws Exception {
    return ChildJvm.java(dir)
        .jarsIn(Path.of("target", "netty-" + version))
        .start(NettyHttpApp.class, mode);
  }

  private static int port(ChildJvm child) {
    String line =
        child.awaitOut(l -> l.startsWith("listening ") || l.contains(" unavailable"), "listening");
    // a transport the kernel or the sandbox refuses (io_uring often is) is skipped, saying why
    assumeFalse(line.contains(" unavailable"), line);
    return Integer.parseInt(line.substring("listening ".length()));
  }

  /**
   * Sends {@code count} GET requests, 8 at a time, with {@code /slow} as the {@code slowAt}-th
   * (none if negative); returns the statuses.
   */
  private static List<Integer> load(int port, int count, int slowAt) throws Exception {
    return HttpLoad.statuses(
        port, count, 8, i -> i == slowAt ? "/slow" : "/fast/" + i, Duration.ofSeconds(30));
  }
}
