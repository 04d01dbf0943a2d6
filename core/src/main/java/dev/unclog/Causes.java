/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.BlockingEvent.Cause;

/**
 * The cause policy: why a hub stayed inside one task, from what the monitor measured. A pure
 * function of recorded inputs, so each rule has its unit test (CausesPolicyTest). In order:
 *
 * <ol>
 *   <li>{@code debugger}: a debugger had the thread suspended.
 *   <li>{@code class-loading}: the thread's own evidence says it was loading, linking or
 *       initialising classes, or waiting for another thread to: most stack samples are in the
 *       JDK's class-loading machinery; or it was runnable at an ordinary Java frame yet neither
 *       running nor queued for a CPU while the JVM loaded classes (how a wait for another
 *       thread's class initialisation looks); or it ran, and the JVM's own class-loading work
 *       in that time made the episode while the other threads did not run enough to have done
 *       it. None of these can match a sleep, a lock wait or I/O (their state or native frame
 *       says so), nor a computation in a static initializer (the JVM's counter leaves
 *       initializer code out).
 *   <li>{@code on-cpu}: its own CPU time reached the threshold, whatever else happened: a hog
 *       on a busy or throttled machine waits in the run queue too and is still to blame.
 *   <li>For a thread that wanted to run, the cause whose time explains the episode's excess
 *       over the threshold ({@link #madeIt}): stop-the-world {@code gc}, {@code cpu-throttled}
 *       (the cgroup's quota), {@code cpu-starved} (its run-queue time), largest first; then
 *       {@code process-stall} (the monitor's own late wake-ups), unless throttling covers them.
 *   <li>{@code on-cpu} or {@code waiting}: its CPU share of the time it could run, a tenth or
 *       more, or less.
 *   <li>{@code unknown}: no CPU figure (no thread CPU clock, or a span too short to judge).
 * </ol>
 */
final class Causes {
  private Causes() {}

  /**
   * The differences between two readings (see Reading) over the span the CPU is judged on:
   * from the CPU mark to the latest sighting still inside the task. -1 where unknown.
   *
   * @param nanos the span's length
   * @param cpu the hub thread's CPU time in it
   * @param runQueue its time waiting for a CPU
   * @param throttled the cgroup's throttled time, capped at the span
   * @param pauses GC pauses and monitor stalls in it: time no Java thread could run
   * @param classLoading the JVM's own class-loading work in it (all threads)
   * @param classEvents classes loaded, linked or initialised in it
   * @param otherCpu the CPU time of the process's other threads in it
   */
  record Span(long nanos, long cpu, long runQueue, long throttled, long pauses,
      long classLoading, long classEvents, long otherCpu) {
    static Span between(Reading from, Reading to) {
      long nanos = Math.max(0, to.atNanos - from.atNanos);
      long cpu = Reading.delta(from.cpuNanos, to.cpuNanos);
      long process = Reading.delta(from.processCpuNanos, to.processCpuNanos);
      long throttled = Reading.delta(from.throttledNanos, to.throttledNanos);
      return new Span(nanos, cpu, Reading.delta(from.runQueueNanos, to.runQueueNanos),
          throttled < 0 ? -1 : Math.min(throttled, nanos),
          Math.max(to.gcNanos - from.gcNanos, to.stallNanos - from.stallNanos),
          Reading.delta(from.classLoadingNanos, to.classLoadingNanos),
          Reading.delta(from.classEvents, to.classEvents),
          process < 0 || cpu < 0 ? -1 : Math.max(0, process - cpu));
    }
  }

  /**
   * What the culprit's stacks say.
   *
   * @param samples stack samples taken (the first stack included)
   * @param classLoading how many of them are in the JDK's class-loading machinery
   * @param runnableInJava the first stack: runnable at a Java frame (no native frame on top,
   *     no sleep, wait or park)
   * @param waitsInCode the first stack: sleeping, waiting, parked, blocked on a lock or in a
   *     native call such as I/O: the code chose to wait
   */
  record Signs(int samples, int classLoading, boolean runnableInJava, boolean waitsInCode) {
    static final Signs NONE = new Signs(0, 0, false, false);
  }

  /**
   * Everything the policy weighs.
   *
   * @param blocked the episode's length so far (or in all)
   * @param threshold the maximum blocking time
   * @param period the monitor's period
   * @param span the CPU span's figures
   * @param gc stop-the-world GC time since the task began, at most the episode
   * @param stall the monitor's stalls since the task began, at most the episode
   * @param suspended whether a debugger had the thread suspended
   * @param signs what the stacks say
   */
  record Inputs(long blocked, long threshold, long period, Span span, long gc, long stall,
      boolean suspended, Signs signs) {}

  static Cause judge(Inputs in) {
    if (in.suspended()) {
      return Cause.DEBUGGER;
    }
    Span span = in.span();
    long cpu = span.cpu();
    long runnable = Math.max(0, span.nanos() - span.pauses());
    boolean perThread = span.runQueue() >= 0;
    boolean judgeable = cpu >= 0 && (perThread ? span.nanos() > 0 : 2 * runnable >= in.period());
    if (classLoading(in, runnable, judgeable)) {
      return Cause.CLASS_LOADING;
    }
    if (cpu >= in.threshold()) {
      return Cause.ON_CPU;
    }
    Signs signs = in.signs();
    long couldRun = runnable - Math.max(0, span.runQueue())
        - (signs.waitsInCode() ? 0 : Math.max(0, span.throttled()));
    Cause code = !judgeable ? Cause.UNKNOWN
        : 10 * cpu >= couldRun ? Cause.ON_CPU : Cause.WAITING;
    if (code == Cause.WAITING) {
      return code; // it slept or waited through whatever else happened: its own wait
    }
    Cause outside = null;
    long longest = 0;
    long[] times = {in.gc(), Math.min(span.throttled(), in.blocked()), span.runQueue()};
    Cause[] causes = {Cause.GC, Cause.CPU_THROTTLED, Cause.CPU_STARVED};
    for (int i = 0; i < times.length; i++) {
      if (times[i] > longest && madeIt(times[i], in.blocked(), in.threshold())) {
        longest = times[i];
        outside = causes[i];
      }
    }
    if (outside != null) {
      return outside;
    }
    if (madeIt(in.stall(), in.blocked(), in.threshold())) {
      // the monitor is throttled with the rest of the process: its lateness is the throttle
      return 2 * Math.max(0, span.throttled()) >= in.stall() ? Cause.CPU_THROTTLED
          : Cause.PROCESS_STALL;
    }
    return code;
  }

  private static boolean classLoading(Inputs in, long runnable, boolean judgeable) {
    Signs signs = in.signs();
    if (signs.samples() > 0 && 2 * signs.classLoading() > signs.samples()) {
      return true;
    }
    Span span = in.span();
    if (!judgeable || (span.classLoading() <= 0 && span.classEvents() <= 0)) {
      return false;
    }
    boolean notRunning = 10 * span.cpu() < runnable
        && (span.runQueue() < 0 || 2 * span.runQueue() < runnable);
    if (signs.runnableInJava() && notRunning) {
      return true; // runnable to the JVM, yet off the CPU and out of the run queue
    }
    // Ran, and the JVM's loading in that time is what made the episode; the other threads
    // did not run enough to have done that loading, so this thread did.
    long loading = Math.min(span.classLoading(), span.cpu());
    return span.otherCpu() >= 0 && !signs.waitsInCode()
        && madeIt(loading, in.blocked(), in.threshold())
        && 2 * span.otherCpu() < span.classLoading();
  }

  /**
   * Whether {@code nanos} of something explain an episode: at least half of it, or it took the
   * episode over the threshold (without it, under) and was at least half the threshold itself,
   * so that a short pause does not relabel a real blockage that merely crossed the threshold
   * during it.
   */
  static boolean madeIt(long nanos, long blocked, long threshold) {
    return nanos > 0 && (2 * nanos >= blocked
        || (blocked - nanos < threshold && 2 * nanos >= threshold));
  }
}
