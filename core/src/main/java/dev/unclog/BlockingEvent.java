/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.internal.Frames;
import dev.unclog.internal.SpawnSites;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One event of a blocking episode: a hub stayed inside one task for longer than the threshold.
 *
 * <p>An episode is reported as exactly one {@link Type#BLOCKED} event (with the stack taken while
 * the task was still blocking), zero or more rate-limited {@link Type#STILL_BLOCKED} events while
 * it lasts, and exactly one {@link Type#UNBLOCKED} event with the measured duration and the stack
 * samples taken along the way. All events of an episode share its {@link #episodeId()}.
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
   * Why the hub was blocked: the code ({@link #ON_CPU}, {@link #WAITING}), or something that was
   * not the code's doing ({@link #isTheCode()} false). The policy and its precedence are in
   * docs/causes.md: a thread whose own CPU time reached the threshold is {@link #ON_CPU} whatever
   * else happened; otherwise the cause whose time explains the episode's excess over the threshold
   * wins. The {@link Type#BLOCKED} event carries the best cause known when the episode was found,
   * {@link Type#UNBLOCKED} the final one.
   */
  public enum Cause {
    /**
     * It used at least a tenth of the time it could run on a CPU: a loop, a computation, a spin (on
     * a loaded machine a spinning thread gets only a share of a core).
     */
    ON_CPU("on-cpu", true),
    /** It used less: sleeping, waiting for a lock or I/O in the kernel. */
    WAITING("waiting", true),
    /**
     * The JVM was loading, linking or initialising classes for it (the first run of a code path),
     * or it waited for another thread to finish initialising a class. A static initializer's own
     * code (a sleep or a computation in {@code <clinit>}) is not this.
     */
    CLASS_LOADING("class-loading", false),
    /**
     * It was runnable but not running for most of the episode: the machine had no CPU for it (see
     * {@link #runQueueTime()}).
     */
    CPU_STARVED("cpu-starved", false),
    /**
     * The process's CPU cgroup used up its quota and the kernel stopped it (see {@link
     * #throttledTime()}).
     */
    CPU_THROTTLED("cpu-throttled", false),
    /**
     * Stop-the-world GC pauses overlapping the episode made it: without them it would have stayed
     * under the threshold. See {@link #gcTime()}.
     */
    GC("gc", false),
    /**
     * The whole process stood still (the monitor's own wake-ups came late): a safepoint, a
     * suspended process or VM. Without those stalls the episode would have stayed under the
     * threshold. See {@link #stallTime()}.
     */
    PROCESS_STALL("process-stall", false),
    /**
     * A debugger had the hub's thread suspended (a breakpoint). Not reported unless {@code
     * UNCLOG_DEBUGGER=report}.
     */
    DEBUGGER("debugger", false),
    /** Not measured yet (the episode is young) or the JVM cannot tell. */
    UNKNOWN("unknown", true);

    private final String jsonName;
    private final boolean theCode;

    Cause(String jsonName, boolean theCode) {
      this.jsonName = jsonName;
      this.theCode = theCode;
    }

    /**
     * The name used in JSON lines: {@code on-cpu}, {@code waiting}, {@code class-loading}, {@code
     * cpu-starved}, {@code cpu-throttled}, {@code gc}, {@code process-stall}, {@code debugger},
     * {@code unknown}.
     */
    public String jsonName() {
      return jsonName;
    }

    /**
     * Whether this cause blames the code that ran: {@link #ON_CPU}, {@link #WAITING}, and {@link
     * #UNKNOWN} (nothing else was found to blame). Episodes that are not the code's get one line in
     * the text report, are counted apart from the places in the summary, and never trigger {@code
     * UNCLOG_ON_BLOCK}.
     */
    public boolean isTheCode() {
      return theCode;
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
  /* The episode's, shared by its events; the task in it is held weakly (see TaskName). */
  private final TaskName taskName;
  private final List<StackTraceElement> spawnSite;
  private final List<StackTraceElement> stack;
  private final List<Sample> samples;
  private final int samplesTaken;
  private final Measures measures;
  private final String noStackReason;
  /* For the filters (package-private): the episode's shared verdict. */
  final Verdict verdict;
  /* For the on-block action (package-private): the hub, the episode's seq, the culprit. */
  private final WeakReference<Hub> hubRef;
  final long episodeSeq;
  private final WeakReference<Thread> culpritThread;
  /* Racy single-check cache: StackTraceElement is immutable, so any thread sees a whole value or
   * null, and a race only computes the same value twice. */
  private StackTraceElement culpritFrame;

  BlockingEvent(
      Type type,
      Episode episode,
      Hub hub,
      Instant time,
      Instant since,
      List<StackTraceElement> stack,
      List<Sample> samples,
      Measures measures) {
    this.type = type;
    this.episodeId = episode.id;
    this.time = time;
    this.since = since;
    this.blocked = measures.blocked();
    this.threshold = Duration.ofNanos(episode.thresholdNanos);
    this.hubKind = hub.kind();
    this.hub = hub.name();
    this.threadId = episode.threadId;
    this.threadState = episode.threadState;
    this.taskName = episode.taskName;
    this.spawnSite = SpawnSites.of(episode.task);
    this.stack = stack;
    this.samples = samples;
    this.samplesTaken = episode.samplesTaken;
    this.measures = measures;
    this.noStackReason = stack.isEmpty() ? episode.noStackReason() : null;
    this.verdict = episode.verdict;
    this.hubRef = new WeakReference<>(hub);
    this.episodeSeq = episode.seq;
    this.culpritThread =
        new WeakReference<>(episode.task instanceof Thread thread ? thread : hub.thread());
  }

  /** The hub, or null once it is gone. */
  Hub hubIfAlive() {
    return hubRef.get();
  }

  /** The thread that blocked, or null if unknown or gone. */
  Thread culpritIfAlive() {
    return culpritThread.get();
  }

  /** Which moment of the episode this is. */
  public Type type() {
    return type;
  }

  /**
   * The episode's identifier, the same on all its events: {@code <run>-<n>} (see the JSON {@code
   * run}).
   */
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
   * {@code "unknown task"}; the same on every event of the episode. Computed once per episode, off
   * the monitor thread, while the task still runs.
   */
  public String task() {
    return taskName.get();
  }

  /**
   * The blocked stack, innermost frame first. For {@link Type#BLOCKED} and {@link Type#UNBLOCKED}
   * it is the stack taken when the blockage was found; for {@link Type#STILL_BLOCKED}, the latest
   * sample. Empty if the task returned while its stack was being taken, or the hub's thread is not
   * known.
   */
  public List<StackTraceElement> stack() {
    return stack;
  }

  /**
   * On {@link Type#UNBLOCKED}, the distinct stacks sampled during the episode, most frequent first
   * (at most 64; see {@link #samplesTaken()} for the total). Empty on other events.
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
    return measures.cause();
  }

  /**
   * The CPU time the hub's thread used from the moment the task passed half the threshold to the
   * monitor's last sighting of it, or null if it was not measured (no thread CPU clock, or the
   * hub's thread is not known yet). For a carrier, the carrier's CPU: what its virtual thread ran.
   */
  public Duration cpuTime() {
    return measures.cpu();
  }

  /**
   * Over the same span, the time the hub's thread was runnable but waiting for a CPU in the
   * kernel's run queue; null where the kernel does not say (not Linux, {@code /proc} hidden, or the
   * hub was registered from another thread, so its OS thread is not known).
   */
  public Duration runQueueTime() {
    return measures.runQueue();
  }

  /**
   * Over the same span, how long the process's CPU cgroup was throttled for using up its CPU quota
   * (at most the span); null where there is no CPU cgroup to read.
   */
  public Duration throttledTime() {
    return measures.throttled();
  }

  /**
   * Why {@link #stack()} is empty, in words: the task returned while its stack was being taken, or
   * the hub's thread is not known yet; null when there is a stack.
   */
  public String noStackReason() {
    return noStackReason;
  }

  /**
   * Where the task was submitted or the virtual thread started, innermost frame first, if {@code
   * UNCLOG_SPAWN_STACKS} is on and it happened while it was; else empty.
   */
  public List<StackTraceElement> spawnSite() {
    return spawnSite;
  }

  /** Stop-the-world GC pause time since the task began, as the collectors' beans count it. */
  public Duration gcTime() {
    return measures.gc();
  }

  /**
   * Time since the task began during which the whole process stood still: how much later than two
   * periods the monitor's own wake-ups came, GC pauses included.
   */
  public Duration stallTime() {
    return measures.stall();
  }

  /**
   * The frame to blame in this event's {@link #stack()}: the innermost one outside the JDK, which
   * called the blocking JDK method or is itself the loop; null when there is no stack.
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
   * Sixteen hex digits naming where the hub blocked (its kind and the frames from the culprit
   * outward), equal for episodes blocked at the same place, in this run or another. Reports are
   * grouped and de-duplicated by it. For an {@link Cause#ON_CPU} episode the place is the innermost
   * frame that all its stack samples share, by method (a hot loop is one place wherever a sample
   * lands in it), so the {@link Type#UNBLOCKED} event, which has every sample, may name a different
   * place than {@link Type#BLOCKED}; the summary groups by the final one.
   */
  public String fingerprint() {
    return measures.fingerprint();
  }

  /** One line: type, episode, hub, task and duration. */
  @Override
  public String toString() {
    return type.jsonName()
        + " "
        + episodeId
        + " "
        + hubKind
        + " "
        + hub
        + " task="
        + task()
        + " "
        + blocked.toMillis()
        + "ms";
  }
}
