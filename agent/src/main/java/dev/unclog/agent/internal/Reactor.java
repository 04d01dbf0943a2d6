/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.unclog.Hub;
import dev.unclog.agent.internal.WovenMethods.HookPoint;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reactor's non-blocking schedulers as hubs (Reactor Core 3.8): the workers of {@code
 * Schedulers.parallel()} and {@code single()}, threads that implement {@code NonBlocking} by
 * Reactor's contract, where every task is a switch. Every task a scheduler runs is one of five
 * wrappers whose {@code call()} runs it; the hook names the wrapped task. {@code boundedElastic()},
 * for blocking work, runs the same wrappers on threads that are not {@code NonBlocking}: they never
 * become hubs.
 */
public final class Reactor extends WovenMethods {
  static final String SCHEDULER_TASK_ENTER = "schedulerTaskEnter";
  private static final List<HookPoint> HOOK_POINTS =
      Stream.of(
              "SchedulerTask",
              "WorkerTask",
              "PeriodicSchedulerTask",
              "PeriodicWorkerTask",
              "InstantPeriodicWorkerTask")
          .map(
              task ->
                  new HookPoint(
                      "reactor.core.scheduler." + task,
                      named("call").and(takesArguments(0)).and(returns(Void.class)),
                      EnterAdvice.TaskField.class,
                      SCHEDULER_TASK_ENTER,
                      "Void call()",
                      null))
          .toList();

  /** A task is a switch on the workers that are NonBlocking, which alone become hubs. */
  public Reactor() {
    super(
        "Reactor scheduler watching",
        "Reactor",
        HOOK_POINTS,
        null,
        List.of(
            new EnterHook(
                SCHEDULER_TASK_ENTER,
                new AgentHooks.Enter(
                    Hub.REACTOR_SCHEDULER,
                    thread ->
                        AgentHooks.implementsInterface(
                            thread, "reactor.core.scheduler.NonBlocking")))));
  }
}
