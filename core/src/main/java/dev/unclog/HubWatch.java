/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

/**
 * What the monitor knows of one hub: its bookkeeping, read and written by the monitor thread only,
 * so plain accesses suffice (but see lagNanos). A separate object from the hub, so that these
 * writes never touch the hub's cache lines (see HubFields); the owner never reads it.
 */
final class HubWatch {
  /**
   * A time (nanoTime) just after the read that first saw seenSeq: the latest the task can have
   * begun. Taken after the read, so that time counted from it never exceeds the truth.
   */
  long seenAtNanos;

  /** Likewise just after the latest read that saw seenSeq odd. */
  long lastSeenNanos;

  /**
   * Whether the owner thread was ever seen alive: a thread registered before it starts is not dead.
   * Set first by the registering thread; the hub's publication publishes it.
   */
  boolean ownerSeenAlive;

  /** The scan time before that: the task began after it. */
  long seenAfterNanos;

  /**
   * How long the monitor has watched seenSeq stay odd, counting each scan interval at most twice
   * the period: time during which the monitor itself did not run is no evidence that this hub,
   * rather than the whole process, was stuck.
   */
  long watchedNanos;

  /**
   * Whether the task has been watched for half the threshold, and the figures read then (the mark)
   * and at the latest sighting still inside it (last): an episode's CPU, run-queue and throttled
   * figures are the differences, so they end where its task ended, to within a period, never
   * counting the next task's. Taken only for tasks that get that far: a few reads per long task and
   * scan, none per switch. Allocated for a hub's first long task.
   */
  boolean cpuMarked;

  Reading mark;
  Reading last;

  /** The process's pauses (see Pauses) when the task was first seen: what an episode subtracts. */
  long gcAtSeenNanos;

  long stallAtSeenNanos;
  /*
   * How long the hub had been inside its current task at the monitor's latest scan, 0 when it
   * was back in its loop. Written by the monitor (only when it changes), read by metrics
   * threads: volatile, for a whole long and a fresh value.
   */
  volatile long lagNanos;

  /** The episode in progress, or null. */
  Episode episode;
}
