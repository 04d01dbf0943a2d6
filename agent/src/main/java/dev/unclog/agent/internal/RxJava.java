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
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * RxJava 3's non-blocking schedulers as hubs (3.1): the workers of {@code Schedulers.computation()}
 * and {@code single()}, threads that implement RxJava's {@code NonBlockingThread}, where every task
 * is a switch. A scheduler runs each task in one of four wrappers, whose {@code run()} or {@code
 * call()} is the task; the wrapper names it (its {@code toString()} shows what it wraps). {@code
 * io()}, for blocking work, runs the same wrappers on plain threads: they never become hubs.
 */
public final class RxJava extends WovenMethods {
  static final String RX_TASK_ENTER = "rxTaskEnter";
  private static final String PACKAGE = "io.reactivex.rxjava3.internal.schedulers.";
  private static final ElementMatcher<MethodDescription> RUN = named("run").and(takesArguments(0));
  private static final ElementMatcher<MethodDescription> CALL =
      named("call").and(takesArguments(0)).and(returns(Void.class));

  private static final List<HookPoint> HOOK_POINTS =
      List.of(
          point("ScheduledRunnable", RUN, "run()"), // a worker's task (observeOn, subscribeOn)
          point("ScheduledDirectTask", CALL, "Void call()"), // scheduleDirect
          point("ScheduledDirectPeriodicTask", RUN, "run()"), // schedulePeriodicallyDirect
          point("InstantPeriodicTask", CALL, "Void call()")); // a periodic task's later runs

  /** A task is a switch on the workers that are NonBlockingThread, which alone become hubs. */
  public RxJava() {
    super(
        "RxJava scheduler watching",
        "RxJava",
        HOOK_POINTS,
        null,
        List.of(
            new EnterHook(
                RX_TASK_ENTER,
                new AgentHooks.Enter(
                    Hub.RX_SCHEDULER,
                    thread ->
                        AgentHooks.implementsInterface(thread, PACKAGE + "NonBlockingThread")))));
  }

  private static HookPoint point(
      String wrapper, ElementMatcher<MethodDescription> method, String describe) {
    return new HookPoint(
        PACKAGE + wrapper, method, EnterAdvice.Receiver.class, RX_TASK_ENTER, describe, null);
  }
}
