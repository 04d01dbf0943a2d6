/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.agent.apps.GrpcApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC 1.85 on grpc-netty-shaded, its default transport, whose Netty is relocated under
 * {@code io.grpc.netty.shaded}: a unary handler on {@code directExecutor()} that sleeps
 * 700 ms blocks the shaded event loop and is one episode with its frame; the same sleep on
 * gRPC's default executor, a pool meant for blocking work, is none.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GrpcIT {
  @TempDir
  Path dir;

  @Test
  void aHandlerOnDirectExecutor_blocksTheShadedLoop_andIsOneEpisode() throws Exception {
    try (ChildJvm child = ChildJvm.java(dir).jarsIn(Path.of("target", "frameworks"))
        .start(GrpcApp.class)) {
      assertEquals(0, child.awaitExit(), child.describe());
      assertTrue(child.out.contains("calls done"), child.describe());
      List<Map<String, Object>> slow = child.events("unblocked").stream()
          .filter(e -> ChildJvm.stack(e).stream().anyMatch(f -> f.contains("lookUpTheInventory(")))
          .toList();
      assertEquals(1, slow.size(), child.describe());
      Map<String, Object> episode = slow.get(0);
      assertEquals("event-loop", episode.get("hubKind"), child.describe());
      assertEquals("waiting", episode.get("cause"), child.describe());
      assertTrue(ChildJvm.stack(episode).stream()
          .anyMatch(f -> f.contains("GrpcApp.lookUpTheInventory(")), child.describe());
      assertTrue(ChildJvm.stack(episode).stream()
          .anyMatch(f -> f.contains("io.grpc.netty.shaded.io.netty.")), "the shaded loop");
      assertTrue(ChildJvm.number(episode, "durationMs") >= 600, child.describe());
      assertTrue(child.events("unblocked").stream().noneMatch(e -> ChildJvm.stack(e).stream()
          .anyMatch(f -> f.contains("lookUpTheInventoryOffTheLoop"))),
          "gRPC's executor is for blocking work: " + child.describe());
      assertTrue(child.err.stream().noneMatch(l -> l.startsWith("unclog: unknown Netty build")),
          child.describe());
    }
  }
}
