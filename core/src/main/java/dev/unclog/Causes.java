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
 *   <li>{@code class-loading}, when the CPU it burned was the JVM's loading: most of its stack
 *       samples are in the JDK's class-loading machinery; or the JVM's own class-loading work
 *       in that time was at least half of what it ran and made the episode, while the other
 *       threads did not run enough to have done that work.
 *   <li>{@code on-cpu}: its own CPU time reached the threshold, whatever else happened: a hog on a busy or throttled machine waits in the
 *       run queue too and is still to blame.
 *   <li>{@code class-loading}, when it was runnable at an ordinary Java frame (or BLOCKED on
 *       no monitor) yet neither running, queued nor throttled while the JVM loaded classes:
 *       how a wait for another thread's class initialisation looks. None of these can match a
 *       sleep, a lock wait or I/O (their state or native frame says so), nor a computation in
 *       a static initializer (the JVM's counter leaves initializer code out).
 *   <li>For a thread that wanted to run (not one that slept, waited or sat in I/O), the cause
 *       whose time, estimated for the whole episode, explains the episode's excess over the
 *       threshold ({@link #madeIt}): stop-the-world {@code gc}, {@code cpu-throttled}
 *       (the cgroup's quota), {@code cpu-starved} (its run-queue time), largest first; then
 *       {@code process-stall} (the monitor's own late wake-ups), unless throttling covers them.
 *   <li>{@code on-cpu} or {@code waiting}: its CPU share of the time it could run, a tenth or
 *       more, or less.
 *   <li>{@code unknown}: no CPU figure (no thread CPU clock, or a span too short to judge).
 * </ol>
 */
final class Causes {
  /* At detection the span is about half the episode; more than this is noise, not evidence. */
  private static final long MAX_SCALE_SPANS = 2;

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
  record Signs(int samples, int classLoading, boolean runnableInJava, boolean waitsInCode) {}

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
    Signs signs = in.signs();
    long cpu = span.cpu();
    long runnable = Math.max(0, span.nanos() - span.pauses());
    boolean perThread = span.runQueue() >= 0;
    boolean judgeable = cpu >= 0 && (perThread ? span.nanos() > 0 : 2 * runnable >= in.period());
    if (signs.samples() > 0 && 2 * signs.classLoading() > signs.samples()) {
      return Cause.CLASS_LOADING; // its own stacks: the JVM's loading, whatever it cost
    }
    // The span starts at half the threshold: at detection it is about half the episode, so
    // the figures that would excuse the code are scaled up to the episode's length before they
    // are weighed against it (see scale).
    double scale = scale(in, runnable);
    if (loadedHere(in, scale)) {
      return Cause.CLASS_LOADING;
    }
    // Measured, never extrapolated: the unmeasured start may have been a sleep.
    if (judgeable && cpu >= in.threshold()) {
      return Cause.ON_CPU;
    }
    if (judgeable && waitsForTheJvm(span, signs, runnable)) {
      return Cause.CLASS_LOADING;
    }
    long runQueue = Math.max(0, span.runQueue());
    // Throttling counts for this thread only if it wanted to run, and only for time it was
    // neither on a CPU nor queued for one (the cgroup's figure is the whole group's).
    long throttled = signs.runnableInJava() && cpu >= 0
        ? Math.min(Math.max(0, span.throttled()), Math.max(0, runnable - cpu - runQueue)) : 0;
    long couldRun = runnable - runQueue - throttled;
    Cause code = !judgeable ? Cause.UNKNOWN
        : 10 * cpu >= couldRun ? Cause.ON_CPU : Cause.WAITING;
    if (code == Cause.WAITING || (code == Cause.UNKNOWN && signs.waitsInCode())) {
      // it slept or waited through whatever else happened: its own wait (a native frame that
      // is busy on a CPU, as a system call can be, is judged by its CPU like any other)
      return code;
    }
    Cause outside = null;
    long longest = 0;
    long[] times = {in.gc(), (long) (throttled * scale), (long) (runQueue * scale)};
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

  /**
   * What a span's thread figure is multiplied by to estimate it for the whole episode. The
   * span starts at the mark (half the threshold in), so the part before it is unmeasured:
   * about half the episode at detection, a sliver at the end. It is taken to have gone as the
   * span did, its pauses left out, for at most twice the span.
   */
  private static double scale(Inputs in, long runnable) {
    Span span = in.span();
    // what the thread did in the span bounds its runnable time from below: a "pause" it ran
    // through was the monitor's alone
    long spanRunnable = Math.max(runnable, Math.max(0, span.cpu()) + Math.max(0, span.runQueue()));
    if (spanRunnable < in.period()) {
      return 1; // a span shorter than a period is too coarse to extrapolate from
    }
    long pausesBefore = Math.max(0, Math.max(in.gc(), in.stall()) - span.pauses());
    long unmeasured = Math.max(0, in.blocked() - span.nanos() - pausesBefore);
    return 1 + (double) Math.min(unmeasured, MAX_SCALE_SPANS * spanRunnable) / spanRunnable;
  }

  /**
   * Runnable to the JVM at an ordinary Java frame (or BLOCKED on no monitor), yet neither on a
   * CPU nor in the run queue, nor throttled, while the JVM loaded classes: how a thread waiting
   * for another's class initialisation looks. Needs the kernel's run-queue figure: without it
   * a starved thread would look the same.
   */
  private static boolean waitsForTheJvm(Span span, Signs signs, long runnable) {
    return signs.runnableInJava() && span.runQueue() >= 0
        && (span.classLoading() > 0 || span.classEvents() > 0)
        && 10 * span.cpu() < runnable && 2 * span.runQueue() < runnable
        && 2 * Math.max(0, span.throttled()) < runnable;
  }

  /**
   * Ran, and the JVM's own class-loading work in that time is what made the episode, while the
   * other threads did not run enough to have done that work: so this thread did it.
   */
  private static boolean loadedHere(Inputs in, double scale) {
    Span span = in.span();
    if (span.cpu() <= 0 || span.classLoading() <= 0 || span.otherCpu() < 0
        || in.signs().waitsInCode() || !in.signs().runnableInJava()) {
      return false;
    }
    long loading = (long) (Math.min(span.classLoading(), span.cpu()) * scale);
    return 2 * span.classLoading() >= span.cpu() // at least half of what it ran
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
