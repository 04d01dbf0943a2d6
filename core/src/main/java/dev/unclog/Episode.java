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
 * One blockage of one hub, from the scan that found it to the scan that saw the hub switch.
 * Owned by the monitor thread: every field is read and written there only.
 */
final class Episode {
  static final int MAX_DISTINCT_STACKS = 64;
  private static final int SAMPLES_PER_RATE = 32;

  final String id;
  final long seq;
  final Object task;
  /** Estimated start, scan clock: the midpoint of the two scans around the task's first sight. */
  final long startNanos;
  final List<StackTraceElement> stack;
  final Thread.State threadState;
  final long threadId;
  /** The hub thread's CPU time at the mark (see HubMonitorFields), and when; -1 if unknown. */
  final long cpuMarkNanos;
  final long cpuMarkAtNanos;
  /** The process's GC pauses and monitor stalls when the task was first seen (see Pauses). */
  final long gcAtStartNanos;
  final long stallAtStartNanos;
  /** The same at the CPU mark: what the CPU share is judged against. */
  final long gcAtMarkNanos;
  final long stallAtMarkNanos;
  /** Whether a debugger had the hub's thread suspended when the episode was found. */
  final boolean suspended;
  /** Whether it is reported at all: the filters' verdict, shared by the episode's events. */
  final Verdict verdict = new Verdict();
  /** Where it blocked, from the first stack: see BlockingEvent.fingerprint. */
  final String fingerprint;

  long nextStillBlockedNanos;
  long nextSampleNanos;
  long sampleIntervalNanos;
  int samplesTaken;
  List<StackTraceElement> latestStack;
  private final Map<List<StackTraceElement>, int[]> distinctStacks = new HashMap<>();

  Episode(String id, long seq, Object task, long startNanos, long nowNanos,
      String hubKind, String hubName, StackTraceElement[] stack, Thread.State threadState, long threadId, long thresholdNanos,
      long cpuMarkNanos, long cpuMarkAtNanos, long gcAtStartNanos, long stallAtStartNanos,
      long gcAtMarkNanos, long stallAtMarkNanos, boolean suspended) {
    this.id = id;
    this.seq = seq;
    this.task = task;
    this.startNanos = startNanos;
    this.stack = List.of(stack);
    this.threadState = threadState;
    this.threadId = threadId;
    this.cpuMarkNanos = cpuMarkNanos;
    this.cpuMarkAtNanos = cpuMarkAtNanos;
    this.gcAtStartNanos = gcAtStartNanos;
    this.stallAtStartNanos = stallAtStartNanos;
    this.gcAtMarkNanos = gcAtMarkNanos;
    this.stallAtMarkNanos = stallAtMarkNanos;
    this.suspended = suspended;
    this.fingerprint =
        Frames.fingerprint(hubKind, hubName, this.stack, TaskNames.describeType(task));
    this.sampleIntervalNanos = thresholdNanos;
    this.nextSampleNanos = nowNanos + thresholdNanos;
    this.nextStillBlockedNanos = startNanos + Math.max(1_000_000_000L, 10 * thresholdNanos);
    this.latestStack = this.stack;
    if (stack.length > 0) {
      addSample(this.stack, nowNanos);
    }
  }

  /**
   * Counts a stack sample and schedules the next one. The sampling rate halves every 32
   * samples, so a block of any length costs a few hundred stack walks at most.
   */
  void addSample(List<StackTraceElement> sample, long nowNanos) {
    samplesTaken++;
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
