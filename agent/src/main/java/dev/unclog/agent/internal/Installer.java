/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.Monitor;
import dev.unclog.internal.Diagnostics;
import dev.unclog.internal.Settings;
import dev.unclog.internal.SpawnSites;
import dev.unclog.internal.VirtualThreadSwitches;
import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Installs the agent: hands its options to the global monitor, then applies each integration. An
 * integration that fails says so in one line and stays off; the others go on. Loading the agent
 * twice (say, attaching again) does nothing the second time.
 */
public final class Installer {
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();

  private Installer() {}

  /** Called by {@code UnclogAgent}, once it has checked the Java release. */
  public static void install(String options, Instrumentation instrumentation, boolean attached) {
    exportInternalsToTheClassPath(instrumentation); // first: every line below uses them
    if (!INSTALLED.compareAndSet(false, true)) {
      Diagnostics.line("the agent is already installed in this JVM; loading it again does nothing");
      return;
    }
    Map<String, String> arguments = AgentOptions.parse(options, Diagnostics.to(System.err));
    if (!Settings.useAgentArguments(arguments) && !arguments.isEmpty()) {
      Diagnostics.line(
          "the application set unclog up before the agent came, so the agent's"
              + " options "
              + arguments.keySet()
              + " are ignored; its UNCLOG_* settings apply");
    }
    sayIfVersionsDiffer();
    Monitor monitor = Monitor.global();
    if (!monitor.enabled()) {
      return; // UNCLOG_MONITOR_ENABLE=false: no weaving at all
    }
    try {
      Integrations integrations = new Integrations(instrumentation);
      integrations.install(
          integrations.find(Installer.class.getClassLoader(), null), SpawnSites.enabled());
      VirtualThreadSwitches.observing(
          new BooleanSupplier() { // a class, not a lambda: no class spun at every start
            @Override
            public boolean getAsBoolean() {
              return integrations.wove(VirtualThreads.TYPE);
            }
          });
    } catch (Throwable t) {
      Diagnostics.line("the agent could not start (" + t + "); unclog is off");
      return;
    }
    Settings.agentInstalled();
    if (attached) {
      Diagnostics.line("attached: watching " + monitor.maxBlockingTime().toMillis() + " ms blocks");
    }
  }

  /**
   * Where the application put unclog-core on the module path, its module exports {@code
   * dev.unclog.internal} only to unclog's modules, and the agent (always on the class path) could
   * not reach it; so it is exported to the class path's unnamed module, where the agent is, and
   * unclog-junit or unclog-micrometer if they are there too. Public API only: nothing internal may
   * be touched before this.
   */
  private static void exportInternalsToTheClassPath(Instrumentation instrumentation) {
    Module core = Monitor.class.getModule();
    if (core.isNamed()) {
      instrumentation.redefineModule(
          core,
          Set.of(),
          Map.of("dev.unclog.internal", Set.of(Installer.class.getModule())),
          Map.of(),
          Set.of(),
          Map.of());
    }
  }

  /**
   * The library's classes are in the agent's jar, but a build may also put {@code unclog-core} on
   * the class path, ahead of the agent's jar: then its classes are the ones loaded, beside the
   * agent's own. One version of each is what is tested; a mix is said once.
   */
  private static void sayIfVersionsDiffer() {
    String agent = Installer.class.getPackage().getImplementationVersion(); // the agent jar's
    Package library = Monitor.class.getPackage();
    String libraryVersion = library.getImplementationVersion();
    if (agent != null && libraryVersion != null && !agent.equals(libraryVersion)) {
      java.security.CodeSource source = Monitor.class.getProtectionDomain().getCodeSource();
      Diagnostics.line(
          "the agent is "
              + agent
              + " but the unclog library loaded first"
              + (source != null ? ", from " + source.getLocation() + "," : "")
              + " is "
              + libraryVersion
              + ": use one version for both (docs/build.md)");
    }
  }
}
