/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.agent.apps.GrpcApp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * gRPC 1.85 on grpc-netty-shaded, its default transport, whose Netty is relocated under {@code
 * io.grpc.netty.shaded}: a unary handler on {@code directExecutor()} that sleeps 700 ms blocks the
 * shaded event loop and is one episode with its frame; the same sleep on gRPC's default executor, a
 * pool meant for blocking work, is none.
 */
class GrpcIT extends FrameworkAppIT {
  @Test
  void aHandlerOnDirectExecutor_blocksTheShadedLoop_andIsOneEpisode() throws Exception {
    try (ChildJvm child = run(GrpcApp.class, "calls done")) {
      Map<String, Object> slow =
          child.assertOnlySleep(
              child.endedAt("lookUpTheInventory("), "event-loop", "GrpcApp.lookUpTheInventory(");
      assertTrue(ChildJvm.inStack(slow, "io.grpc.netty.shaded.io.netty."), "the shaded loop");
      assertEquals(
          List.of(),
          child.endedAt("lookUpTheInventoryOffTheLoop"),
          "gRPC's executor is for blocking work: " + child.describe());
    }
  }
}
