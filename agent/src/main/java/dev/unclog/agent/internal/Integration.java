/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.internal.Diagnostics;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
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
   * One that cannot be loaded or asked, or whose enter hooks take a slot another has (or exit's or
   * spawn's), is named in one line and left out; the others go on.
   */
  static List<Integration> all() {
    List<Integration> all = new ArrayList<>();
    Set<String> slots = new HashSet<>(Set.of(HookSlots.EXIT, HookSlots.SPAWN));
    Iterator<Integration> found =
        ServiceLoader.load(Integration.class, Integration.class.getClassLoader()).iterator();
    while (true) {
      Integration integration = null;
      try {
        if (!found.hasNext()) {
          return all;
        }
        integration = found.next();
        if (!integration.wanted()) {
          continue;
        }
        List<String> own = integration.enterHooks().stream().map(EnterHook::slot).toList();
        for (String slot : own) {
          if (slots.contains(slot) || own.indexOf(slot) != own.lastIndexOf(slot)) {
            throw new IllegalStateException("its hook slot " + slot + " is taken");
          }
        }
        slots.addAll(own);
        all.add(integration);
      } catch (Throwable t) { // a ServiceConfigurationError, or the integration's own failure
        Diagnostics.line(
            (integration != null ? integration.name() : "an integration") + " is off: " + t);
        if (integration == null && !(t instanceof ServiceConfigurationError)) {
          return all; // the loader itself failed: it cannot be asked for more
        }
      }
    }
  }
}
