/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.internal.SpawnSites;
import dev.unclog.internal.Frames;
import dev.unclog.internal.TaskNames;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One event of a blocking episode: a hub stayed inside one task for longer than the threshold.
 *
 * <p>An episode is reported as exactly one {@link Type#BLOCKED} event (with the stack taken
 * while the task was still blocking), zero or more rate-limited {@link Type#STILL_BLOCKED}
 * events while it lasts, and exactly one {@link Type#UNBLOCKED} event with the measured
 * duration and the stack samples taken along the way. All events of an episode share its
 * {@link #episodeId()}.
 */
public final class BlockingEvent {
  /** Which moment of an episode an event reports. */
  public enum Type {
    /** The hub was found blocked; the stack was taken while it still was. */
    BLOCKED("blocked"),
    /** The hub is still blocked; sent with growing gaps while the episode lasts. */
    STILL_BLOCKED("still_blocked"),
    /** The task returned (or its thread ended); carries the episode's duration and samples. */
    UNBLOCKED("unblocked");

    private final String jsonName;

    Type(String jsonName) {
      this.jsonName = jsonName;
    }

    /** The name used in JSON lines: {@code blocked}, {@code still_blocked}, {@code unblocked}. */
    public String jsonName() {
      return jsonName;
    }
  }

  /**
   * Why the hub was blocked. The hub thread's CPU time tells a task on the CPU from one that
   * waits; for one that wanted to run, pauses of the whole process come first: when
   * stop-the-world GC pauses, or stalls of the whole process, are what took the episode over
   * the threshold (the time left without them is under it), the code is not to blame. A task
   * that sleeps or waits through a pause stays {@link #WAITING}: the pause did not lengthen it.
   */
  public enum Cause {
    /**
     * It used at least a tenth of the elapsed time on a CPU: a loop, a computation, a spin (on a
     * loaded machine a spinning thread gets only a share of a core).
     */
    ON_CPU("on-cpu"),
    /** It used less: sleeping, waiting for a lock or I/O in the kernel. */
    WAITING("waiting"),
    /**
     * Stop-the-world GC pauses overlapping the episode made it: without them it would have
     * stayed under the threshold. See {@link #gcTime()}.
     */
    GC("gc"),
    /**
     * The whole process stood still (the monitor's own wake-ups came late): a safepoint, CPU
     * starvation of the machine, a suspended process or VM. Without those stalls the episode
     * would have stayed under the threshold. See {@link #stallTime()}.
     */
    PROCESS_STALL("process-stall"),
    /**
     * A debugger had the hub's thread suspended (a breakpoint). Not reported unless
     * {@code UNCLOG_DEBUGGER=report}.
     */
    DEBUGGER("debugger"),
    /** Not measured yet (the episode is young) or the JVM cannot tell. */
    UNKNOWN("unknown");

    private final String jsonName;

    Cause(String jsonName) {
      this.jsonName = jsonName;
    }

    /**
     * The name used in JSON lines: {@code on-cpu}, {@code waiting}, {@code gc},
     * {@code process-stall}, {@code debugger}, {@code unknown}.
     */
    public String jsonName() {
      return jsonName;
    }
  }

  /**
   * A distinct stack seen while the hub was blocked, and how many samples showed it.
   *
   * @param count how many samples had this stack
   * @param stack the frames, innermost first
   */
  public record Sample(int count, List<StackTraceElement> stack) {
    /** Makes a sample; the stack is copied. */
    public Sample {
      stack = List.copyOf(stack);
    }
  }

  private final Type type;
  private final String episodeId;
  private final Instant time;
  private final Instant since;
  private final Duration blocked;
  private final Duration threshold;
  private final String hubKind;
  private final String hub;
  private final long threadId;
  private final Thread.State threadState;
  private final Object taskObject;
  private final List<StackTraceElement> stack;
  private final List<Sample> samples;
  private final int samplesTaken;
  private final Cause cause;
  private final Duration cpuTime;
  private final Duration gcTime;
  private final Duration stallTime;
  /* For the filters (package-private): the episode's shared verdict. */
  final Verdict verdict;
  /* For the on-block action (package-private): the hub, the episode's seq, the culprit. */
  final Hub hubRef;
  final long episodeSeq;
  final Thread culpritThread;
  /* Racy single-check caches: String and StackTraceElement are immutable, so any thread sees a
   * whole value or null, and a race only computes the same value twice. */
  private String taskName;
  private StackTraceElement culpritFrame;
  private final String fingerprint;

  BlockingEvent(Type type, Episode episode, Hub hub, Instant time, Instant since,
      Duration blocked, Duration threshold, List<StackTraceElement> stack, List<Sample> samples,
      Cause cause, Duration cpuTime, Duration gcTime, Duration stallTime) {
    this.type = type;
    this.episodeId = episode.id;
    this.time = time;
    this.since = since;
    this.blocked = blocked;
    this.threshold = threshold;
    this.hubKind = hub.kind();
    this.hub = hub.name();
    this.threadId = episode.threadId;
    this.threadState = episode.threadState;
    this.taskObject = episode.task;
    this.stack = stack;
    this.samples = samples;
    this.samplesTaken = episode.samplesTaken;
    this.cause = cause;
    this.cpuTime = cpuTime;
    this.gcTime = gcTime;
    this.stallTime = stallTime;
    this.verdict = episode.verdict;
    this.hubRef = hub;
    this.episodeSeq = episode.seq;
    this.culpritThread = episode.task instanceof Thread thread ? thread : hub.thread();
    this.fingerprint = episode.fingerprint;
  }

  /** Which moment of the episode this is. */
  public Type type() {
    return type;
  }

  /** The episode's identifier, the same on all its events: {@code <pid>-<n>}. */
  public String episodeId() {
    return episodeId;
  }

  /** When this event was emitted. */
  public Instant time() {
    return time;
  }

  /** When the blocking task began, as precisely as the monitor knows it (within half a period). */
  public Instant since() {
    return since;
  }

  /** How long the hub has been blocked: so far, or in all on {@link Type#UNBLOCKED}. */
  public Duration blocked() {
    return blocked;
  }

  /** The maximum blocking time the episode exceeded. */
  public Duration threshold() {
    return threshold;
  }

  /** The hub's kind: {@code event-loop}, {@code carrier}, {@code executor}, or a custom one. */
  public String hubKind() {
    return hubKind;
  }

  /** The hub's name: the loop, carrier or worker thread's name. */
  public String hub() {
    return hub;
  }

  /** The id of the thread whose stack was taken, or -1 if none was. */
  public long threadId() {
    return threadId;
  }

  /** That thread's state when its stack was taken, or null if none was. */
  public Thread.State threadState() {
    return threadState;
  }

  /**
   * What ran: the task's {@code toString()} if its class defines one, else its class name, or
   * {@code "unknown task"}. Computed on first call, on the caller's thread.
   */
  public String task() {
    String name = taskName;
    if (name == null) {
      name = TaskNames.describe(taskObject);
      taskName = name;
    }
    return name;
  }

  /**
   * The blocked stack, innermost frame first. For {@link Type#BLOCKED} and
   * {@link Type#UNBLOCKED} it is the stack taken when the blockage was found; for
   * {@link Type#STILL_BLOCKED}, the latest sample. Empty if the task returned while its stack
   * was being taken, or the hub's thread is not known.
   */
  public List<StackTraceElement> stack() {
    return stack;
  }

  /**
   * On {@link Type#UNBLOCKED}, the distinct stacks sampled during the episode, most frequent
   * first (at most 64; see {@link #samplesTaken()} for the total). Empty on other events.
   */
  public List<Sample> samples() {
    return samples;
  }

  /** How many stack samples the episode took so far, including the first one. */
  public int samplesTaken() {
    return samplesTaken;
  }

  /**
   * Why the hub was blocked (see {@link Cause}); {@link Cause#UNKNOWN} until the episode is long
   * enough to judge.
   */
  public Cause cause() {
    return cause;
  }

  /**
   * The CPU time the hub's thread used since the task passed half the threshold, or null if it
   * was not measured (a virtual thread's own CPU time is not known to the JVM).
   */
  public Duration cpuTime() {
    return cpuTime;
  }

  /**
   * Where the task was submitted or the virtual thread started, innermost frame first, if
   * {@code UNCLOG_SPAWN_STACKS} is on and it happened while it was; else empty.
   */
  public List<StackTraceElement> spawnSite() {
    return SpawnSites.of(taskObject);
  }

  /** Stop-the-world GC pause time since the task began, as the collectors' beans count it. */
  public Duration gcTime() {
    return gcTime;
  }

  /**
   * Time since the task began during which the whole process stood still: how much later than
   * two periods the monitor's own wake-ups came, GC pauses included.
   */
  public Duration stallTime() {
    return stallTime;
  }

  /**
   * The frame to blame in this event's {@link #stack()}: the innermost one outside the JDK, which called the blocking JDK
   * method or is itself the loop; null when there is no stack.
   */
  public StackTraceElement culprit() {
    StackTraceElement frame = culpritFrame;
    if (frame == null) {
      frame = Frames.culprit(stack);
      culpritFrame = frame;
    }
    return frame;
  }

  /**
   * Sixteen hex digits naming where the hub blocked (its kind and the frames of the episode's
   * first stack from the culprit outward), equal for episodes blocked at the same place, in
   * this run or another, and on all events of one episode. Reports are grouped and
   * de-duplicated by it.
   */
  public String fingerprint() {
    return fingerprint;
  }

  /** One line: type, episode, hub, task and duration. */
  @Override
  public String toString() {
    return type.jsonName() + " " + episodeId + " " + hubKind + " " + hub + " task=" + task()
        + " " + blocked.toMillis() + "ms";
  }
}
