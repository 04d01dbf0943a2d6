/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.unclog.Hub;
import dev.unclog.agent.internal.WovenMethods.HookPoint;
import java.util.List;

/**
 * Netty event loops as hubs, 4.1 and 4.2, NIO and epoll: every task and every I/O event is a
 * switch. The hook points (all present in 4.1.118 to 4.1.140 and 4.2.0 to 4.2.20):
 *
 * <ul>
 *   <li>tasks, both lines: {@code AbstractEventExecutor.runTask(Runnable)}, the static method every
 *       queued, scheduled and shutdown task passes through, on event loops from their first task
 *       (it also serves Netty's offload executors, which are not event loops: the thread's executor
 *       tells them apart, see AgentHooks.isNettyEventLoop);
 *   <li>4.1 NIO: {@code NioEventLoop.processSelectedKey(key, channel or NioTask)}, per key;
 *   <li>4.1 epoll: {@code EpollEventLoop.processReady(events, ready)}, per batch of events;
 *   <li>4.2, NIO and epoll, whichever group style: the I/O handler's registration {@code
 *       handle(ready)}, per event.
 * </ul>
 *
 * Each version has only its own classes, so nothing is hooked twice. Hook points that nest are
 * counted once ({@link dev.unclog.Hub#enterOutermost}). A known class without its hook method (a
 * Netty build this agent does not know) is named in one line and left alone; the rest stays on.
 * Netty relocated under a prefix is matched the same ({@code io.grpc.netty.shaded.io.netty...}, as
 * {@code grpc-netty-shaded}, gRPC's default transport, has it): each copy is woven on its own.
 */
public final class Netty extends WovenMethods {
  static final String LOOP_ENTER = "loopEnter";
  static final String LOOP_TASK_ENTER = "loopTaskEnter";
  private static final String NETTY_42 = "io.netty.channel.IoHandler";

  static final List<HookPoint> HOOK_POINTS =
      List.of(
          new HookPoint(
              "io.netty.util.concurrent.AbstractEventExecutor",
              named("runTask").and(isStatic()).and(takesArguments(Runnable.class)),
              EnterAdvice.FirstArgument.class,
              LOOP_TASK_ENTER,
              "runTask(Runnable)",
              null),
          new HookPoint(
              "io.netty.channel.nio.NioEventLoop",
              named("processSelectedKey").and(takesArguments(2)),
              EnterAdvice.SecondArgument.class,
              LOOP_ENTER,
              "processSelectedKey(SelectionKey, *)",
              NETTY_42),
          new HookPoint(
              "io.netty.channel.epoll.EpollEventLoop",
              named("processReady").and(takesArguments(2)),
              EnterAdvice.Receiver.class,
              LOOP_ENTER,
              "processReady(EpollEventArray, int)",
              NETTY_42),
          new HookPoint(
              "io.netty.channel.nio.NioIoHandler$DefaultNioRegistration",
              named("handle").and(takesArguments(int.class)),
              EnterAdvice.HandleField.class,
              LOOP_ENTER,
              "handle(int)",
              null),
          new HookPoint(
              "io.netty.channel.epoll.EpollIoHandler$DefaultEpollIoRegistration",
              named("handle").and(takesArguments(long.class)),
              EnterAdvice.HandleField.class,
              LOOP_ENTER,
              "handle(long)",
              null),
          new HookPoint(
              "io.netty.channel.uring.IoUringIoHandler$DefaultIoUringIoRegistration",
              named("handle").and(takesArguments(5)),
              EnterAdvice.HandleField.class,
              LOOP_ENTER,
              "handle(int, int, byte, long, ByteBuffer)",
              null));

  /**
   * Every I/O event is a switch of the thread that dispatches it; a task, only on an event loop:
   * {@code runTask} also serves Netty's offload executors, which are not hubs.
   */
  public Netty() {
    super(
        "Netty event-loop watching",
        "Netty",
        HOOK_POINTS,
        "io.netty.",
        List.of(
            new EnterHook(LOOP_ENTER, new AgentHooks.Enter(Hub.EVENT_LOOP, AgentHooks.ALWAYS)),
            new EnterHook(
                LOOP_TASK_ENTER,
                new AgentHooks.Enter(Hub.EVENT_LOOP, AgentHooks::isNettyEventLoop))));
  }
}
