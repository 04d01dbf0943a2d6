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
 * Asserts that a block of code running in a virtual thread yields its carrier: the Java
 * counterpart of gevent's {@code assert_switches}.
 *
 * <pre>{@code
 * try (var scope = Switches.assertSwitches(Duration.ofMillis(100))) {
 *   handleRequest();   // must park, sleep, or do socket I/O at least every 100 ms
 * }                    // FailedToSwitchError here if it did not
 * }</pre>
 *
 * <p>A <em>switch</em> is the virtual thread unmounting from its carrier. The check is on the
 * largest run between switches (from entering the scope, or a mount, to the next unmount or
 * the end of the scope), not on the time since entry, so a loop of short sleeps over a long
 * total passes, and a long computation followed by one switch fails. For a virtual thread
 * every switch returns to the scheduler, so gevent's {@code hub_only} adds nothing here.
 *
 * <p>Switches are seen by the unclog agent's carrier hooks: without the agent, or on a
 * platform thread (which has no carrier to give back), {@code assertSwitches} throws
 * {@link IllegalStateException}. Scopes cost nothing while none is open; while one is, each
 * mount and unmount of every virtual thread looks it up in a concurrent map.
 */
public final class Switches {
  private Switches() {}

  /**
   * Opens a scope on the calling virtual thread: at close, it must have switched at least once
   * and never run longer than {@code maxBlockingTime} between switches.
   *
   * @throws IllegalStateException on a platform thread, without the agent, or when the thread
   *     already has an open scope
   */
  public static Scope assertSwitches(Duration maxBlockingTime) {
    Objects.requireNonNull(maxBlockingTime, "maxBlockingTime");
    Thread thread = Thread.currentThread();
    if (!thread.isVirtual()) {
      throw new IllegalStateException("assertSwitches watches a virtual thread giving up its"
          + " carrier; " + thread.getName() + " is a platform thread");
    }
    if (!VirtualThreadSwitches.observed()) {
      throw new IllegalStateException("assertSwitches needs the unclog agent, whose carrier"
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

  /**
   * An open assertion. Close it (try-with-resources) on the thread that opened it.
   */
  public static final class Scope implements AutoCloseable {
    private final Thread thread;
    private final long maxNanos;
    private final long openedNanos;
    /* Written on the carrier at each switch, read by the owner at close: the unmount that ends
       a run happens before the owner runs again (it must be mounted to close), so plain
       fields would do; volatile keeps the reasoning short and the cost is only in tests. */
    private volatile boolean started;
    private volatile long runStartNanos;
    private volatile long longestNanos;
    private volatile int switches;
    private volatile List<StackTraceElement> longestEndedAt = List.of();

    private final VirtualThreadSwitches.Listener listener = this::switched;

    Scope(Thread thread, long maxNanos) {
      this.thread = thread;
      this.maxNanos = maxNanos;
      this.openedNanos = System.nanoTime();
    }

    private void start() {
      runStartNanos = System.nanoTime();
      started = true;
    }

    private void switched(boolean mounted) {
      if (!started) {
        return; // the yield that opens the scope
      }
      long now = System.nanoTime();
      if (mounted) {
        runStartNanos = now;
        return;
      }
      switches++;
      endRun(now, true);
    }

    private void endRun(long now, boolean unmounted) {
      long run = now - runStartNanos;
      if (run > longestNanos) {
        longestNanos = run;
        if (run > maxNanos) {
          // unmounted, its stack is where the run ended and costs no handshake to take
          longestEndedAt = unmounted ? List.of(thread.getStackTrace())
              : List.of(new Throwable().getStackTrace());
        }
      }
    }

    /**
     * Ends the assertion.
     *
     * @throws FailedToSwitchError if the thread never switched, or ran longer than the
     *     maximum between switches
     */
    @Override
    public void close() {
      if (Thread.currentThread() != thread) {
        throw new IllegalStateException("close the scope on the thread that opened it");
      }
      VirtualThreadSwitches.stop(thread, listener);
      endRun(System.nanoTime(), false);
      long total = System.nanoTime() - openedNanos;
      if (switches == 0) {
        throw new FailedToSwitchError(thread + " never gave up its carrier in "
            + Durations.format(Duration.ofNanos(total)) + frames(longestEndedAt));
      }
      if (longestNanos > maxNanos) {
        throw new FailedToSwitchError(thread + " ran "
            + Durations.format(Duration.ofNanos(longestNanos)) + " without a switch (at most "
            + Durations.format(Duration.ofNanos(maxNanos)) + "; " + switches
            + (switches == 1 ? " switch in " : " switches in ")
            + Durations.format(Duration.ofNanos(total)) + "); the longest run ended at"
            + frames(longestEndedAt));
      }
    }

    private static String frames(List<StackTraceElement> stack) {
      StringBuilder text = new StringBuilder();
      for (StackTraceElement frame : stack) {
        text.append("\n    at ").append(frame);
      }
      return text.toString();
    }
  }
}
