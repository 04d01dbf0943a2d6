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
 * RxJava 3's non-blocking schedulers as hubs (3.1): the workers of {@code Schedulers.computation()}
 * and {@code single()}, threads that implement RxJava's {@code NonBlockingThread}, where every task
 * is a switch. A scheduler runs each task in one of four wrappers, whose {@code run()} or {@code
 * Void call()} is the task; the wrapper names it (its {@code toString()} shows what it wraps).
 * {@code io()}, for blocking work, runs the same wrappers on plain threads: they never become hubs.
 */
public final class RxJava implements Integration {
  private static final String PACKAGE = "io.reactivex.rxjava3.internal.schedulers.";
  private static final String RUN = "()V";
  private static final String CALL = "()Ljava/lang/Void;";
  private static final Hubs NON_BLOCKING =
      Hubs.of(Hub.RX_SCHEDULER, new AgentHooks.Implements(PACKAGE + "NonBlockingThread"));

  @Override
  public String name() {
    return "RxJava scheduler watching";
  }

  @Override
  public List<SwitchPoint> switchPoints() {
    return List.of(
        point("ScheduledRunnable", "run", RUN), // a worker's task (observeOn, subscribeOn)
        point("ScheduledDirectTask", "call", CALL), // scheduleDirect
        point("ScheduledDirectPeriodicTask", "run", RUN), // schedulePeriodicallyDirect
        point("InstantPeriodicTask", "call", CALL)); // a periodic task's later runs
  }

  private static SwitchPoint point(String wrapper, String method, String descriptor) {
    return new SwitchPoint(
        PACKAGE + wrapper, method, descriptor, SwitchPoint.Task.THIS, NON_BLOCKING);
  }
}
