/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.Hub;
import dev.unclog.agent.Hubs;
import dev.unclog.agent.Integration;
import dev.unclog.agent.SwitchPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Reactor's non-blocking schedulers as hubs (Reactor Core 3.8): the workers of {@code
 * Schedulers.parallel()} and {@code single()}, threads that implement {@code NonBlocking} by
 * Reactor's contract, where every task is a switch. Every task a scheduler runs is one of five
 * wrappers whose {@code Void call()} runs it; the wrapper's {@code task} field names it. {@code
 * boundedElastic()}, for blocking work, runs the same wrappers on threads that are not {@code
 * NonBlocking}: they never become hubs.
 */
public final class Reactor implements Integration {
  private static final Hubs NON_BLOCKING =
      Hubs.of(
          Hub.REACTOR_SCHEDULER, new AgentHooks.Implements("reactor.core.scheduler.NonBlocking"));

  @Override
  public String name() {
    return "Reactor scheduler watching";
  }

  @Override
  public List<SwitchPoint> switchPoints() {
    List<SwitchPoint> points = new ArrayList<>(); // a loop: no stream to load at every start
    for (String task :
        List.of(
            "SchedulerTask",
            "WorkerTask",
            "PeriodicSchedulerTask",
            "PeriodicWorkerTask",
            "InstantPeriodicWorkerTask")) {
      points.add(
          new SwitchPoint(
              "reactor.core.scheduler." + task,
              "call",
              "()Ljava/lang/Void;",
              SwitchPoint.Task.field("task"),
              NON_BLOCKING));
    }
    return points;
  }
}
