/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import dev.unclog.agent.apps.ReactorApp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reactor Core 3.8 in a child JVM with the agent: a sleep on {@code parallel()} or {@code
 * single()}, schedulers that are non-blocking by Reactor's contract, is one episode each, of kind
 * {@code reactor-scheduler}, with the culprit's frame; the same sleep on {@code boundedElastic()}
 * is none, and 500 quick tasks are none.
 */
class ReactorIT extends FrameworkAppIT {
  @Test
  void sleepsOnNonBlockingSchedulers_areOneEpisodeEach_andBoundedElasticIsNotWatched()
      throws Exception {
    try (ChildJvm child = run(ReactorApp.class, "reactor done")) {
      assertOnlyTheNonBlockingSleeps(
          child,
          "reactor-scheduler",
          List.of("ReactorApp.checkStock(", "ReactorApp.reserveSeat("),
          "callTheLegacyService");
    }
  }
}
