/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unclog.BlockingEvent.Cause;
import dev.unclog.Causes.Inputs;
import dev.unclog.Causes.Signs;
import dev.unclog.Causes.Span;
import org.junit.jupiter.api.Test;

/**
 * The cause policy on recorded inputs: each rule, its precedence, and the edge cases (short
 * episodes, missing accounting, a thread that both spun and waited). Times in milliseconds,
 * threshold 100 ms, period 25 ms; -1 is "unknown".
 */
class CausesPolicyTest {
  private static final long MS = 1_000_000L;
  /* A first stack runnable at a Java frame, one sample, none in class loading. */
  private static final Signs RUNNING = new Signs(1, 0, true, false, false, false, false);
  private static final Signs SLEEPING = new Signs(1, 0, false, true, false, false, false);
  /* No stack had: the task returned before a sample, or the thread was gone. */
  private static final Signs NO_STACK = new Signs(0, 0, false, false, false, false, false);

  /** An episode of {@code blocked} ms whose CPU span is {@code span} ms long. */
  private static Inputs episode(long blocked, Span span, Signs signs) {
    return episode(blocked, span, 0, 0, signs);
  }

  /** The same with {@code gc} ms of GC pauses and {@code stall} ms of the monitor's stalls. */
  private static Inputs episode(long blocked, Span span, long gc, long stall, Signs signs) {
    return new Inputs(blocked * MS, 100 * MS, 25 * MS, span, gc * MS, stall * MS, false, signs);
  }

  private static Span span(long nanos, long cpu, long runQueue, long throttled) {
    return new Span(nanos * MS, cpu * MS, ms(runQueue), ms(throttled), 0, 0, 0, -1);
  }

  private static long ms(long value) {
    return value < 0 ? -1 : value * MS;
  }

  @Test
  void spin_isOnCpu_andSleep_isWaiting() {
    assertEquals(Cause.ON_CPU, Causes.judge(episode(300, span(250, 245, 2, 0), RUNNING)));
    assertEquals(Cause.WAITING, Causes.judge(episode(300, span(250, 1, 0, 0), SLEEPING)));
  }

  @Test
  void aRunnableThreadThatGotNoCpu_isStarved() {
    // 144 ms, 35 ms of CPU: the old verdict was on-cpu; the run queue held it
    assertEquals(Cause.CPU_STARVED, Causes.judge(episode(144, span(95, 25, 70, -1), RUNNING)));
    // 1.3 s with 30 ms of CPU: the old verdict was waiting
    assertEquals(Cause.CPU_STARVED, Causes.judge(episode(1300, span(1250, 30, 1200, -1), RUNNING)));
  }

  @Test
  void aHogThatReachedTheThreshold_staysOnCpu_onABusyOrThrottledMachine() {
    assertEquals(Cause.ON_CPU, Causes.judge(episode(1000, span(950, 400, 550, -1), RUNNING)));
    assertEquals(Cause.ON_CPU, Causes.judge(episode(1250, span(1200, 480, 0, 720), RUNNING)));
    Inputs inGc = episode(1700, span(1650, 367, 30, 0), 994, 480, RUNNING);
    assertEquals(Cause.ON_CPU, Causes.judge(inGc));
  }

  @Test
  void aSleepOnABusyOrThrottledMachine_staysWaiting() {
    assertEquals(Cause.WAITING, Causes.judge(episode(520, span(470, 2, 5, 300), SLEEPING)));
  }

  @Test
  void throttling_thatMadeTheEpisode_isCpuThrottled_andCoversTheMonitorsLateness() {
    // per-task throttling: no run-queue time, the cgroup's counter says it all
    assertEquals(Cause.CPU_THROTTLED, Causes.judge(episode(180, span(130, 20, 0, 120), RUNNING)));
    Span throttled = new Span(130 * MS, 20 * MS, 0, 90 * MS, 100 * MS, 0, 0, -1);
    Inputs late = episode(180, throttled, 0, 110, RUNNING);
    assertEquals(Cause.CPU_THROTTLED, Causes.judge(late), "not process-stall");
  }

  @Test
  void monitorLateness_withoutThrottling_isAProcessStall() {
    Inputs late =
        new Inputs(
            400 * MS,
            300 * MS,
            25 * MS,
            new Span(300 * MS, 200 * MS, 1, 0, 250 * MS, 0, 0, -1),
            0,
            250 * MS,
            false,
            RUNNING);
    assertEquals(Cause.PROCESS_STALL, Causes.judge(late));
  }

  @Test
  void gcThatMadeTheEpisode_isGc_butNotForASleep() {
    Inputs gc =
        episode(400, new Span(350 * MS, 60 * MS, 5 * MS, -1, 280 * MS, 0, 0, -1), 300, 0, RUNNING);
    assertEquals(Cause.GC, Causes.judge(gc));
    Inputs sleep =
        episode(2000, new Span(1950 * MS, 1 * MS, 0, -1, 900 * MS, 0, 0, -1), 900, 0, SLEEPING);
    assertEquals(Cause.WAITING, Causes.judge(sleep));
  }

  @Test
  void stacksInTheClassLoadingMachinery_areClassLoading_evenOnCpu() {
    Signs loading = new Signs(3, 2, true, false, false, false, false);
    assertEquals(Cause.CLASS_LOADING, Causes.judge(episode(400, span(350, 340, 0, 0), loading)));
    Signs once = new Signs(3, 1, true, false, false, false, false);
    assertEquals(
        Cause.ON_CPU,
        Causes.judge(episode(400, span(350, 340, 0, 0), once)),
        "a minority of samples is not enough");
  }

  @Test
  void aRunnableThreadOffCpuAndOutOfTheRunQueue_whileClassesLoad_waitsForAnInitialisation() {
    Span waiting = new Span(300 * MS, 0, 0, 0, 0, 0, 12, -1);
    assertEquals(Cause.CLASS_LOADING, Causes.judge(episode(350, waiting, RUNNING)));
    Span quiet = new Span(300 * MS, 0, 0, 0, 0, 0, 0, -1);
    assertEquals(
        Cause.WAITING,
        Causes.judge(episode(350, quiet, RUNNING)),
        "no class loaded meanwhile: not class loading");
    assertEquals(
        Cause.WAITING,
        Causes.judge(episode(350, waiting, SLEEPING)),
        "a sleep or a lock wait is never a class initialisation");
  }

  @Test
  void theJvmsLoadingWork_onThisThread_isClassLoading_butNotWhenOthersRan() {
    Span loading = new Span(200 * MS, 190 * MS, 0, 0, 0, 170 * MS, 300, 10 * MS);
    assertEquals(Cause.CLASS_LOADING, Causes.judge(episode(250, loading, RUNNING)));
    Span othersRan = new Span(200 * MS, 190 * MS, 0, 0, 0, 170 * MS, 300, 180 * MS);
    assertEquals(
        Cause.ON_CPU,
        Causes.judge(episode(250, othersRan, RUNNING)),
        "another thread could have done that loading: the spin is still blamed");
    Span little = new Span(1000 * MS, 990 * MS, 0, 0, 0, 20 * MS, 5, 5 * MS);
    assertEquals(
        Cause.ON_CPU,
        Causes.judge(episode(1000, little, RUNNING)),
        "a little loading inside a long computation does not relabel it");
  }

  @Test
  void aDebuggersPause_comesFirst() {
    Inputs suspended =
        new Inputs(1000 * MS, 100 * MS, 25 * MS, span(950, 0, 0, 0), 0, 0, true, RUNNING);
    assertEquals(Cause.DEBUGGER, Causes.judge(suspended));
  }

  @Test
  void edgeCases() {
    // a span too short for the JVM's CPU clock, and no kernel accounting: not judged
    assertEquals(Cause.UNKNOWN, Causes.judge(episode(110, span(10, 5, -1, -1), RUNNING)));
    // the kernel's accounting is exact: a short span is judged
    assertEquals(Cause.ON_CPU, Causes.judge(episode(110, span(10, 9, 0, -1), RUNNING)));
    // no CPU figure at all (no thread CPU clock): unknown, never a guess
    assertEquals(
        Cause.UNKNOWN,
        Causes.judge(episode(300, new Span(250 * MS, -1, -1, -1, 0, -1, -1, -1), RUNNING)));
    // no /proc: as before the kernel's figures, on the JVM's CPU clock alone
    assertEquals(Cause.WAITING, Causes.judge(episode(300, span(250, 2, -1, -1), SLEEPING)));
    // spun 60 ms then slept 240 ms: a fifth of the time on CPU, the code's and on-cpu
    assertEquals(Cause.ON_CPU, Causes.judge(episode(300, span(250, 60, 1, 0), SLEEPING)));
  }

  @Test
  void atDetection_theSpanIsHalfTheEpisode_andItsFiguresAreScaledToIt() {
    // found at 110 ms, the span from the mark at 50 ms is 60 ms long
    assertEquals(
        Cause.CPU_STARVED,
        Causes.judge(episode(110, span(60, 12, 45, -1), RUNNING)),
        "a loop starved three quarters of the time");
    assertEquals(
        Cause.ON_CPU,
        Causes.judge(episode(110, span(60, 58, 1, -1), RUNNING)),
        "a spin on a quiet machine: on course for the threshold");
    // A spin that gets half a core looks at detection like a short task the run queue
    // stretched: cpu-starved for now; its end, with its CPU past the threshold, says on-cpu.
    assertEquals(Cause.CPU_STARVED, Causes.judge(episode(110, span(60, 30, 28, -1), RUNNING)));
    assertEquals(Cause.ON_CPU, Causes.judge(episode(500, span(450, 225, 220, -1), RUNNING)));
    assertEquals(
        Cause.WAITING,
        Causes.judge(episode(110, span(60, 0, 0, 40), SLEEPING)),
        "a sleep in a throttled cgroup");
  }

  @Test
  void aThreadThatWaits_isNeverBlamedOnOutsideCauses_evenWithoutACpuFigure() {
    Span noCpuFigure = new Span(350 * MS, -1, -1, 300 * MS, 280 * MS, 0, 0, -1);
    assertEquals(Cause.UNKNOWN, Causes.judge(episode(400, noCpuFigure, 300, 300, SLEEPING)));
  }

  @Test
  void withNoStackAtAll_whatHeldTheProcessIsNamed_elseItsCpuDecides() {
    // nothing says it chose to wait: the cgroup's quota held it for most of the span
    assertEquals(Cause.CPU_THROTTLED, Causes.judge(episode(300, span(250, 1, 0, 200), NO_STACK)));
    assertEquals(Cause.WAITING, Causes.judge(episode(300, span(250, 1, 0, 0), NO_STACK)));
    assertEquals(Cause.ON_CPU, Causes.judge(episode(300, span(250, 240, 0, 5), NO_STACK)));
    // As in a 40 % quota: a Netty loop's 124 ms task returned as the monitor first read
    // its figures after the mark; only the process's were left, 44 ms throttled in a 47 ms span.
    Span processOnly = new Span(47 * MS, -1, -1, 44 * MS, 0, 0, 3, -1);
    assertEquals(Cause.CPU_THROTTLED, Causes.judge(episode(124, processOnly, NO_STACK)));
    assertEquals(
        Cause.UNKNOWN,
        Causes.judge(episode(124, new Span(47 * MS, -1, -1, 0, 0, 0, 3, -1), NO_STACK)));
  }

  @Test
  void withoutTheKernelsRunQueue_aStarvedLookingThread_isNotTakenForAClassInitialisation() {
    Span noRunQueue = new Span(300 * MS, 0, -1, -1, 0, 0, 12, -1);
    assertEquals(Cause.WAITING, Causes.judge(episode(350, noRunQueue, RUNNING)));
  }

  @Test
  void aColdPathsFirstRun_starvedWhileClassesLoad_isClassLoading() {
    // Recorded on a cold Netty 4.2 server's first requests (two cores, the compilers busy):
    // 113 ms at detection, in the 51 ms span 26 ms on CPU, 24 ms in the run queue, while the
    // JVM spent 14 ms loading 237 classes and its other threads ran 44 ms.
    Span first = new Span(51 * MS, 26 * MS, 24 * MS, 0, 0, 14 * MS, 237, 44 * MS);
    assertEquals(Cause.CLASS_LOADING, Causes.judge(episode(113, first, RUNNING)));
    // The same starvation in a warm JVM that loads a class now and then is cpu-starved.
    Span warm = new Span(51 * MS, 26 * MS, 24 * MS, 0, 0, 2 * MS, 3, 44 * MS);
    assertEquals(Cause.CPU_STARVED, Causes.judge(episode(113, warm, RUNNING)));
    // 103 ms, 53 ms span: 30 ms on CPU, 17 ms queued. Alone the task would have taken about
    // 70 ms, well within the threshold: not the code's, though the queue was under half of it.
    Span queued = new Span(53 * MS, 30 * MS, 17 * MS, 0, 0, 0, 0, 40 * MS);
    assertEquals(Cause.CPU_STARVED, Causes.judge(episode(103, queued, RUNNING)));
    // 122 ms: in the 62 ms span 28 ms on CPU, 20 ms queued and 14 ms off the CPU at a Java
    // frame, while the JVM spent 23 ms loading classes: the queue alone did not make it
    Span cold = new Span(62 * MS, 28 * MS, 20 * MS, 0, 0, 23 * MS, 292, 72 * MS);
    assertEquals(Cause.CLASS_LOADING, Causes.judge(episode(122, cold, RUNNING)));
    assertEquals(
        Cause.ON_CPU,
        Causes.judge(episode(122, cold, new Signs(1, 0, false, false, false, false, false))),
        "at a busy native frame: its own");
    // 106 ms at Netty's AdaptivePoolingAllocator$Chunk.<init>: 39 ms of its 54 ms span on CPU,
    // 15 ms queued, while 154 classes loaded; the JVM's loading counter, which adds a class's
    // time when it is done, showed 1 ms. The first run's rate of classes says it all.
    Span firstRun = new Span(54 * MS, 39 * MS, 15 * MS, 0, 0, 1 * MS, 154, 62 * MS);
    assertEquals(Cause.CLASS_LOADING, Causes.judge(episode(106, firstRun, RUNNING)));
    Signs initializer = new Signs(1, 0, true, false, true, false, false);
    assertEquals(
        Cause.ON_CPU,
        Causes.judge(episode(106, firstRun, initializer)),
        "a static initializer's computation is its own");
    // 105 ms, its stack not had (the task returned meanwhile): 25 ms off the CPU, 63 classes
    Span offCpu = new Span(25 * MS, 0, 0, 0, 0, 1 * MS, 63, 40 * MS);
    assertEquals(Cause.CLASS_LOADING, Causes.judge(episode(105, offCpu, NO_STACK)));
    assertEquals(Cause.WAITING, Causes.judge(episode(105, offCpu, SLEEPING)));
    // 160 ms on a cold Reactor Netty server, found in the native socket write it was about to
    // finish: 38 ms on CPU and 22 ms queued in a 62 ms span while classes loaded
    Span write = new Span(62 * MS, 38 * MS, 22 * MS, 0, 0, 2 * MS, 120, 50 * MS);
    Signs inNative = new Signs(1, 0, false, true, false, true, false);
    assertEquals(Cause.CLASS_LOADING, Causes.judge(episode(160, write, inNative)));
    // the same frame in a socket read that waits: no CPU, and its own
    Span read = new Span(62 * MS, 1 * MS, 0, 0, 0, 2 * MS, 120, 50 * MS);
    assertEquals(Cause.WAITING, Causes.judge(episode(160, read, inNative)));
    // 116 ms on a cold Netty 4.2 loop, found BLOCKED on no monitor at `new
    // Recycler$GuardedLocalPool`: 12 ms on CPU and 12 ms queued, the rest waiting for that
    // class's initialisation, while classes loaded (2 ms of the JVM's loading work, 5 classes
    // or compilations: not a first run's rate), running too much for a pure wait, yet under
    // the threshold over the episode
    Signs initWait = new Signs(1, 0, true, false, false, false, true);
    Span between = new Span(58 * MS, 12 * MS, 12 * MS, 0, 0, 2 * MS, 5, 30 * MS);
    assertEquals(Cause.CLASS_LOADING, Causes.judge(episode(116, between, initWait)));
    assertEquals(
        Cause.ON_CPU,
        Causes.judge(episode(116, between, RUNNING)),
        "the same figures at an ordinary frame: its own");
    assertEquals(
        Cause.ON_CPU,
        Causes.judge(
            episode(116, new Span(58 * MS, 12 * MS, 12 * MS, 0, 0, 0, 5, 30 * MS), initWait)),
        "a few compilations, no class loaded: BLOCKED on no monitor alone excuses nothing");
    assertEquals(
        Cause.ON_CPU,
        Causes.judge(
            episode(116, new Span(58 * MS, 55 * MS, 2 * MS, 0, 0, 2 * MS, 5, 30 * MS), initWait)),
        "a spin on course for the threshold stays its own");
    // A spin that got its CPU while other threads loaded classes stays the code's.
    Span spin = new Span(51 * MS, 50 * MS, 1 * MS, 0, 0, 30 * MS, 400, 60 * MS);
    assertEquals(Cause.ON_CPU, Causes.judge(episode(113, spin, RUNNING)));
  }

  @Test
  void madeIt_meansHalfTheEpisode_orTheExcessOverTheThreshold() {
    assertEquals(true, Causes.madeIt(150 * MS, 300 * MS, 100 * MS));
    assertEquals(true, Causes.madeIt(60 * MS, 140 * MS, 100 * MS));
    assertEquals(false, Causes.madeIt(40 * MS, 140 * MS, 100 * MS), "under half the threshold");
    assertEquals(false, Causes.madeIt(100 * MS, 500 * MS, 100 * MS));
    assertEquals(false, Causes.madeIt(0, 0, 100 * MS));
    assertEquals(true, Causes.madeIt(30 * MS, 103 * MS, 100 * MS), "alone 73 ms: well within");
    assertEquals(false, Causes.madeIt(6 * MS, 101 * MS, 100 * MS), "a real 95 ms blockage");
  }
}
