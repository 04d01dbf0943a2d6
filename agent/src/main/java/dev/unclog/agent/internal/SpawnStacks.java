/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import java.util.List;

/**
 * Creation sites ({@code UNCLOG_SPAWN_STACKS=true}, off by default): the spawn hook at the start of
 * the methods every thread start goes through, handed the thread on the starting thread. Platform
 * threads start in {@code Thread.start()} or, inside a thread container (an executor made by {@code
 * Executors.newThreadPerTaskExecutor}, a structured task scope), {@code
 * Thread.start(ThreadContainer)}; neither calls the other. Virtual threads override both, and
 * {@code start()} calls {@code start(ThreadContainer)}, so only the latter is woven there. When the
 * knob is off nothing is woven: thread starts cost what they cost without unclog.
 */
final class SpawnStacks {
  private SpawnStacks() {}

  /** The weaves, their hook in class {@code slots}. */
  static List<Weave> weaves(String slots) {
    Weave.Action spawn = new Weave.Spawn(slots);
    return List.of(
        new Weave("java/lang/Thread", "start", "(", spawn, null, "JDK", null, null),
        new Weave(
            "java/lang/VirtualThread",
            "start",
            "(Ljdk/internal/vm/ThreadContainer;)V",
            spawn,
            null,
            "JDK",
            null,
            Weave.internal(VirtualThreads.FIRST_USE)));
  }
}
