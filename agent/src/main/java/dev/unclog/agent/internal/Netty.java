/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import java.lang.instrument.Instrumentation;

/** Netty event loops as hubs (4.1 and 4.2). */
final class Netty implements Integration {
  @Override
  public String name() {
    return "Netty event-loop watching";
  }

  @Override
  public void install(Instrumentation instrumentation) {
    // filled in with the hook points of 4.1 and 4.2
  }
}
