/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.Hub;
import dev.unclog.agent.Hubs;
import dev.unclog.agent.Integration;
import dev.unclog.agent.SwitchPoint;
import dev.unclog.agent.SwitchPoint.Task;
import java.util.List;

/**
 * Netty event loops as hubs, 4.1 and 4.2, NIO, epoll and io_uring: every task and every I/O event
 * is a switch. The switch points (all present in 4.1.118 to 4.1.140 and 4.2.0 to 4.2.20):
 *
 * <ul>
 *   <li>tasks, both lines: {@code AbstractEventExecutor.runTask(Runnable)}, the static method every
 *       queued, scheduled and shutdown task passes through, on event loops from their first task
 *       (it also serves Netty's offload executors, which are not event loops: the thread's executor
 *       tells them apart, see AgentHooks.isNettyEventLoop);
 *   <li>4.1 NIO: {@code NioEventLoop.processSelectedKey(key, channel or NioTask)}, per key;
 *   <li>4.1 epoll: {@code EpollEventLoop.processReady(events, ready)}, per batch of events;
 *   <li>4.2, NIO, epoll and io_uring, whichever group style: the I/O handler's registration {@code
 *       handle(...)}, per event, its I/O handle naming the task.
 * </ul>
 *
 * Each version has only its own classes, so nothing is hooked twice; 4.2 keeps 4.1's loop classes
 * as thin wrappers over its I/O handlers, so their methods' absence there is expected. Hook points
 * that nest are counted once ({@link dev.unclog.Hub#enterOutermost}). Netty relocated under a
 * prefix is matched the same ({@code io.grpc.netty.shaded.io.netty...}, as {@code
 * grpc-netty-shaded}, gRPC's default transport, has it): each copy is woven on its own.
 */
public final class Netty implements Integration {
  private static final String NETTY_42 = "io.netty.channel.IoHandler";
  /* Every I/O event is a switch of the thread that dispatches it. */
  private static final Hubs IO = Hubs.every(Hub.EVENT_LOOP);
  /* A task, only on an event loop: runTask also serves Netty's offload executors. */
  private static final Hubs TASKS = Hubs.of(Hub.EVENT_LOOP, new AgentHooks.IsNettyEventLoop());

  @Override
  public String name() {
    return "Netty event-loop watching";
  }

  @Override
  public String relocatedFrom() {
    return "io.netty.";
  }

  @Override
  public List<SwitchPoint> switchPoints() {
    return List.of(
        new SwitchPoint(
            "io.netty.util.concurrent.AbstractEventExecutor",
            "runTask",
            "(Ljava/lang/Runnable;)V",
            Task.argument(0),
            TASKS),
        new SwitchPoint(
            "io.netty.channel.nio.NioEventLoop",
            "processSelectedKey",
            "(Ljava/nio/channels/SelectionKey;L", // the channel's and a NioTask's overloads
            Task.argument(1),
            IO,
            NETTY_42),
        new SwitchPoint(
            "io.netty.channel.epoll.EpollEventLoop",
            "processReady",
            "(Lio/netty/channel/epoll/EpollEventArray;I)",
            Task.THIS,
            IO,
            NETTY_42),
        new SwitchPoint(
            "io.netty.channel.nio.NioIoHandler$DefaultNioRegistration",
            "handle",
            "(I)V",
            Task.field("handle"),
            IO),
        new SwitchPoint(
            "io.netty.channel.epoll.EpollIoHandler$DefaultEpollIoRegistration",
            "handle",
            "(J)V",
            Task.field("handle"),
            IO),
        new SwitchPoint(
            "io.netty.channel.uring.IoUringIoHandler$DefaultIoUringIoRegistration",
            "handle",
            "(IIBJLjava/nio/ByteBuffer;)V",
            Task.field("handle"),
            IO));
  }
}
