/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.unclog.agent.internal.WovenMethods.HookPoint;
import java.util.List;

/**
 * Kotlin's {@code Dispatchers.Default} as hubs (kotlinx-coroutines 1.11): each worker of the
 * coroutine scheduler switches at every non-blocking task it runs
 * ({@code CoroutineScheduler.Worker.executeTask(Task)}). {@code Dispatchers.IO} runs its
 * blocking tasks on the same workers; the task says which it is ({@code Task.taskContext}),
 * and a blocking one is no switch: between Default's tasks, for the monitor.
 */
final class Coroutines {
  private static final List<HookPoint> HOOK_POINTS = List.of(new HookPoint(
      "kotlinx.coroutines.scheduling.CoroutineScheduler$Worker",
      named("executeTask").and(takesArguments(1)), EnterAdvice.FirstArgument.class,
      HookSlots.DISPATCHER_TASK_ENTER, "executeTask(Task)", null));

  private Coroutines() {}

  static WovenMethods integration() {
    return new WovenMethods("Kotlin coroutine watching", "kotlinx-coroutines", HOOK_POINTS,
        null);
  }
}
