/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.agent.apps.ReactorApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reactor Core 3.8 in a child JVM with the agent: a sleep on {@code parallel()} or
 * {@code single()}, schedulers that are non-blocking by Reactor's contract, is one episode
 * each, of kind {@code reactor-scheduler}, with the culprit's frame; the same sleep on
 * {@code boundedElastic()} is none, and 500 quick tasks are none.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReactorIT {
  @TempDir
  Path dir;

  @Test
  void sleepsOnNonBlockingSchedulers_areOneEpisodeEach_andBoundedElasticIsNotWatched()
      throws Exception {
    try (ChildJvm child = ChildJvm.java(dir).jarsIn(Path.of("target", "frameworks"))
        .start(ReactorApp.class)) {
      assertEquals(0, child.awaitExit(), child.describe());
      assertTrue(child.out.contains("reactor done"), child.describe());
      List<Map<String, Object>> ended = child.events("unblocked");
      for (String culprit : List.of("ReactorApp.checkStock(", "ReactorApp.reserveSeat(")) {
        List<Map<String, Object>> mine = ended.stream().filter(e -> ChildJvm.stack(e).stream()
            .anyMatch(f -> f.contains(culprit))).toList();
        assertEquals(1, mine.size(), culprit + ": " + child.describe());
        assertEquals("reactor-scheduler", mine.get(0).get("hubKind"), child.describe());
        assertEquals("waiting", mine.get(0).get("cause"), child.describe());
        assertTrue(ChildJvm.number(mine.get(0), "durationMs") >= 600, child.describe());
      }
      assertEquals(2, ended.stream().filter(e -> e.get("cause").equals("waiting")).count(),
          "the boundedElastic sleep and the quick tasks are no episodes: " + child.describe());
      assertTrue(ended.stream().noneMatch(e -> ChildJvm.stack(e).stream()
          .anyMatch(f -> f.contains("callTheLegacyService"))), child.describe());
    }
  }
}
