/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.unclog.Hub;
import dev.unclog.agent.internal.WovenMethods.HookPoint;
import java.util.List;

/**
 * Kotlin's {@code Dispatchers.Default} as hubs (kotlinx-coroutines 1.11): each worker of the
 * coroutine scheduler switches at every non-blocking task it runs ({@code
 * CoroutineScheduler.Worker.executeTask(Task)}). {@code Dispatchers.IO} runs its blocking tasks on
 * the same workers; the task says which it is ({@code Task.taskContext}), and a blocking one is no
 * switch: between Default's tasks, for the monitor.
 */
public final class Coroutines extends WovenMethods {
  static final String DISPATCHER_TASK_ENTER = "dispatcherTaskEnter";
  private static final List<HookPoint> HOOK_POINTS =
      List.of(
          new HookPoint(
              "kotlinx.coroutines.scheduling.CoroutineScheduler$Worker",
              named("executeTask").and(takesArguments(1)),
              EnterAdvice.FirstArgument.class,
              DISPATCHER_TASK_ENTER,
              "executeTask(Task)",
              null));

  /** Default's workers are hubs; of their tasks, only the non-blocking ones are switches. */
  public Coroutines() {
    super(
        "Kotlin coroutine watching",
        "kotlinx-coroutines",
        HOOK_POINTS,
        null,
        List.of(
            new EnterHook(
                DISPATCHER_TASK_ENTER,
                new AgentHooks.Enter(
                    Hub.COROUTINE_DISPATCHER,
                    AgentHooks::isCoroutineWorker,
                    AgentHooks::isNonBlockingTask))));
  }
}
