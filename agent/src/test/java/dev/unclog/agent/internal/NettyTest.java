/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.unclog.agent.Integration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Netty's switch points are found by class name, under Netty's package or relocated. */
class NettyTest {
  @Test
  void switchPoints_areFoundInNettysPackage_andRelocatedUnderAnyPrefix() {
    SwitchTable table = new SwitchTable(loader -> {}, java.util.Map.of());
    Integration netty = new Netty();
    List<Weave> weaves = new ArrayList<>();
    netty.switchPoints().forEach(point -> weaves.add(Weave.of(point, "slots", 0, netty)));
    table.register(weaves);

    assertEquals(
        "io/netty/util/concurrent/AbstractEventExecutor",
        table.weavesFor("io/netty/util/concurrent/AbstractEventExecutor").get(0).type());
    Weave shaded =
        table.weavesFor("io/grpc/netty/shaded/io/netty/channel/epoll/EpollEventLoop").get(0);
    assertEquals("io/grpc/netty/shaded/io/netty/channel/epoll/EpollEventLoop", shaded.type());
    assertEquals(
        "io/grpc/netty/shaded/io/netty/channel/IoHandler",
        shaded.absentWith(),
        "what a switch point depends on is relocated with it");
    assertEquals(
        "(Lio/grpc/netty/shaded/io/netty/channel/epoll/EpollEventArray;I)",
        shaded.descriptor(),
        "and the library's types in its descriptor");
    assertNull(table.weavesFor("io/netty/channel/nio/NioEventLoopGroup"));
    assertNull(table.weavesFor("com/example/io/netty/Unrelated"));
    assertNull(table.weavesFor("java/lang/String"));
  }
}
