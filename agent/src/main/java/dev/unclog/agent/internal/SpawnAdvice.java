/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import java.util.function.Consumer;
import net.bytebuddy.asm.Advice;

/**
 * Woven at the entry of the methods that start a thread ({@code Thread.start()}, {@code
 * Thread.start(ThreadContainer)}, {@code VirtualThread.start(ThreadContainer)}) while {@code
 * UNCLOG_SPAWN_STACKS} is on: hands the thread to the spawn hook, on the starting thread. Only JDK
 * types appear here: this code runs inside java.base.
 */
final class SpawnAdvice {
  private SpawnAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Thread thread, @HookSlots.SpawnHook Consumer<Object> hook) {
    hook.accept(thread);
  }
}
