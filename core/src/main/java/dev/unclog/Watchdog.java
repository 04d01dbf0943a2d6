/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.internal.Durations;
import dev.unclog.internal.Frames;
import dev.unclog.internal.Json;
import dev.unclog.internal.JsonLinesSink;
import dev.unclog.internal.Origin;
import dev.unclog.internal.ReportText;
import dev.unclog.internal.TaskNames;
import dev.unclog.internal.TextSink;
import dev.unclog.internal.ThreadTree;
import dev.unclog.internal.Threads;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/*
 * The monitor thread's loop. Every period it reads each hub's switchSeq (acquire) and compares
 * it with what it saw last time:
 *
 *  - changed: the hub switched since the last scan. Any episode in progress has ended; the new
 *    value was first seen now, and (if odd) its task began after the previous scan.
 *  - unchanged and odd: the same task is still running. The time the monitor has watched it
 *    (watchedNanos: the scan intervals since it was first seen, each counted at most twice the
 *    period) is a lower bound of its run time, so a task shorter than the threshold is never
 *    reported; with the monitor on time, a task longer than threshold + one period always is,
 *    while it still runs. An interval in which the monitor itself was held up (CPU starvation,
 *    a safepoint, a suspended process) counts for little: the hub cannot be told apart from
 *    the whole process then, and blaming its task would be a guess.
 *  - unchanged and even: the hub is idle in its loop.
 *
 * Reported durations use midpoints of the bracketing scans, so each end is off by at most half
 * a (real) scan interval, and the duration by at most one.
 *
 * This thread never runs user code: it calls only JDK methods (stack walks go through
 * Threads.stackOf, which refuses overrides from outside java.base), hands events to the
 * reporter's queue, and catches everything.
 */
final class Watchdog implements Runnable {
  private static final int MAX_FAILURES_IN_A_ROW = 100;
  /* Built before it is needed: the failures may be the heap running out. */
  private static final String OFF =
      "the monitor failed "
          + MAX_FAILURES_IN_A_ROW
          + " times in a row and is off; the application goes on unwatched";
  /* How often the line saying so is tried, one period apart, when there is no memory for it. */
  private static final int OFF_LINE_TRIES = 20;
  private static final StackTraceElement[] NO_STACK = {};

  private final Monitor monitor;
  private final long thresholdNanos;
  private final long periodNanos;
  private final AtomicLong episodeCount = new AtomicLong();

  private volatile boolean stopped;
  /* Whether to look, once a second, for the platform MBean server: set by the global monitor's
   * creation, which may come after the monitor thread started (a memory limit starts it):
   * volatile, read once per scan. */
  private volatile boolean publishBean;
  private static final long BEAN_EVERY_NANOS = 1_000_000_000L;
  private long beanLookedAt; // monitor thread only
  /* Written once per scan by the monitor thread; read by tests that wait for scans. */
  private volatile long scans;
  /* Whether a scan has seen a hub: written once by the monitor thread, read at exit. */
  private volatile boolean sawHubs;
  private long previousScanNanos;
  /* When the monitor thread began, before it loaded its probes (monitor thread only). */
  private long startedNanos;
  /*
   * Whether this scan checks that idle hubs' threads are alive: one scan in LIVENESS_EVERY. An
   * idle scan of a hub then reads its sequence and what the monitor saw last, and not its
   * thread, one cache miss less per hub on a monitor that finds them all out of cache. A thread
   * that dies inside a task is still seen at the next scan (an odd sequence is always checked);
   * one that dies idle is forgotten within LIVENESS_EVERY periods.
   */
  private static final int LIVENESS_EVERY = 32;
  private boolean livenessScan;
  private int failuresInARow;

  /* Null unless the monitor has a memory limit. */
  private final MemoryWatch memory;
  private final boolean reportDebuggerPauses;
  /* Made on the monitor thread when it starts: it loads the management beans. */
  private Probes probes;
  /* Monitor thread only: the figures of a sighting before the switch sequence confirms them. */
  private final Reading scratch = new Reading();

  /** For {@code monitor}, whose threshold and period are set already. */
  Watchdog(Monitor monitor, MemoryWatch memory, boolean reportDebuggerPauses) {
    this.monitor = monitor;
    this.memory = memory;
    this.reportDebuggerPauses = reportDebuggerPauses;
    this.thresholdNanos = monitor.maxBlockingTime().toNanos();
    this.periodNanos = monitor.period().toNanos();
  }

  @Override
  public void run() {
    // The probes load now, as the monitor starts (with the first hub, or the agent's warm-up):
    // loaded later they would load inside a task the monitor judges, and their class loading and
    // their delay of the first sighting would be charged to it.
    if (!loadProbes()) {
      return;
    }
    try {
      while (!stopped) {
        Thread.interrupted(); // an interrupt must not turn parkNanos into a busy loop
        LockSupport.parkNanos(this, periodNanos);
        if (stopped) {
          break;
        }
        try {
          scan(System.nanoTime());
          failuresInARow = 0;
        } catch (Throwable t) {
          if (failed(t)) {
            return;
          }
        }
      }
    } finally {
      probes.close(); // its files: a test suite makes many monitors
    }
  }

  /* Returns false if the monitor cannot work: no management beans. */
  private boolean loadProbes() {
    startedNanos = System.nanoTime();
    try {
      Origin.run(); // its random source loads now, with the probes, not inside an episode
      probes = new Probes();
      // What the monitor and the reporters use, before the heap can be full (JFR's events
      // aside: they are the JDK's to load, and a failure there costs only the recording).
      Threads.initialize(
          Threads.class,
          Episode.class,
          Verdict.class,
          BlockingEvent.class,
          MemoryEvent.class,
          Measures.class,
          Causes.class,
          Sighting.class,
          Reading.class,
          Offenders.class,
          TextSink.class,
          ReportText.class,
          ThreadTree.class,
          Json.class,
          Durations.class,
          Frames.class,
          TaskNames.class,
          JsonLinesSink.class);
    } catch (Throwable t) { // no management beans: the monitor is of no use without them
      monitor.reporter().failedOnce("monitor", t);
      return false;
    }
    previousScanNanos = System.nanoTime();
    return true;
  }

  void stop() {
    stopped = true;
  }

  /**
   * At exit: wakes the monitor for one more scan, so that a task that returned since the last one
   * gets its unblocked event, and waits for it at most {@code timeoutNanos}; at once if the monitor
   * never had a hub to watch.
   */
  void scanOnceMore(Thread monitorThread, long timeoutNanos) {
    long target = scans + 2; // a scan under way may have read the hubs before the task returned
    long deadline = System.nanoTime() + timeoutNanos;
    LockSupport.unpark(monitorThread);
    while (scans < target && System.nanoTime() - deadline < 0 && monitorThread.isAlive()) {
      LockSupport.parkNanos(1_000_000L);
    }
  }

  /**
   * Whether a scan has had a hub to watch: if not, no event can be due at exit (the agent's warm-up
   * hub is gone before the first scan).
   */
  boolean sawHubs() {
    return sawHubs;
  }

  /** Looks for the platform MBean server to register the monitor's bean in (the global's). */
  void publishBean() {
    publishBean = true;
  }

  /** Episodes found so far. Any thread. */
  long episodes() {
    return episodeCount.get();
  }

  long scans() {
    return scans;
  }

  private void scan(long now) {
    probes.scanStarted(now - previousScanNanos, periodNanos);
    HubRegistry registry = monitor.registry();
    for (Hub closed = registry.pollClosed(); closed != null; closed = registry.pollClosed()) {
      if (closed.watch.episode != null) {
        end(closed, closed.watch.episode, now); // closed mid-episode: it ends now, reported whole
      }
    }
    livenessScan = (scans & (LIVENESS_EVERY - 1)) == 0;
    Hub[] hubs = registry.toScan();
    if (hubs.length > 0 && !sawHubs) {
      sawHubs = true;
    }
    for (Hub hub : hubs) {
      try {
        check(hub, now);
      } catch (Throwable t) {
        monitor.reporter().failedOnce("monitor", t);
      }
    }
    if (memory != null) {
      MemoryEvent crossed = memory.check(now);
      if (crossed != null) {
        monitor.reporter().offer(crossed);
      }
    }
    if (publishBean && now - beanLookedAt >= BEAN_EVERY_NANOS) {
      beanLookedAt = now;
      try {
        publishBean = !MonitorBean.registerIfServerExists(monitor, this);
      } catch (Throwable t) {
        publishBean = false; // no JMX here: no MBean
      }
    }
    previousScanNanos = now;
    scans = scans + 1; // single writer
  }

  /**
   * Returns true if the monitor gives up. Allocates nothing itself, so that running out of memory
   * costs a scan, not the monitor: the next scan allocates again.
   */
  private boolean failed(Throwable t) {
    monitor.reporter().failedOnce("monitor", t);
    if (++failuresInARow < MAX_FAILURES_IN_A_ROW) {
      return false;
    }
    for (int i = 0; i < OFF_LINE_TRIES && !monitor.reporter().say(OFF); i++) {
      LockSupport.parkNanos(this, periodNanos);
    }
    return true;
  }

  /*
   * Timing: `now` is taken once per scan, before any hub is read; a time taken just after a
   * read is an upper bound of it. Each interval counted towards the threshold runs from an
   * upper bound of the previous sighting to `now`, a lower bound of this one, so it can only
   * be short, never long, however late in the scan the read comes or however long the
   * monitor was descheduled in the middle of it. The extra clock reads happen only for hubs
   * inside a task, at most one per such hub per scan.
   */
  private void check(Hub hub, long now) {
    long seq = hub.switchSeqAcquire();
    if (seq == hub.seenSeq && (seq & 1L) == 0 && !livenessScan) {
      return; // idle in its loop as before: the common case, reading no more of the hub
    }
    Thread owner = hub.owner();
    if (owner != null) {
      if (owner.isAlive()) {
        hub.watch.ownerSeenAlive = true;
      } else if (hub.watch.ownerSeenAlive || Threads.stateOf(owner) == Thread.State.TERMINATED) {
        if (hub.watch.episode != null) {
          end(hub, hub.watch.episode, now);
        }
        monitor.forget(hub);
        return;
      }
    }
    if (seq != hub.seenSeq) {
      if (hub.watch.episode != null) {
        end(hub, hub.watch.episode, now);
      }
      // A hub first seen: its task began after it registered, and after the previous scan if
      // that scan watched it; the first scan has no previous one, only the monitor's start.
      hub.watch.seenAfterNanos =
          hub.seenSeq == -1
              ? Math.max(scans == 0 ? startedNanos : previousScanNanos, hub.registeredNanos)
              : previousScanNanos;
      hub.seenSeq = seq;
      hub.watch.watchedNanos = 0;
      hub.watch.cpuMarked = false;
      if ((seq & 1L) != 0) {
        hub.watch.seenAtNanos = System.nanoTime();
        hub.watch.lastSeenNanos = hub.watch.seenAtNanos;
        hub.watch.gcAtSeenNanos = probes.gcNanos();
        // The task is dated from the middle of the gap before this sighting; a stall in that
        // gap (this scan came late) fell as much after that date as before it: the part
        // after is the process's, not the task's.
        hub.watch.stallAtSeenNanos =
            probes.stallNanos()
                - Math.min(
                    probes.stallThisScanNanos(),
                    (hub.watch.seenAtNanos - hub.watch.seenAfterNanos) / 2);
      }
      if (hub.watch.lagNanos != 0) {
        hub.watch.lagNanos = 0;
      }
      return;
    }
    if ((seq & 1L) == 0) {
      return; // idle in its loop
    }
    long interval = Math.max(0, now - hub.watch.lastSeenNanos);
    hub.watch.lastSeenNanos = System.nanoTime();
    hub.watch.lagNanos = hub.watch.lastSeenNanos - hub.watch.seenAtNanos;
    Episode episode = hub.watch.episode;
    if (episode == null) {
      hub.watch.watchedNanos += Math.min(interval, 2 * periodNanos);
      boolean read = true;
      if (!hub.watch.cpuMarked && 2 * hub.watch.watchedNanos >= thresholdNanos) {
        mark(hub);
      } else if (hub.watch.cpuMarked) {
        read = readStillInTask(hub, seq);
      }
      if (hub.watch.watchedNanos >= thresholdNanos) {
        begin(hub, seq, now, read);
      }
      return;
    }
    readStillInTask(hub, seq);
    if (now - episode.nextSampleNanos >= 0) {
      sample(hub, episode, now);
    }
    if (now - episode.nextStillBlockedNanos >= 0) {
      offer(
          episode,
          event(
              BlockingEvent.Type.STILL_BLOCKED,
              hub,
              episode,
              now,
              now - episode.startNanos,
              episode.latestStack,
              List.of()));
      episode.stillBlockedSent(now);
    }
  }

  /** The task has been watched for half the threshold: its figures are measured from now. */
  private void mark(Hub hub) {
    if (hub.watch.mark == null) {
      hub.watch.mark = new Reading();
      hub.watch.last = new Reading();
    }
    hub.watch.cpuMarked = true;
    probes.read(hub, System.nanoTime(), hub.watch.mark);
    hub.watch.last.copyFrom(hub.watch.mark);
  }

  /**
   * Reads the figures at a sighting of task {@code seq}, and keeps them as its latest only if the
   * switch sequence still names that task after the read (acquire, as for the stack): so the
   * figures an episode ends with were all read while its own task ran. Returns whether it kept
   * them; if not, {@link #scratch} holds the figures read as the task returned.
   */
  private boolean readStillInTask(Hub hub, long seq) {
    probes.read(hub, System.nanoTime(), scratch);
    if (hub.switchSeqAcquire() == seq) {
      hub.watch.last.copyFrom(scratch);
      return true;
    }
    return false;
  }

  /**
   * Finds the episode of task {@code seq}; {@code read} says whether this scan's figures were read
   * inside it (see readStillInTask).
   */
  private void begin(Hub hub, long seq, long now, boolean read) {
    // Acquire on task orders the reads below after it; the re-read of switchSeq then proves
    // that task and stack both belong to the blockage that seq names (see HubOwnerFields).
    Object task = hub.taskAcquire();
    Thread thread = culpritThread(hub, task);
    StackTraceElement[] stack = thread != null ? Threads.stackOf(thread) : NO_STACK;
    Thread.State state = thread != null ? Threads.stateOf(thread) : null;
    String noStack =
        thread == null
            ? "the hub's thread is not known yet (its heartbeat has not run)"
            : stack.length == 0 ? "the thread's stack could not be had" : null;
    if (hub.switchSeqAcquire() != seq) {
      // It returned while we looked: a real blockage, but neither the stack nor the task read
      // can be trusted to be its own. Report it without them; the next scan ends it.
      task = null;
      stack = NO_STACK;
      state = null;
      thread = null;
      noStack = "the task returned while its stack was being taken";
    }
    // Returned as this scan read its figures, with none read inside it since the mark: the
    // process's own figures then (GC, stalls, the cgroup's throttling) are all there is to
    // judge it on; its thread's are the next task's and are left out.
    Reading returned = null;
    if (!read && hub.watch.last.atNanos == hub.watch.mark.atNanos) {
      returned = new Reading();
      returned.copyFrom(scratch);
      returned.cpuNanos = -1;
      returned.runQueueNanos = -1;
      returned.processCpuNanos = -1;
    }
    long start = hub.watch.seenAfterNanos + (hub.watch.seenAtNanos - hub.watch.seenAfterNanos) / 2;
    boolean suspended = Threads.isSuspended(hub.thread());
    boolean onMonitor = state != Thread.State.BLOCKED || Threads.blockedOnMonitor(thread);
    Episode episode =
        new Episode(
            Origin.run() + "-" + episodeCount.incrementAndGet(),
            hub,
            seq,
            start,
            now,
            thresholdNanos,
            new Sighting(
                task,
                List.of(stack),
                state,
                thread != null ? thread.threadId() : -1,
                suspended,
                onMonitor,
                noStack),
            returned);
    hub.watch.episode = episode;
    if (suspended && !reportDebuggerPauses) {
      monitor
          .reporter()
          .sayOnce(
              "debugger",
              "a debugger suspended "
                  + hub.name()
                  + "; unclog does not report threads stopped at breakpoints"
                  + " (UNCLOG_DEBUGGER=report does)");
    }
    String missing = probes.missing();
    if (missing != null) {
      monitor.reporter().sayOnce("accounting", missing);
    }
    offer(
        episode,
        event(
            BlockingEvent.Type.BLOCKED, hub, episode, now, now - start, episode.stack, List.of()));
  }

  /** Hands an event to the reporter, unless its episode is a debugger's pause kept quiet. */
  private void offer(Episode episode, BlockingEvent event) {
    if (!episode.suspended || reportDebuggerPauses) {
      monitor.reporter().offer(event);
    }
  }

  /**
   * Whose stack explains the blockage: the task itself when it is a thread (a virtual thread
   * mounted on a carrier hub: the carrier's own stack would stop at Continuation.run), else the
   * hub's thread.
   */
  private static Thread culpritThread(Hub hub, Object task) {
    return task instanceof Thread thread ? thread : hub.thread();
  }

  private void sample(Hub hub, Episode episode, long now) {
    Thread thread = culpritThread(hub, episode.task);
    if (thread == null) {
      return;
    }
    StackTraceElement[] stack = Threads.stackOf(thread);
    if (hub.switchSeqAcquire() == episode.seq) { // else it ended meanwhile: not its stack
      episode.addSample(List.of(stack), now);
    }
  }

  private void end(Hub hub, Episode episode, long now) {
    long end = hub.watch.lastSeenNanos + Math.max(0, now - hub.watch.lastSeenNanos) / 2;
    hub.watch.episode = null;
    // No stack at detection: the latest sample, if one was taken, stands in.
    offer(
        episode,
        event(
            BlockingEvent.Type.UNBLOCKED,
            hub,
            episode,
            now,
            end - episode.startNanos,
            episode.stack.isEmpty() ? episode.latestStack : episode.stack,
            episode.samples()));
  }

  /**
   * An event of {@code episode}, judged (see Causes) on the figures from its mark to the latest
   * sighting still inside its task, so that an unblocked event never counts the next task's CPU.
   */
  private BlockingEvent event(
      BlockingEvent.Type type,
      Hub hub,
      Episode episode,
      long now,
      long blockedNanos,
      List<StackTraceElement> stack,
      List<BlockingEvent.Sample> samples) {
    Instant time = Instant.now();
    Instant since = time.minusNanos(now - episode.startNanos);
    Reading last =
        episode.returned != null
            ? episode.returned
            : hub.watch.last != null ? hub.watch.last : episode.mark;
    Causes.Span span = Causes.Span.between(episode.mark, last);
    // The verdict weighs the part of the episode that was seen: up to its latest in-task
    // sighting. A monitor late to see the end would stretch it with time nobody measured.
    long seen = last.atNanos - episode.startNanos;
    long judged = seen > 0 ? Math.min(blockedNanos, seen) : blockedNanos;
    // At most the episode: a stall that ended before the task's estimated start is not its own.
    long gc = Math.min(judged, Math.max(0, last.gcNanos - episode.gcAtStartNanos));
    long stall = Math.min(judged, Math.max(0, last.stallNanos - episode.stallAtStartNanos));
    BlockingEvent.Cause cause =
        Causes.judge(
            new Causes.Inputs(
                judged,
                thresholdNanos,
                periodNanos,
                span,
                gc,
                stall,
                episode.suspended,
                episode.signs()));
    String fingerprint =
        cause == BlockingEvent.Cause.ON_CPU && episode.samplesTaken > 0
            ? Frames.sharedFingerprint(
                hub.kind(),
                hub.name(),
                episode.sampledStacks(),
                TaskNames.describeType(episode.task))
            : episode.fingerprint;
    Measures measures =
        new Measures(
            Duration.ofNanos(blockedNanos),
            cause,
            fingerprint,
            duration(span.cpu()),
            duration(span.runQueue()),
            duration(span.throttled()),
            Duration.ofNanos(gc),
            Duration.ofNanos(stall));
    return new BlockingEvent(type, episode, hub, time, since, stack, samples, measures);
  }

  private static Duration duration(long nanos) {
    return nanos >= 0 ? Duration.ofNanos(nanos) : null;
  }
}
