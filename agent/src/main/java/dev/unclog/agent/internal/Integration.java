/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import java.lang.instrument.Instrumentation;
import java.util.List;

/** One kind of hub the agent weaves hooks into. */
interface Integration {
  /** A name for messages, such as "virtual threads". */
  String name();

  /** Weaves the hooks; throws if it cannot, and the caller reports that in one line. */
  void install(Instrumentation instrumentation) throws Exception;

  /** Spawn stacks only when their knob is on: off, nothing of them is woven. */
  static List<Integration> all() {
    return dev.unclog.internal.SpawnSites.enabled()
        ? List.of(new VirtualThreads(), Netty.integration(), Reactor.integration(),
            Coroutines.integration(), new SpawnStacks())
        : List.of(new VirtualThreads(), Netty.integration(), Reactor.integration(),
            Coroutines.integration());
  }
}
