/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * The memory layout of a Hub, split over a class hierarchy so that the JVM cannot reorder the
 * fields across the padding (it reorders fields within one class, never across classes).
 *
 *   [pad 64 bytes] [owner fields: switchSeq, task] [pad 64 bytes] [monitor fields] [Hub's finals]
 *
 * The owner thread writes switchSeq and task on every switch; the monitor reads them once a
 * period and writes its own bookkeeping. Keeping the two groups on different cache lines means
 * the monitor's writes never invalidate the line the owner is writing, and two hubs allocated
 * side by side never share one (their owners would otherwise ping-pong it on every task).
 *
 * Access modes follow the suffix convention in package-info.java.
 */
abstract class HubPadBefore {
  long p00, p01, p02, p03, p04, p05, p06, p07;
}

abstract class HubOwnerFields extends HubPadBefore {
  static final VarHandle SWITCH_SEQ;
  static final VarHandle TASK;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      SWITCH_SEQ = lookup.findVarHandle(HubOwnerFields.class, "switchSeq", long.class);
      TASK = lookup.findVarHandle(HubOwnerFields.class, "task", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /*
   * Bumped on every switch; odd while a task runs, even while the hub is back in its loop.
   * Written by one thread at a time (the owner, or for a heartbeat hub the poster and then the
   * runner, ordered by the executor's own hand-off) with a release store; read plainly by that
   * writer and with an acquire load by the monitor. Release is enough: the monitor only needs
   * to see a value eventually (coherence guarantees it never goes backwards) and, when it sees
   * a value, to see the task written before it. No volatile (sequentially consistent) store and
   * so no StoreLoad fence: on x86 a release store is a plain mov.
   */
  long switchSeq;

  /*
   * The task that the current odd switchSeq belongs to. Written with a release store *before*
   * the switchSeq store that starts the task: release orders the previous switchSeq store (the
   * end of the last task) before this write, so a monitor that reads a task, then fences, then
   * re-reads an unchanged odd switchSeq knows that the task belongs to that switchSeq and never
   * blames the next task for the previous one's blockage. Left set after the task ends (one
   * store less per switch); it is dropped at the next enter.
   */
  Object task;

  final long switchSeqAcquire() {
    return (long) SWITCH_SEQ.getAcquire(this);
  }

  final Object taskAcquire() {
    return TASK.getAcquire(this);
  }
}

abstract class HubPadBetween extends HubOwnerFields {
  long p10, p11, p12, p13, p14, p15, p16, p17;
}

/*
 * Monitor bookkeeping: read and written by the monitor thread only, so plain accesses suffice.
 */
abstract class HubMonitorFields extends HubPadBetween {
  /** The switchSeq value the monitor saw at its last scan. */
  long seenSeq = -1;
  /** The scan time (nanoTime) at which seenSeq was first seen: the latest the task can have begun. */
  long seenAtNanos;
  /** The scan time before that: the task began after it. */
  long seenAfterNanos;
  /**
   * How long the monitor has watched seenSeq stay odd, counting each scan interval at most
   * twice the period: time during which the monitor itself did not run is no evidence that
   * this hub, rather than the whole process, was stuck.
   */
  long watchedNanos;
  /**
   * The hub thread's CPU time when the task had been watched for half the threshold, and when
   * that was: against it, the episode tells a task on the CPU from one that waits. Taken only
   * for tasks that get that far, so a thread-CPU-clock read per long task, not per scan.
   */
  boolean cpuMarked;
  long cpuMarkNanos;
  long cpuMarkAtNanos;
  /** The episode in progress, or null. */
  Episode episode;
}
