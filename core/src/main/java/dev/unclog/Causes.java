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
 *       samples are in the JDK's class-loading machinery; or the JVM's own class-loading work in
 *       that time was at least half of what it ran and made the episode, while the other threads
 *       did not run enough to have done that work.
 *   <li>{@code on-cpu}: its own CPU time reached the threshold, whatever else happened: a hog on a
 *       busy or throttled machine waits in the run queue too and is still to blame.
 *   <li>{@code class-loading}, when it was runnable at an ordinary Java frame (or BLOCKED on no
 *       monitor) yet neither running, queued nor throttled while the JVM loaded classes: how a wait
 *       for another thread's class initialisation looks; or found BLOCKED on no monitor (that wait
 *       itself) while classes loaded, its CPU over the episode under the threshold. Or a cold
 *       path's first run: at such a frame (or with no stack), outside static initializers, while
 *       the JVM loaded classes at a first run's rate (see firstRunRate). None of these can match a
 *       sleep, a lock wait or I/O (their state or native frame says so), nor a computation in a
 *       static initializer (the JVM's counter leaves initializer code out).
 *   <li>For a thread that wanted to run (not one that slept, waited or sat in I/O), or one whose
 *       stack could not be had at all, the cause whose time, estimated for the whole episode,
 *       explains the episode's excess over the threshold ({@link #madeIt}): stop-the-world {@code
 *       gc}, {@code cpu-throttled} (the cgroup's quota), {@code cpu-starved} (its run-queue time),
 *       largest first; then {@code process-stall} (the monitor's own late wake-ups and the JVM's
 *       safepoints), unless throttling covers them, or GC was the larger part of them. While the
 *       JVM warms up (its class loading at least a quarter of what the thread ran), all the time a
 *       thread runnable at a Java frame was kept from its CPU counts as {@code class-loading}: a
 *       cold path's first run, starved by the compilers and loaders or waiting for another thread's
 *       class initialisation.
 *   <li>{@code on-cpu} or {@code waiting}: its CPU share of the time it could run, a tenth or more,
 *       or less.
 *   <li>{@code unknown}: no CPU figure (no thread CPU clock, or a span too short to judge).
 * </ol>
 */
final class Causes {
  /* At detection the span is about half the episode; more than this is noise, not evidence. */
  private static final long MAX_SCALE_SPANS = 2;
  private static final long MILLISECOND = 1_000_000L;
  private static final long MIN_FIRST_RUN_CLASSES = 8;

  private Causes() {}

  /**
   * The differences between two readings (see Reading) over the span the CPU is judged on: from the
   * CPU mark to the latest sighting still inside the task. -1 where unknown.
   *
   * @param nanos the span's length
   * @param cpu the hub thread's CPU time in it
   * @param runQueue its time waiting for a CPU
   * @param throttled the cgroup's throttled time, capped at the span
   * @param pauses GC pauses and monitor stalls in it: time no Java thread could run
   * @param classLoading the JVM's own class-loading work in it (all threads)
   * @param classEvents classes loaded, linked or initialised, and methods compiled, in it: code
   *     running for the first time
   * @param otherCpu the CPU time of the process's other threads in it
   */
  record Span(
      long nanos,
      long cpu,
      long runQueue,
      long throttled,
      long pauses,
      long classLoading,
      long classEvents,
      long otherCpu) {
    static Span between(Reading from, Reading to) {
      long nanos = Math.max(0, to.atNanos - from.atNanos);
      long cpu = Reading.delta(from.cpuNanos, to.cpuNanos);
      long process = Reading.delta(from.processCpuNanos, to.processCpuNanos);
      long throttled = Reading.delta(from.throttledNanos, to.throttledNanos);
      return new Span(
          nanos,
          cpu,
          Reading.delta(from.runQueueNanos, to.runQueueNanos),
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
   * @param runnableInJava the first stack: runnable at a Java frame (no native frame on top, no
   *     sleep, wait or park)
   * @param waitsInCode the first stack: sleeping, waiting, parked, blocked on a lock or in a native
   *     call such as I/O: the code chose to wait
   * @param inInitializer the first stack runs a static initializer ({@code <clinit>}): what it
   *     computes is that code's, however many classes load meanwhile
   * @param runnableInNative the first stack: runnable in a native method (a system call, or I/O
   *     that may wait: its CPU tells which)
   * @param waitsForInitialization the first stack: BLOCKED on no monitor, how the JVM shows a
   *     thread waiting for another thread's initialisation of a class (also counted as runnable in
   *     Java)
   */
  record Signs(
      int samples,
      int classLoading,
      boolean runnableInJava,
      boolean waitsInCode,
      boolean inInitializer,
      boolean runnableInNative,
      boolean waitsForInitialization) {}

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
  record Inputs(
      long blocked,
      long threshold,
      long period,
      Span span,
      long gc,
      long stall,
      boolean suspended,
      Signs signs) {}

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
    // a first run's rate of loading by other threads does not explain what a pause explains
    boolean paused = madeIt(Math.max(in.gc(), in.stall()), in.blocked(), in.threshold());
    // A first run, or a thread found waiting for another's class initialisation while classes
    // loaded: its CPU, taken over the whole episode, under the threshold (a spin on course for it
    // is its own).
    boolean underThreshold = cpu * scale < in.threshold();
    if (judgeable
        && (waitsForTheJvm(span, signs, runnable)
            || (firstRun(span, signs, runnable) && underThreshold && !paused)
            || (signs.waitsForInitialization()
                && (span.classLoading() > 0 || firstRunRate(span))
                && underThreshold))) {
      return Cause.CLASS_LOADING;
    }
    long runQueue = Math.max(0, span.runQueue());
    // With no stack at all (the task returned as the monitor found it) nothing says whether it
    // wanted to run or chose to wait, and a verdict of waiting would blame code it cannot name:
    // what held the whole process is weighed as for a thread that wanted to run.
    boolean noStack = signs.samples() == 0;
    // Throttling counts for this thread only if it wanted to run, and only for time it was
    // neither on a CPU nor queued for one (the cgroup's figure is the whole group's).
    long throttled =
        (signs.runnableInJava() && cpu >= 0) || noStack
            ? Math.min(
                Math.max(0, span.throttled()), Math.max(0, runnable - Math.max(0, cpu) - runQueue))
            : 0;
    long couldRun = runnable - runQueue - throttled;
    Cause code = !judgeable ? Cause.UNKNOWN : 10 * cpu >= couldRun ? Cause.ON_CPU : Cause.WAITING;
    if ((code == Cause.WAITING && !noStack) || (code == Cause.UNKNOWN && signs.waitsInCode())) {
      // it slept or waited through whatever else happened: its own wait (a native frame that
      // is busy on a CPU, as a system call can be, is judged by its CPU like any other)
      return code;
    }
    Cause outside = null;
    long longest = 0;
    // A cold path's first run, while the JVM warms up: whatever kept it from running its code
    // (a CPU taken by the compilers or another loader, a wait for a class initialisation) is
    // the warm-up's. It includes the run queue, so it wins over cpu-starved when both made it.
    long warmUp =
        signs.runnableInJava() && !signs.inInitializer() && warmingUp(span)
            ? Math.max(0, runnable - cpu)
            : 0;
    long[] times = {
      in.gc(), (long) (throttled * scale), (long) (runQueue * scale), (long) (warmUp * scale)
    };
    Cause[] causes = {Cause.GC, Cause.CPU_THROTTLED, Cause.CPU_STARVED, Cause.CLASS_LOADING};
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
      // ... and stops whose larger part was GC are the collector's
      return 2 * Math.max(0, span.throttled()) >= in.stall()
          ? Cause.CPU_THROTTLED
          : 2 * in.gc() >= in.stall() ? Cause.GC : Cause.PROCESS_STALL;
    }
    return code;
  }

  /**
   * What a span's thread figure is multiplied by to estimate it for the whole episode. The span
   * starts at the mark (half the threshold in), so the part before it is unmeasured: about half the
   * episode at detection, a sliver at the end. It is taken to have gone as the span did, its pauses
   * left out, for at most twice the span.
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
   * Runnable to the JVM at an ordinary Java frame (or BLOCKED on no monitor), yet neither on a CPU
   * nor in the run queue, nor throttled, while the JVM loaded classes: how a thread waiting for
   * another's class initialisation looks. Needs the kernel's run-queue figure: without it a starved
   * thread would look the same.
   */
  private static boolean waitsForTheJvm(Span span, Signs signs, long runnable) {
    return signs.runnableInJava()
        && span.runQueue() >= 0
        && (span.classLoading() > 0 || span.classEvents() > 0)
        && 10 * span.cpu() < runnable
        && 2 * span.runQueue() < runnable
        && 2 * Math.max(0, span.throttled()) < runnable;
  }

  /**
   * The JVM was warming up in the span: it loaded, linked or initialised classes at a first run's
   * rate, or its class-loading work was at least a quarter of what the thread ran.
   */
  private static boolean warmingUp(Span span) {
    return firstRunRate(span) || (span.cpu() > 0 && 4 * span.classLoading() >= span.cpu());
  }

  /**
   * One class or compilation event every two milliseconds or more, and a handful at least: the rate
   * of code running for the first time (a cold Netty 4.2 loop's first requests show one to five per
   * millisecond). A warm JVM loads a class or compiles a method now and then. The JVM's
   * loading-time counter is no substitute: it adds a class's time when its loading ends, after the
   * span that waited.
   */
  private static boolean firstRunRate(Span span) {
    return span.classEvents() >= MIN_FIRST_RUN_CLASSES
        && 2 * span.classEvents() * MILLISECOND >= span.nanos();
  }

  /**
   * A cold path's first run: the thread was at an ordinary Java frame (or its stack could not be
   * had, or it was in a native method it spent most of its time running), not inside a static
   * initializer, while the JVM loaded classes at a first run's rate: it ran interpreted code that
   * waited for loading, linking and initialisation underneath, and for the CPUs the compilers took.
   * (The caller also asks that its CPU, taken over the whole episode, stayed under the threshold: a
   * spin on course for it is its own.)
   */
  private static boolean firstRun(Span span, Signs signs, long runnable) {
    // a native frame that ran most of the time it was not queued is a system call on the
    // way, as a cold loop's first socket write is, not I/O that waits
    boolean busyInNative =
        signs.runnableInNative() && 2 * span.cpu() >= runnable - Math.max(0, span.runQueue());
    return (signs.runnableInJava() || signs.samples() == 0 || busyInNative)
        && !signs.inInitializer()
        && firstRunRate(span);
  }

  /**
   * Ran, and the JVM's own class-loading work in that time is what made the episode, while the
   * other threads did not run enough to have done that work: so this thread did it.
   */
  private static boolean loadedHere(Inputs in, double scale) {
    Span span = in.span();
    if (span.cpu() <= 0
        || span.classLoading() <= 0
        || span.otherCpu() < 0
        || in.signs().waitsInCode()
        || !in.signs().runnableInJava()) {
      return false;
    }
    long loading = (long) (Math.min(span.classLoading(), span.cpu()) * scale);
    return 2 * span.classLoading() >= span.cpu() // at least half of what it ran
        && madeIt(loading, in.blocked(), in.threshold())
        && 2 * span.otherCpu() < span.classLoading();
  }

  /**
   * Whether {@code nanos} of something explain an episode: at least half of it; or it took the
   * episode over the threshold (without it, under) and was at least half the threshold itself; or
   * without it the episode would have been a quarter under the threshold. So a short pause does not
   * relabel a real blockage that merely crossed the threshold during it, while a task that alone
   * was well within the threshold is not blamed for the time it was kept from running.
   */
  static boolean madeIt(long nanos, long blocked, long threshold) {
    long without = blocked - nanos;
    return nanos > 0
        && (2 * nanos >= blocked
            || (without < threshold && 2 * nanos >= threshold)
            || 4 * without <= 3 * threshold);
  }
}
