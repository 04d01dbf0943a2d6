/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import dev.unclog.agent.apps.RxJavaApp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RxJava 3.1 in a child JVM with the agent: a sleep on {@code computation()} or {@code single()},
 * schedulers whose threads are {@code NonBlockingThread}s, is one episode each, of kind {@code
 * rx-scheduler}, with the culprit's frame; the same sleep on {@code io()} is none, and 500 quick
 * tasks are none.
 */
class RxJavaIT extends FrameworkAppIT {
  @Test
  void sleepsOnNonBlockingSchedulers_areOneEpisodeEach_andIoIsNotWatched() throws Exception {
    try (ChildJvm child = run(RxJavaApp.class, "rxjava done")) {
      assertOnlyTheNonBlockingSleeps(
          child,
          "rx-scheduler",
          List.of("RxJavaApp.priceTheCart(", "RxJavaApp.bookTheCourier("),
          "callTheLegacyService");
    }
  }
}
