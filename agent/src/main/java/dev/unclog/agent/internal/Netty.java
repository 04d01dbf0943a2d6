/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * Netty event loops as hubs, 4.1 and 4.2, NIO and epoll: every task and every I/O event is a
 * switch. The hook points (all present in 4.1.118 to 4.1.140 and 4.2.0 to 4.2.20):
 * <ul>
 *   <li>tasks, both lines: {@code AbstractEventExecutor.runTask(Runnable)}, the static method
 *       every queued, scheduled and shutdown task passes through, on threads that have already
 *       dispatched an I/O event (it also serves Netty's offload executors, which are not
 *       event loops);
 *   <li>4.1 NIO: {@code NioEventLoop.processSelectedKey(key, channel or NioTask)}, per key;
 *   <li>4.1 epoll: {@code EpollEventLoop.processReady(events, ready)}, per batch of events;
 *   <li>4.2, NIO and epoll, whichever group style: the I/O handler's registration
 *       {@code handle(ready)}, per event.
 * </ul>
 * Each version has only its own classes, so nothing is hooked twice. Hook points that nest are
 * counted once ({@link AgentHooks.Slot}). A known class without its hook method (a Netty build
 * this agent does not know) is named in one line and left alone; the rest stays on. Netty
 * relocated under a prefix is matched the same ({@code io.grpc.netty.shaded.io.netty...}, as
 * {@code grpc-netty-shaded}, gRPC's default transport, has it): each copy is woven on its own.
 *
 * <p>A plain transformer that looks up each loaded class's name in a map of five: ByteBuddy's
 * AgentBuilder would describe every class the application loads, and its default set-up reaches
 * for {@code sun.misc.Unsafe}, which JDK 24+ warns about on stderr.
 */
final class Netty implements Integration, ClassFileTransformer {
  /**
   * One method to weave. {@code supersededBy} names a class whose presence means this hook
   * point's work moved elsewhere (4.2 keeps 4.1's loop classes as thin wrappers over its I/O
   * handlers): then a missing method is expected, not an unknown build.
   */
  record HookPoint(String type, ElementMatcher<? super MethodDescription> method,
      Class<?> enterAdvice, String enterSlot, String describe, String supersededBy) {}

  private static final String NETTY_42 = "io.netty.channel.IoHandler";

  private static final Map<String, HookPoint> HOOK_POINTS = List.of(
      new HookPoint("io.netty.util.concurrent.AbstractEventExecutor",
          named("runTask").and(isStatic()).and(takesArguments(Runnable.class)),
          NettyAdvice.FirstArgument.class, HookSlots.LOOP_TASK_ENTER, "runTask(Runnable)",
          null),
      new HookPoint("io.netty.channel.nio.NioEventLoop",
          named("processSelectedKey").and(takesArguments(2)),
          NettyAdvice.SecondArgument.class, HookSlots.LOOP_ENTER,
          "processSelectedKey(SelectionKey, *)", NETTY_42),
      new HookPoint("io.netty.channel.epoll.EpollEventLoop",
          named("processReady").and(takesArguments(2)),
          NettyAdvice.Receiver.class, HookSlots.LOOP_ENTER,
          "processReady(EpollEventArray, int)", NETTY_42),
      new HookPoint("io.netty.channel.nio.NioIoHandler$DefaultNioRegistration",
          named("handle").and(takesArguments(int.class)),
          NettyAdvice.HandleField.class, HookSlots.LOOP_ENTER, "handle(int)", null),
      new HookPoint("io.netty.channel.epoll.EpollIoHandler$DefaultEpollIoRegistration",
          named("handle").and(takesArguments(long.class)),
          NettyAdvice.HandleField.class, HookSlots.LOOP_ENTER, "handle(long)", null))
      .stream().collect(Collectors.toMap(p -> p.type().replace('.', '/'), Function.identity()));

  private static final String NETTY_PACKAGE = "io/netty/";

  private final Set<String> said = ConcurrentHashMap.newKeySet();

  /**
   * The hook point for a class, by its internal name: Netty's own, or the same class relocated
   * under a prefix, with every name it uses relocated alike; null for any other class. Called
   * for every class loaded: one map lookup, and one search of the name for Netty's package.
   */
  static HookPoint pointFor(String internalName) {
    HookPoint point = HOOK_POINTS.get(internalName);
    if (point != null) {
      return point;
    }
    int at = internalName.indexOf('/' + NETTY_PACKAGE);
    if (at < 0) {
      return null;
    }
    point = HOOK_POINTS.get(internalName.substring(at + 1));
    if (point == null) {
      return null;
    }
    String prefix = internalName.substring(0, at + 1).replace('/', '.');
    return new HookPoint(prefix + point.type(), point.method(), point.enterAdvice(),
        point.enterSlot(), point.describe(),
        point.supersededBy() != null ? prefix + point.supersededBy() : null);
  }

  @Override
  public String name() {
    return "Netty event-loop watching";
  }

  @Override
  public void install(Instrumentation instrumentation) throws Exception {
    HookSlots.install(instrumentation);
    instrumentation.addTransformer(this, true);
    List<Class<?>> loaded = new ArrayList<>(); // attached late: Netty may be running already
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      if (pointFor(type.getName().replace('.', '/')) != null) {
        loaded.add(type);
      }
    }
    if (!loaded.isEmpty()) {
      instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
    }
  }

  @Override
  public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined,
      ProtectionDomain domain, byte[] bytes) {
    HookPoint point = internalName != null ? pointFor(internalName) : null;
    if (point == null) {
      return null;
    }
    try {
      ClassFileLocator locator = new ClassFileLocator.Compound(
          ClassFileLocator.Simple.of(point.type(), bytes), ClassFileLocator.ForClassLoader.of(loader));
      TypePool pool = TypePool.Default.of(locator);
      TypeDescription type = pool.describe(point.type()).resolve();
      if (type.getDeclaredMethods().filter(point.method()).isEmpty()) {
        if (point.supersededBy() == null || !locator.locate(point.supersededBy()).isResolved()) {
          sayOnce(point.type(), "unknown Netty build: " + point.type() + " has no "
              + point.describe() + "; that switch point is not watched");
        }
        return null;
      }
      return new ByteBuddy()
          .redefine(type, locator)
          .visit(HookSlots.advice(point.enterAdvice(), point.enterSlot()).on(point.method()))
          .make(pool)
          .getBytes();
    } catch (Throwable t) {
      sayOnce(point.type(), name() + " is off for " + point.type() + ": " + t);
      return null;
    }
  }

  private void sayOnce(String key, String line) {
    if (said.add(key)) {
      Say.line(line);
    }
  }
}
