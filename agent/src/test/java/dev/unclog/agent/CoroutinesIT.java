/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import dev.unclog.agent.apps.CoroutinesApp;
import org.junit.jupiter.api.Test;

/**
 * kotlinx-coroutines 1.11 in a child JVM with the agent: a sleep on {@code Dispatchers.Default} is
 * one episode of kind {@code coroutine-dispatcher} with its frame; the same sleep on {@code
 * Dispatchers.IO}, which runs on the same workers, is none, and 500 quick tasks none.
 */
class CoroutinesIT extends FrameworkAppIT {
  @Test
  void aSleepOnDispatchersDefault_isOneEpisode_andOnDispatchersIO_none() throws Exception {
    try (ChildJvm child = run(CoroutinesApp.class, "coroutines done")) {
      child.assertOnlySleep(
          child.events("unblocked"), "coroutine-dispatcher", "CoroutinesApp.computeTheTotals(");
    }
  }
}
