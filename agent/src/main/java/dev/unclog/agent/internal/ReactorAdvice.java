/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import java.util.function.Function;
import net.bytebuddy.asm.Advice;

/**
 * The enter half woven into Reactor's task wrappers ({@code SchedulerTask.call()} and its
 * kin): hands the wrapped task to the scheduler enter hook. Exit is {@link ExitAdvice}.
 */
final class ReactorAdvice {
  private ReactorAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.FieldValue("task") Object task,
      @HookSlots.EnterHook Function<Object, Object> hook) {
    return hook.apply(task);
  }
}
