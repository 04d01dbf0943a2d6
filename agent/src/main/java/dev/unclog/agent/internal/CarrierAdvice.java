/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import java.util.function.Function;
import net.bytebuddy.asm.Advice;

/**
 * Woven into {@code java.lang.VirtualThread.runContinuation()}, the task a carrier runs for every
 * mount: it mounts the virtual thread, runs it until it parks, yields or ends, and unmounts it. At
 * entry and exit the current thread is the carrier, so the carrier is the hub and the virtual
 * thread is its task. Exit is {@link ExitAdvice}. Only JDK types appear here: this code runs inside
 * java.base.
 */
final class CarrierAdvice {
  private CarrierAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(
      @Advice.This Thread virtualThread, @HookSlots.EnterHook Function<Object, Object> hook) {
    return hook.apply(virtualThread);
  }
}
