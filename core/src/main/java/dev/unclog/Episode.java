/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.internal.Frames;
import dev.unclog.internal.TaskNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One blockage of one hub, from the scan that found it to the scan that saw the hub switch. Owned
 * by the monitor thread: every field is written there only, and read there but for the MBean's
 * status (MonitorBean), which reads only final fields.
 */
final class Episode {
  static final int MAX_DISTINCT_STACKS = 64;
  private static final int SAMPLES_PER_RATE = 32;

  final String id;
  final long seq;
  final Object task;

  /** Estimated start, scan clock: the midpoint of the two scans around the task's first sight. */
  final long startNanos;

  final long thresholdNanos;
  final List<StackTraceElement> stack;
  final Thread.State threadState;
  final long threadId;

  /** The figures at the CPU mark (see HubWatch): what the episode's are measured from. */
  final Reading mark = new Reading();

  /**
   * For a task that returned as the monitor first read its figures after the mark: the process's
   * figures read then, its thread's unknown (see Watchdog.begin); else null.
   */
  final Reading returned;

  /** The process's GC pauses and monitor stalls when the task was first seen (see Pauses). */
  final long gcAtStartNanos;

  final long stallAtStartNanos;

  /** Whether a debugger had the hub's thread suspended when the episode was found. */
  final boolean suspended;

  /** Whether it is reported at all: the filters' verdict, shared by the episode's events. */
  final Verdict verdict = new Verdict();

  /** What its events name the task, one name for all of them. */
  final TaskName taskName;

  /** Where it blocked, from the first stack: see BlockingEvent.fingerprint. */
  final String fingerprint;

  private final Sighting first;

  long nextStillBlockedNanos;
  long nextSampleNanos;
  long sampleIntervalNanos;
  int samplesTaken;

  /** Samples in the JDK's class-loading machinery (see Frames.isClassLoading). */
  int classLoadingSamples;

  List<StackTraceElement> latestStack;
  private final Map<List<StackTraceElement>, int[]> distinctStacks = new HashMap<>();

  /** An episode of {@code hub}'s task {@code seq}, found at {@code nowNanos} as {@code first}. */
  Episode(
      String id,
      Hub hub,
      long seq,
      long startNanos,
      long nowNanos,
      long thresholdNanos,
      Sighting first,
      Reading returned) {
    this.id = id;
    this.seq = seq;
    this.task = first.task();
    this.taskName = new TaskName(task);
    this.startNanos = startNanos;
    this.thresholdNanos = thresholdNanos;
    this.first = first;
    this.returned = returned;
    this.stack = first.stack();
    this.threadState = first.state();
    this.threadId = first.threadId();
    if (hub.watch.mark != null) {
      this.mark.copyFrom(hub.watch.mark);
    } else {
      this.mark.atNanos = nowNanos; // not marked: an empty span, judged unknown
    }
    this.gcAtStartNanos = hub.watch.gcAtSeenNanos;
    this.stallAtStartNanos = hub.watch.stallAtSeenNanos;
    this.suspended = first.suspended();
    this.fingerprint =
        Frames.fingerprint(hub.kind(), hub.name(), this.stack, TaskNames.describeType(task));
    this.sampleIntervalNanos = thresholdNanos;
    this.nextSampleNanos = nowNanos + thresholdNanos;
    this.nextStillBlockedNanos = startNanos + Math.max(1_000_000_000L, 10 * thresholdNanos);
    this.latestStack = this.stack;
    if (!stack.isEmpty()) {
      addSample(this.stack, nowNanos);
    }
  }

  /** Why the first stack is empty, or null. */
  String noStackReason() {
    return first.noStackReason();
  }

  /**
   * What the stacks say, for the cause policy. BLOCKED on no monitor is a wait inside the JVM
   * (another thread's class initialisation), judged as runnable at its Java frame.
   */
  Causes.Signs signs() {
    boolean waitsForInitialization = threadState == Thread.State.BLOCKED && !first.onMonitor();
    Thread.State state = waitsForInitialization ? Thread.State.RUNNABLE : threadState;
    return new Causes.Signs(
        samplesTaken,
        classLoadingSamples,
        Frames.runnableInJava(stack, state),
        Frames.waitsInCode(stack, state),
        Frames.inInitializer(stack),
        Frames.runnableInNative(stack, state),
        waitsForInitialization);
  }

  /** The distinct stacks sampled, the first among them. */
  List<List<StackTraceElement>> sampledStacks() {
    return new ArrayList<>(distinctStacks.keySet());
  }

  /**
   * Counts a stack sample and schedules the next one. The sampling rate halves every 32 samples, so
   * a block of any length costs a few hundred stack walks at most.
   */
  void addSample(List<StackTraceElement> sample, long nowNanos) {
    samplesTaken++;
    if (Frames.isClassLoading(sample)) {
      classLoadingSamples++;
    }
    latestStack = sample;
    int[] count = distinctStacks.get(sample);
    if (count != null) {
      count[0]++;
    } else if (distinctStacks.size() < MAX_DISTINCT_STACKS) {
      distinctStacks.put(sample, new int[] {1});
    }
    if (samplesTaken % SAMPLES_PER_RATE == 0) {
      sampleIntervalNanos *= 2;
    }
    nextSampleNanos = nowNanos + sampleIntervalNanos;
  }

  /** Schedules the next still_blocked event when the elapsed time has doubled, at most 1 h on. */
  void stillBlockedSent(long nowNanos) {
    long elapsed = nowNanos - startNanos;
    nextStillBlockedNanos = nowNanos + Math.min(elapsed, 3_600_000_000_000L);
  }

  /** The distinct stacks, most frequent first. */
  List<BlockingEvent.Sample> samples() {
    List<BlockingEvent.Sample> result = new ArrayList<>(distinctStacks.size());
    distinctStacks.forEach((stack, count) -> result.add(new BlockingEvent.Sample(count[0], stack)));
    result.sort((a, b) -> Integer.compare(b.count(), a.count()));
    return result;
  }
}
