/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unclog.agent.apps.ReactorApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reactor Core 3.8 in a child JVM with the agent: a sleep on {@code parallel()} or {@code
 * single()}, schedulers that are non-blocking by Reactor's contract, is one episode each, of kind
 * {@code reactor-scheduler}, with the culprit's frame; the same sleep on {@code boundedElastic()}
 * is none, and 500 quick tasks are none.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReactorIT {
  @TempDir Path dir;

  @Test
  void sleepsOnNonBlockingSchedulers_areOneEpisodeEach_andBoundedElasticIsNotWatched()
      throws Exception {
    try (ChildJvm child = ChildJvm.runFrameworkApp(dir, ReactorApp.class, "reactor done")) {
      for (String culprit : List.of("ReactorApp.checkStock(", "ReactorApp.reserveSeat(")) {
        child.assertOnlySleep(child.endedAt(culprit), "reactor-scheduler", culprit);
      }
      List<Map<String, Object>> ended = child.events("unblocked");
      assertEquals(
          2,
          ended.stream().filter(e -> e.get("cause").equals("waiting")).count(),
          "the boundedElastic sleep and the quick tasks are no episodes: " + child.describe());
      assertEquals(List.of(), child.endedAt("callTheLegacyService"), child.describe());
    }
  }
}
