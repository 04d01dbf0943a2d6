/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.internal.Durations;
import dev.unclog.internal.VirtualThreadSwitches;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Asserts that a block of code running in a virtual thread yields its carrier: the Java counterpart
 * of gevent's {@code assert_switches}.
 *
 * <pre>{@code
 * try (var scope = Switches.assertSwitches(Duration.ofMillis(100))) {
 *   handleRequest();   // must park, sleep, or do socket I/O at least every 100 ms
 * }                    // FailedToSwitchError here if it did not
 * }</pre>
 *
 * <p>A <em>switch</em> is the virtual thread unmounting from its carrier. The check is on the
 * largest run between switches (from entering the scope, or a mount, to the next unmount or the end
 * of the scope), not on the time since entry, so a loop of short sleeps over a long total passes,
 * and a long computation followed by one switch fails. For a virtual thread every switch returns to
 * the scheduler, so gevent's {@code hub_only} adds nothing here.
 *
 * <p>Switches are seen by the unclog agent's carrier hooks: without the agent, or on a platform
 * thread (which has no carrier to give back), {@code assertSwitches} throws {@link
 * IllegalStateException}. Scopes cost nothing while none is open; while one is, each mount and
 * unmount of every virtual thread looks it up in a concurrent map.
 */
public final class Switches {
  private Switches() {}

  /**
   * Opens a scope on the calling virtual thread: at close, it must have switched at least once and
   * never run longer than {@code maxBlockingTime} between switches.
   *
   * @throws IllegalStateException on a platform thread, without the agent, or when the thread
   *     already has an open scope
   */
  public static Scope assertSwitches(Duration maxBlockingTime) {
    Objects.requireNonNull(maxBlockingTime, "maxBlockingTime");
    Thread thread = Thread.currentThread();
    if (!thread.isVirtual()) {
      throw new IllegalStateException(
          "assertSwitches watches a virtual thread giving up its"
              + " carrier; "
              + thread.getName()
              + " is a platform thread");
    }
    if (!VirtualThreadSwitches.observed()) {
      throw new IllegalStateException(
          "assertSwitches needs the unclog agent, whose carrier"
              + " hooks see virtual threads switch: add -javaagent:unclog-agent.jar");
    }
    Scope scope = new Scope(thread, maxBlockingTime.toNanos());
    if (!VirtualThreadSwitches.listen(thread, scope.listener)) {
      throw new IllegalStateException(thread + " already has an open assertSwitches scope");
    }
    // The hooks note a thread's unmount only if its mount began with a scope open; this mount
    // began before. One yield ends it, so that every later unmount is seen. The run starts now.
    Thread.yield();
    scope.start();
    return scope;
  }

  /** An open assertion. Close it (try-with-resources) on the thread that opened it. */
  public static final class Scope implements AutoCloseable {
    /* How long close() spins for an unmount report still on its way (see below). */
    private static final long IN_FLIGHT_NANOS = 100_000_000L;

    private final Thread thread;
    private final long maxNanos;
    private final long openedNanos;
    private final Monitor monitor = Monitor.global();
    /*
     * Reports come from carrier threads, and not in order: an unmount is reported by the old
     * carrier's exit hook after the thread was handed back to the scheduler, so the next mount,
     * on another carrier, may be reported first. Each unmount report carries the time of its
     * own mount, so runs need no matching; mounts and unmounts are counted to know whether one
     * is still on its way. Guarded by this scope's lock; nothing is locked while no scope is
     * open anywhere. No stack is taken in the hooks (asking an unmounted virtual thread for its
     * stack from inside the scheduler's mount path makes it resubmit itself): the monitor's
     * own report of a run that long, if any, carries the stack taken while it ran.
     */
    private long startNanos;
    private long lastMountNanos;
    private int mounts;
    private int unmounts;
    private int switches;
    private long longestNanos;
    private long longestBeganNanos;
    private final List<BlockingEvent> episodes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final VirtualThreadSwitches.Listener listener =
        new VirtualThreadSwitches.Listener() {
          @Override
          public void mounted(long nanos) {
            synchronized (Scope.this) {
              mounts++;
              lastMountNanos = Math.max(lastMountNanos, nanos);
            }
          }

          @Override
          public void unmounted(long mountedNanos, long nanos) {
            synchronized (Scope.this) {
              unmounts++;
              if (nanos <= startNanos || startNanos == 0) {
                return; // the yield that opens the scope
              }
              switches++;
              run(Math.max(mountedNanos, startNanos), nanos);
            }
          }
        };
    private Registration watching;

    Scope(Thread thread, long maxNanos) {
      this.thread = thread;
      this.maxNanos = maxNanos;
      this.openedNanos = System.nanoTime();
    }

    private void start() {
      long threadId = thread.threadId();
      watching =
          monitor.addListener(
              event -> {
                if (event.threadId() == threadId
                    && event.type() != BlockingEvent.Type.STILL_BLOCKED) {
                  episodes.add(event);
                }
              });
      synchronized (this) {
        startNanos = System.nanoTime();
      }
    }

    /** Guarded by this: a run from {@code began} to {@code ended}. */
    private void run(long began, long ended) {
      if (ended - began > longestNanos) {
        longestNanos = ended - began;
        longestBeganNanos = began;
      }
    }

    /**
     * Ends the assertion.
     *
     * @throws FailedToSwitchError if the thread never switched, or ran longer than the maximum
     *     between switches
     */
    @Override
    public void close() {
      if (Thread.currentThread() != thread) {
        throw new IllegalStateException("close the scope on the thread that opened it");
      }
      // Mounted now, so mounts = unmounts + 1 once every report is in; more mounts means an
      // unmount report is on its way from a carrier finishing the hand-off: spin for it
      // (parking would switch again).
      long deadline = System.nanoTime() + IN_FLIGHT_NANOS;
      while (inFlight() && System.nanoTime() - deadline < 0) {
        Thread.onSpinWait();
      }
      VirtualThreadSwitches.stop(thread, listener);
      long now = System.nanoTime();
      long longest;
      long longestBegan;
      int switched;
      synchronized (this) {
        run(Math.max(lastMountNanos, startNanos), now); // the run in progress
        longest = longestNanos;
        longestBegan = longestBeganNanos;
        switched = switches;
      }
      String total = Durations.format(Duration.ofNanos(now - openedNanos));
      String failure = null;
      if (switched == 0) {
        failure = thread + " never gave up its carrier in " + total;
      } else if (longest > maxNanos) {
        failure =
            thread
                + " ran "
                + Durations.format(Duration.ofNanos(longest))
                + " without a switch (at most "
                + Durations.format(Duration.ofNanos(maxNanos))
                + "; "
                + switched
                + (switched == 1 ? " switch in " : " switches in ")
                + total
                + ")";
      }
      if (failure == null) {
        watching.close();
        return;
      }
      monitor.flush(Duration.ofSeconds(1)); // its report of that run, if it saw one
      watching.close();
      throw new FailedToSwitchError(failure + report(longestBegan));
    }

    private synchronized boolean inFlight() {
      return mounts > unmounts + 1;
    }

    /** The monitor's report of the longest run, with the stack it took during it, if any. */
    private String report(long longestBegan) {
      for (BlockingEvent event : episodes) {
        if (event.type() == BlockingEvent.Type.BLOCKED) {
          StringBuilder text =
              new StringBuilder("; unclog's report of it, the stack taken while" + " it ran:");
          for (StackTraceElement frame : event.stack()) {
            text.append("\n    at ").append(frame);
          }
          return text.toString();
        }
      }
      return "; no stack: the run was shorter than the monitor's threshold of "
          + Durations.format(monitor.maxBlockingTime())
          + " (lower UNCLOG_MAX_BLOCKING_TIME to have one taken)";
    }
  }
}
