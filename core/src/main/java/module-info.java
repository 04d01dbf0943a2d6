/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */

/**
 * unclog's core: hubs, their switch hooks, the monitor and its reports. {@code dev.unclog} is the
 * public API (listed in {@code core/api.txt}, checked by a test); {@code dev.unclog.internal} is
 * for unclog's own modules only.
 */
module dev.unclog {
  requires java.management;
  requires jdk.management;
  // Optional: JFR events are recorded only where the runtime has JFR (see Sinks).
  requires static jdk.jfr;

  exports dev.unclog;
  // The agent is not named here: a -javaagent jar is on the class path, and when this module is
  // on the module path the agent opens these internals to the class path itself at start
  // (Installer.exportInternalsToTheClassPath).
  exports dev.unclog.internal to
      dev.unclog.junit,
      dev.unclog.micrometer,
      dev.unclog.opentelemetry,
      dev.unclog.report;
}
