/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Netty's hook points are found by class name, under Netty's package or relocated. */
class NettyTest {
  @Test
  void hookPoints_areFoundInNettysPackage_andRelocatedUnderAnyPrefix() {
    assertEquals(
        "io.netty.util.concurrent.AbstractEventExecutor",
        new Netty().pointFor("io/netty/util/concurrent/AbstractEventExecutor").type());
    WovenMethods.HookPoint shaded =
        new Netty().pointFor("io/grpc/netty/shaded/io/netty/channel/nio/NioEventLoop");
    assertEquals("io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoop", shaded.type());
    assertEquals(
        "io.grpc.netty.shaded.io.netty.channel.IoHandler",
        shaded.supersededBy(),
        "what a hook point depends on is relocated with it");
    assertNull(new Netty().pointFor("io/netty/channel/nio/NioEventLoopGroup"));
    assertNull(new Netty().pointFor("com/example/io/netty/Unrelated"));
    assertNull(new Netty().pointFor("java/lang/String"));
  }
}
