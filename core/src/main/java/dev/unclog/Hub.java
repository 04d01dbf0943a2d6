/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.internal.SchedStat;
import java.time.Duration;

/**
 * A hub is one thread of a cooperative scheduler whose tasks must return quickly: an event-loop
 * thread, a virtual-thread carrier, a worker of a watched executor.
 *
 * <p>The loop calls {@link #enter} before each task and {@link #exit} after it (or wraps the task
 * in {@link #run}); each call is a <em>switch</em>. A hub that stays inside one task for longer
 * than the monitor's {@linkplain Monitor#maxBlockingTime() maximum blocking time} is reported.
 *
 * <p>The hooks are cheap enough for every task: they read no clock, allocate nothing, take no lock
 * and make no volatile store (release stores, which are plain moves on x86); 2 to 4 ns a task with
 * {@link #enter()}, which stores no reference. {@link #enter(Object)} also stores the task, so a
 * report can name it, unless it is the one stored already (a loop's events for one channel); under
 * G1 that reference store can cost a write barrier, up to about 6 ns more once the hub has been
 * promoted to the old generation (see BENCHMARKS.md). The hooks must be called only by the thread
 * that owns the hub. An {@code enter} without an {@code exit} ends the task in progress and starts
 * a new one; {@link #run} and {@link #enterOutermost} instead treat a switch point reached inside a
 * task as part of it.
 */
public final class Hub extends HubPadBetween implements AutoCloseable {
  /** The kind of a hub that is a loop thread, such as a Netty event loop. */
  public static final String EVENT_LOOP = "event-loop";

  /** The kind of a hub that is a worker thread of a watched or heartbeat-probed executor. */
  public static final String EXECUTOR = "executor";

  /** The kind of a hub that is a carrier thread of virtual threads. */
  public static final String CARRIER = "carrier";

  /** The kind of a hub that is a worker of a Reactor scheduler for non-blocking work. */
  public static final String REACTOR_SCHEDULER = "reactor-scheduler";

  /** The kind of a hub that is a worker of RxJava 3's {@code computation()} or {@code single()}. */
  public static final String RX_SCHEDULER = "rx-scheduler";

  /** The kind of a hub that is a worker of Kotlin's {@code Dispatchers.Default}. */
  public static final String COROUTINE_DISPATCHER = "coroutine-dispatcher";

  /**
   * The kind of a hub that is a worker of a JDK pool ({@code ThreadPoolExecutor}, {@code
   * ScheduledThreadPoolExecutor}, {@code ForkJoinPool}) whose name {@code UNCLOG_HUB_THREADS}
   * matches.
   */
  public static final String NAMED_POOL = "named-pool";

  private final Monitor monitor;
  private final String kind;

  /** The owning thread; null for a heartbeat hub, whose thread is whichever ran the last beat. */
  private final Thread owner;

  private final String label;

  /** The thread that ran the last heartbeat (heartbeat hubs only): written once per beat. */
  volatile Thread beatRunner;

  /** The scan-clock time (nanoTime) of registration: no task on this hub began before it. */
  final long registeredNanos;

  /* The monitor's bookkeeping of this hub (monitor thread only, see HubWatch). */
  final HubWatch watch = new HubWatch();

  /**
   * The owner's OS thread id, for the kernel's per-thread accounting, or -1 if not known: only the
   * thread itself can learn it, so it is read when a hub is made on its own thread (as the agent's
   * hooks and watched executors do).
   */
  final long osThreadId;

  Hub(Monitor monitor, String kind, Thread owner, String label) {
    this.monitor = monitor;
    this.kind = kind;
    this.owner = owner;
    this.label = label;
    this.registeredNanos = System.nanoTime();
    this.osThreadId =
        owner != null && owner == Thread.currentThread() && monitor.enabled()
            ? SchedStat.currentTid()
            : -1;
    this.watch.ownerSeenAlive = owner != null && owner.isAlive(); // published with the hub
  }

  /**
   * Marks the start of a task on this hub, without naming it: the cheapest hook. A report then
   * names the task {@code unknown task}; its stack still shows what ran.
   */
  public void enter() {
    enter(null);
  }

  /**
   * Marks the start of {@code task} on this hub. The task object is kept only to name it in a
   * report (its {@code toString()} is called off the monitor thread, and only if it blocked);
   * storing it costs a GC write barrier (see the class comment).
   */
  public void enter(Object task) {
    long seq = switchSeq;
    if ((seq & 1L) != 0) {
      // exit was missed: end that task first, so the monitor never pairs its seq with this task
      SWITCH_SEQ.setRelease(this, ++seq);
    }
    if (this.task != task) {
      // a plain read of the owner's own field; storing what is there already would only run
      // the GC's write barrier: enter() after enter(), a loop's events for one channel
      TASK.setRelease(this, task);
    }
    SWITCH_SEQ.setRelease(this, seq + 1);
  }

  /**
   * Marks the start of {@code task} unless a task runs on this hub already: then this switch point
   * was reached inside that task (a caller-runs policy, a direct executor, a hook point nested in
   * another) and is part of it, since its return must not make the rest of the outer task look like
   * time back in the loop. Returns whether it entered: call {@link #exit} only then. Owner thread
   * only. The one rule for nesting: {@link #run}, watched executors and the agent's hooks all
   * follow it.
   */
  public boolean enterOutermost(Object task) {
    if ((switchSeq & 1L) != 0) { // a plain read of the owner's own field
      return false;
    }
    enter(task);
    return true;
  }

  /** Marks the return of the current task to the loop. Does nothing if no task is running. */
  public void exit() {
    // Odd s becomes s + 1; an even s (no task) stays as it is.
    SWITCH_SEQ.setRelease(this, (switchSeq + 1L) & ~1L);
  }

  /**
   * Runs {@code task} on the calling thread as one task of this hub; inside another task, as part
   * of it (see {@link #enterOutermost}).
   */
  public void run(Runnable task) {
    boolean entered = enterOutermost(task);
    try {
      task.run();
    } finally {
      if (entered) {
        exit();
      }
    }
  }

  /**
   * How long this hub had been inside its current task when the monitor last looked, or zero if it
   * was back in its loop: the loop's lag, as fresh as one period. For a heartbeat hub, how long the
   * pending probe has waited, measured while it waits, so a stalled executor shows its stall at
   * once rather than when the probe finally runs (no coordinated omission). Zero for a hub the
   * monitor does not watch. Any thread may call it.
   */
  public Duration lag() {
    return Duration.ofNanos(watch.lagNanos);
  }

  /**
   * What this hub is: {@link #EVENT_LOOP}, {@link #EXECUTOR}, {@link #CARRIER}, or a custom kind.
   */
  public String kind() {
    return kind;
  }

  /** The owning thread's current name, or for a heartbeat hub the name it was given. */
  public String name() {
    return owner != null ? owner.getName() : label;
  }

  /** Stops watching this hub. Its hooks keep working and cost the same; nothing is reported. */
  @Override
  public void close() {
    monitor.forget(this);
  }

  /** The thread whose stack explains a blockage, or null if not known yet. */
  Thread thread() {
    return owner != null ? owner : beatRunner;
  }

  Thread owner() {
    return owner;
  }

  @Override
  public String toString() {
    return "Hub[" + kind + " " + name() + "]";
  }
}
