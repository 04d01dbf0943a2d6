/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import java.util.List;

/**
 * A scheduler the agent watches, described as data: the methods where its threads switch from one
 * task to the next ({@link SwitchPoint}s). The agent weaves a pair of hooks around each, found
 * under the library's own package or, if {@link #relocatedFrom} says so, relocated under any
 * prefix.
 *
 * <p>This is the agent's service-provider interface. Implementations are found with {@link
 * java.util.ServiceLoader}: a class with a public no-argument constructor, named on a line of
 * {@code META-INF/services/dev.unclog.agent.Integration}. The agent's own (virtual threads, Netty,
 * Reactor, RxJava, Kotlin's coroutines, named pools) are listed so in its jar; one in a library of
 * the application, even inside a Spring Boot fat jar, is found when its class loader defines its
 * first class. docs/schedulers.md shows one.
 *
 * <p>Everything here is asked once, on an agent thread (the one that starts the agent, or for an
 * integration found in a later class loader, unclog's integrations thread), before its switch
 * points are woven. The predicates of {@link Hubs} run later, on the application's threads.
 */
public interface Integration {
  /** A name for messages, such as "Netty event-loop watching". */
  String name();

  /** Whether to install it at all, asked once before anything else. */
  default boolean wanted() {
    return true;
  }

  /** The methods where a hub switches, each woven with the hooks. */
  List<SwitchPoint> switchPoints();

  /**
   * The library's package, such as {@code io.netty.}, if a copy of it relocated under another
   * prefix ({@code io.grpc.netty.shaded.io.netty.}) is to be watched too; null if not. Each copy is
   * woven on its own, with the type names in the switch points relocated alike.
   */
  default String relocatedFrom() {
    return null;
  }

  /**
   * Runs once before the switch points are woven, so that no class the scheduler needs loads inside
   * a hook later (the agent's virtual-thread integration starts one virtual thread here).
   */
  default void prepare() throws Exception {}
}
