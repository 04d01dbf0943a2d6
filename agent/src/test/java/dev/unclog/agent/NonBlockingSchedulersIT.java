/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import dev.unclog.agent.apps.ReactorApp;
import dev.unclog.agent.apps.RxJavaApp;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The libraries' schedulers that are non-blocking by contract, each in a child JVM with the agent:
 * a sleep on each is one episode of the library's kind with the culprit's frame; the same sleep on
 * the library's scheduler for blocking work is none, and 500 quick tasks are none.
 */
class NonBlockingSchedulersIT extends FrameworkAppIT {
  static Stream<Arguments> libraries() {
    return Stream.of(
        // Reactor Core 3.8: parallel() and single(), threads that are NonBlocking; boundedElastic()
        Arguments.of(
            ReactorApp.class,
            "reactor done",
            "reactor-scheduler",
            List.of("Errands.checkStock(", "Errands.reserveSeat(")),
        // RxJava 3.1: computation() and single(), threads that are NonBlockingThread; io()
        Arguments.of(
            RxJavaApp.class,
            "rxjava done",
            "rx-scheduler",
            List.of("Errands.checkStock(", "Errands.reserveSeat(")));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("libraries")
  void sleepsOnNonBlockingSchedulers_areOneEpisodeEach_andTheBlockingOneIsNotWatched(
      Class<?> app, String lastWords, String hubKind, List<String> watched) throws Exception {
    try (ChildJvm child = run(app, lastWords)) {
      assertOnlyTheNonBlockingSleeps(child, hubKind, watched, "callTheLegacyService");
    }
  }
}
