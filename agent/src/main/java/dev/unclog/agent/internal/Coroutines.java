/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.Hub;
import dev.unclog.agent.Hubs;
import dev.unclog.agent.Integration;
import dev.unclog.agent.SwitchPoint;
import java.util.List;

/**
 * Kotlin's {@code Dispatchers.Default} as hubs (kotlinx-coroutines 1.11): each worker of the
 * coroutine scheduler switches at every non-blocking task it runs ({@code
 * CoroutineScheduler.Worker.executeTask(Task)}). {@code Dispatchers.IO} runs its blocking tasks on
 * the same workers; the task says which it is ({@code Task.taskContext}), and a blocking one is no
 * switch: between Default's tasks, for the monitor.
 */
public final class Coroutines implements Integration {
  @Override
  public String name() {
    return "Kotlin coroutine watching";
  }

  /** Default's workers are hubs; of their tasks, only the non-blocking ones are switches. */
  @Override
  public List<SwitchPoint> switchPoints() {
    return List.of(
        new SwitchPoint(
            "kotlinx.coroutines.scheduling.CoroutineScheduler$Worker",
            "executeTask",
            "(Lkotlinx/coroutines/scheduling/Task;)",
            SwitchPoint.Task.argument(0),
            new Hubs(
                Hub.COROUTINE_DISPATCHER,
                new AgentHooks.IsCoroutineWorker(),
                new AgentHooks.IsNonBlockingTask())));
  }
}
