/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.internal.Reporter;
import dev.unclog.internal.Threads;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A monitor's threads: the monitor thread and the reporter lanes, started on the first hub; the
 * heartbeat poster and the monitoring functions' runner, started on first use; all stopped once, by
 * {@link #close}.
 */
final class MonitorThreads {
  private final Object lock = new Object();
  private final Watchdog watchdog;
  private final Reporter reporter;
  /* Written once under the lock; read without it by start() and the monitor's flush. */
  private volatile Thread monitorThread;
  /* Written under the lock; read without it by register, which only needs a hint. */
  private volatile boolean closed;
  private Heartbeats heartbeats;
  private MonitoringFunctions functions;

  MonitorThreads(Watchdog watchdog, Reporter reporter) {
    this.watchdog = watchdog;
    this.reporter = reporter;
  }

  /** Starts the monitor thread and the reporter lanes unless they run or were stopped. */
  void start() {
    if (monitorThread != null) {
      return; // the common case, without the lock: hooks can come here inside a mount
    }
    synchronized (lock) {
      if (monitorThread == null && !closed) {
        reporter.start();
        monitorThread = Threads.startDaemon(watchdog, "monitor");
      }
    }
  }

  /** The monitor thread, or null before it started. */
  Thread monitorThread() {
    return monitorThread;
  }

  boolean closed() {
    return closed;
  }

  /** The heartbeat poster, started now if need be; null once closed. */
  Heartbeats heartbeats(Supplier<Heartbeats> create) {
    synchronized (lock) {
      if (!closed && heartbeats == null) {
        heartbeats = create.get();
        Threads.startDaemon(heartbeats, "heartbeat");
      }
      return closed ? null : heartbeats;
    }
  }

  /** The monitoring functions' runner, made now if need be; null once closed. */
  MonitoringFunctions functions() {
    synchronized (lock) {
      if (!closed && functions == null) {
        functions = new MonitoringFunctions(reporter);
      }
      return closed ? null : functions;
    }
  }

  /** Stops every thread, then waits up to {@code timeout} for queued events to be delivered. */
  void close(Duration timeout) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      watchdog.stop();
      if (heartbeats != null) {
        heartbeats.stop();
      }
      if (functions != null) {
        functions.stop();
      }
      if (monitorThread != null) {
        monitorThread.interrupt();
      }
    }
    reporter.close(timeout);
  }
}
