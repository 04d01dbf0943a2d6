/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.Hub;
import dev.unclog.agent.Hubs;
import dev.unclog.agent.Integration;
import dev.unclog.agent.SwitchPoint;
import dev.unclog.agent.SwitchPoint.Task;
import dev.unclog.internal.HubThreads;
import java.util.List;

/**
 * The JDK's pools as hubs where {@code UNCLOG_HUB_THREADS} names their workers: BlockHound's
 * non-blocking thread predicate, with no code change. Every task is a switch: a {@code
 * ThreadPoolExecutor}'s (and so a {@code ScheduledThreadPoolExecutor}'s) worker runs each task by
 * calling its {@code run()} inside {@code runWorker}, and a {@code ForkJoinPool}'s through {@code
 * ForkJoinTask.doExec()}. Nothing is woven unless the knob is set.
 *
 * <p>A thread's name is matched once, as it runs its first task. Virtual threads are never named
 * pool hubs, and carriers stay carriers: their pool runs every mount inside a {@code ForkJoinTask},
 * and they are hubs of their own kind (VirtualThreads).
 */
public final class NamedPools implements Integration {
  private static final Hubs NAMED = Hubs.of(Hub.NAMED_POOL, new IsNamedPoolThread());

  @Override
  public String name() {
    return "named pool watching (UNCLOG_HUB_THREADS)";
  }

  @Override
  public boolean wanted() {
    return HubThreads.pattern() != null;
  }

  @Override
  public List<SwitchPoint> switchPoints() {
    return List.of(
        new SwitchPoint(
            "java.util.concurrent.ThreadPoolExecutor",
            "runWorker",
            "(Ljava/util/concurrent/ThreadPoolExecutor$Worker;)V",
            Task.EACH_RUNNABLE,
            NAMED),
        new SwitchPoint("java.util.concurrent.ForkJoinTask", "doExec", "()", Task.THIS, NAMED));
  }

  /* A class, not a method reference: one of those spins a class at the agent's start. */
  private static final class IsNamedPoolThread implements java.util.function.Predicate<Thread> {
    @Override
    public boolean test(Thread thread) {
      return isNamedPoolThread(thread);
    }
  }

  static boolean isNamedPoolThread(Thread thread) {
    return !thread.isVirtual()
        && !thread.getClass().getName().equals("jdk.internal.misc.CarrierThread")
        && HubThreads.matches(thread.getName());
  }
}
