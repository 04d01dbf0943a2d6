/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.internal.HubThreads;
import dev.unclog.internal.Settings;
import dev.unclog.internal.SpawnSites;
import dev.unclog.internal.Threads;

/**
 * The monitor {@link Monitor#global()} returns, made on first use (so that the agent can hand over
 * its options before) from the environment's settings; it alone records spawn stacks and finishes
 * its reports and summary at exit.
 */
final class GlobalMonitor {
  static final Monitor INSTANCE = create();

  private GlobalMonitor() {}

  private static Monitor create() {
    Settings.Loaded settings = Settings.fromEnvironment(System.err);
    Monitor monitor = settings.builder.build(settings.enabled);
    if (monitor.enabled()) {
      if (settings.spawnStacks) {
        SpawnSites.enable();
      }
      HubThreads.set(settings.hubThreads);
      if (Settings.agentPresent()) {
        // The agent's monitor will watch something; its thread loads its probes now, beside the
        // application's start, not during its first tasks, where their class loading and CPU
        // would be taken for the tasks' own (a cold server's first requests)
        monitor.startThreads();
      }
      monitor.publishBean();
      String version = Monitor.class.getPackage().getImplementationVersion();
      System.setProperty(MonitorMXBean.LOADED, version != null ? version : "unknown");
      try {
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    new Runnable() { // a class, not a method reference: no class spun at start
                      @Override
                      public void run() {
                        monitor.finishBeforeExit();
                      }
                    },
                    Threads.NAME_PREFIX + "shutdown"));
      } catch (IllegalStateException alreadyShuttingDown) {
        // first used during shutdown: nothing to finish later
      }
    }
    return monitor;
  }
}
