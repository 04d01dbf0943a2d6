/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.agent.apps.CoroutinesApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kotlinx-coroutines 1.11 in a child JVM with the agent: a sleep on {@code Dispatchers.Default}
 * is one episode of kind {@code coroutine-dispatcher} with its frame; the same sleep on
 * {@code Dispatchers.IO}, which runs on the same workers, is none, and 500 quick tasks none.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CoroutinesIT {
  @TempDir
  Path dir;

  @Test
  void aSleepOnDispatchersDefault_isOneEpisode_andOnDispatchersIO_none() throws Exception {
    try (ChildJvm child = ChildJvm.java(dir).jarsIn(Path.of("target", "frameworks"))
        .start(CoroutinesApp.class)) {
      assertEquals(0, child.awaitExit(), child.describe());
      assertTrue(child.out.contains("coroutines done"), child.describe());
      List<Map<String, Object>> ended = child.events("unblocked");
      assertEquals(1, ended.size(), child.describe());
      Map<String, Object> episode = ended.get(0);
      assertEquals("coroutine-dispatcher", episode.get("hubKind"), child.describe());
      assertEquals("waiting", episode.get("cause"), child.describe());
      assertTrue(ChildJvm.stack(episode).stream()
          .anyMatch(f -> f.contains("CoroutinesApp.computeTheTotals(")), child.describe());
      assertTrue(ChildJvm.number(episode, "durationMs") >= 600, child.describe());
      assertTrue(child.err.stream().noneMatch(l -> l.startsWith("unclog: unknown")),
          child.describe());
    }
  }
}
