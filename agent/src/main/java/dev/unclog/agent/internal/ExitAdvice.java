/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import java.util.function.Consumer;
import net.bytebuddy.asm.Advice;

/**
 * The exit half of every hook point: hands what the enter half returned (carried in a local
 * variable, so no lookup) to the exit hook, whether the method returned or threw.
 */
final class ExitAdvice {
  private ExitAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  static void exit(@Advice.Enter Object entered, @HookSlots.ExitHook Consumer<Object> hook) {
    hook.accept(entered);
  }
}
