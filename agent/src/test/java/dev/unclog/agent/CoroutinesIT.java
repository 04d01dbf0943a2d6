/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.agent.apps.CoroutinesApp;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kotlinx-coroutines 1.11 in a child JVM with the agent: a sleep on {@code Dispatchers.Default} is
 * one episode of kind {@code coroutine-dispatcher} with its frame; the same sleep on {@code
 * Dispatchers.IO}, which runs on the same workers, is none, and 500 quick tasks none.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CoroutinesIT {
  @TempDir Path dir;

  @Test
  void aSleepOnDispatchersDefault_isOneEpisode_andOnDispatchersIO_none() throws Exception {
    try (ChildJvm child = ChildJvm.runFrameworkApp(dir, CoroutinesApp.class, "coroutines done")) {
      child.assertOnlySleep(
          child.events("unblocked"), "coroutine-dispatcher", "CoroutinesApp.computeTheTotals(");
      assertTrue(
          child.err.stream().noneMatch(l -> l.startsWith("unclog: unknown")), child.describe());
    }
  }
}
