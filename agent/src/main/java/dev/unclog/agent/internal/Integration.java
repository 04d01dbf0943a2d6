/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.internal.Diagnostics;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * One kind of hub the agent weaves hooks into: the agent's service-provider interface. The agent
 * finds every implementation through {@link ServiceLoader} (its jar lists the built-in ones in
 * {@code META-INF/services/dev.unclog.agent.internal.Integration}), so a scheduler is one class and
 * one line there: its hook points (see {@link WovenMethods}), and the enter hooks they call, each
 * in a slot of its own that the agent defines at start (see {@link HookSlots}). docs/schedulers.md
 * says how to add one.
 */
public interface Integration {
  /**
   * An enter hook and the name of the slot its advice reads it from: a task hook of a kind of hub,
   * which decides per thread whether that thread is a hub (see AgentHooks.Enter).
   */
  record EnterHook(String slot, Function<Object, Object> hook) {}

  /** A name for messages, such as "virtual threads". */
  String name();

  /** Whether to install it at all, asked once at start (spawn stacks only with their knob). */
  default boolean wanted() {
    return true;
  }

  /** The enter hooks its woven code calls; none for an integration that uses the others'. */
  default List<EnterHook> enterHooks() {
    return List.of();
  }

  /**
   * Weaves the hooks, after every integration's slots are set; throws if it cannot, and the caller
   * reports that in one line.
   */
  void install(Instrumentation instrumentation) throws Exception;

  /**
   * The integrations the agent's class loader finds, in the order listed, the unwanted left out.
   * One that cannot be loaded is named in one line; the others go on.
   */
  static List<Integration> all() {
    List<Integration> all = new ArrayList<>();
    Iterator<Integration> found =
        ServiceLoader.load(Integration.class, Integration.class.getClassLoader()).iterator();
    while (true) {
      try {
        if (!found.hasNext()) {
          return all;
        }
        Integration integration = found.next();
        if (integration.wanted()) {
          all.add(integration);
        }
      } catch (ServiceConfigurationError e) {
        Diagnostics.line("an integration is off: " + e.getMessage());
      }
    }
  }
}
