/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.agent.Hubs;
import dev.unclog.agent.Integration;
import dev.unclog.agent.SwitchPoint;
import dev.unclog.internal.Diagnostics;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds integrations through {@link ServiceLoader} and installs them into the one {@link
 * SwitchTable}: at start those the agent's class loader sees (its own, and any on the class path),
 * later those of the class loaders the application makes (see {@link LateIntegrations}). Each
 * integration is installed once, by class name; one that fails to load, prepare or install is named
 * in one line and left out, and the others go on.
 */
final class Integrations {
  private final Instrumentation instrumentation;
  private final SwitchTable table;
  private final Set<String> installed = ConcurrentHashMap.newKeySet();

  /**
   * The integrations of this JVM, with their table; it is put in place with the first batch
   * installed, and from then on asks each new class loader for integrations of its own.
   */
  Integrations(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
    this.table =
        new SwitchTable(
            new LateIntegrations(this),
            Map.of(OpenTelemetryExport.TRIGGER, new OpenTelemetryExport()));
  }

  /** Whether a class, by binary name, has been woven. */
  boolean wove(String type) {
    return table.wove(Weave.internal(type));
  }

  /**
   * The integrations {@code loader} provides, in the order listed, those not wanted, those
   * installed already and those whose class {@code skipped} defined (if not null) left out.
   */
  List<Integration> find(ClassLoader loader, ClassLoader skipped) {
    List<Integration> found = new ArrayList<>();
    // The iterator, not stream(): no stream pipeline to load at every start
    Iterator<Integration> providers = ServiceLoader.load(Integration.class, loader).iterator();
    while (true) {
      String name = "an integration";
      try {
        if (!providers.hasNext()) {
          return found;
        }
        Integration integration = providers.next();
        name = integration.getClass().getName();
        if (integration.getClass().getClassLoader() == skipped || installed.contains(name)) {
          continue;
        }
        name = integration.name();
        if (integration.wanted()) {
          found.add(integration);
        }
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        Diagnostics.line(name + " is off: " + e);
        if (!(e instanceof ServiceConfigurationError)) {
          return found; // the loader itself failed: it cannot be asked for more
        }
      }
    }
  }

  /**
   * Installs integrations as one batch: prepares each, defines one slot class with an enter hook
   * for each distinct {@link Hubs}, and adds their switch points (and, with {@code spawn}, the
   * spawn hook's weaves) to the table, which weaves the classes already loaded.
   */
  void install(List<Integration> integrations, boolean spawn) throws Exception {
    Map<Integration, List<SwitchPoint>> points = new LinkedHashMap<>();
    // By identity, as Hubs documents (and a record's hashCode would link its bootstrap method)
    Map<Hubs, Integer> hooks = new IdentityHashMap<>();
    List<AgentHooks.Enter> enters = new ArrayList<>();
    for (Integration integration : integrations) {
      try {
        List<SwitchPoint> own = List.copyOf(integration.switchPoints());
        integration.prepare();
        for (SwitchPoint point : own) {
          if (!hooks.containsKey(point.hubs())) {
            hooks.put(point.hubs(), enters.size());
            enters.add(new AgentHooks.Enter(point.hubs()));
          }
        }
        points.put(integration, own);
      } catch (Throwable t) {
        Diagnostics.line(integration.name() + " is off: " + t);
      }
    }
    if (points.isEmpty() && !spawn) {
      return;
    }
    String slots = HookSlots.reserve(instrumentation, enters);
    List<Weave> weaves = new ArrayList<>();
    for (Map.Entry<Integration, List<SwitchPoint>> entry : points.entrySet()) {
      Integration integration = entry.getKey();
      installed.add(integration.getClass().getName());
      for (SwitchPoint point : entry.getValue()) {
        weaves.add(Weave.of(point, slots, hooks.get(point.hubs()), integration));
      }
    }
    if (spawn) {
      weaves.addAll(SpawnStacks.weaves(slots));
    }
    table.add(instrumentation, weaves);
  }
}
