/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/*
 * Posts heartbeat probes for the monitor's heartbeat hubs, on a thread of its own because
 * Executor.execute is application code: it may block (a full bounded queue) or run the task in
 * place (a caller-runs policy), and the monitor thread must do neither.
 *
 * Protocol, per hub: the poster posts only when switchSeq is even (the last probe ran); it calls
 * hub.enter (switchSeq becomes odd) and then execute(probe). The executor's hand-off orders
 * that before the probe's run, which calls hub.exit (even again). So one thread writes
 * switchSeq at a time, as the hub's single-writer rule requires, and the monitor sees an odd
 * value for exactly as long as a probe waits in, or is held up by, the executor.
 */
final class Heartbeats implements Runnable {
  private final Monitor monitor;
  private final ConcurrentHashMap<Hub, Probe> probes = new ConcurrentHashMap<>();
  private volatile boolean stopped;

  Heartbeats(Monitor monitor) {
    this.monitor = monitor;
  }

  void add(Hub hub, Executor executor) {
    probes.put(hub, new Probe(hub, executor));
  }

  void stop() {
    stopped = true;
  }

  @Override
  public void run() {
    long periodNanos = monitor.period().toNanos();
    while (!stopped) {
      Thread.interrupted();
      try {
        for (Probe probe : probes.values()) {
          probe.post();
        }
      } catch (Throwable t) { // out of memory, say: the next round allocates again
        monitor.reporter().failedOnce("heartbeats", t);
      }
      LockSupport.parkNanos(this, periodNanos);
    }
  }

  /** The no-op task posted on the executor; one per hub, reused, so probing allocates nothing. */
  private final class Probe implements Runnable {
    private final Hub hub;
    private final Executor executor;
    /* Built now: a failure to post may be the heap running out. */
    private final String failure;

    Probe(Hub hub, Executor executor) {
      this.hub = hub;
      this.executor = executor;
      this.failure = "heartbeat for " + hub.name();
    }

    void post() {
      if (!monitor.isWatched(hub)) {
        probes.remove(hub);
        return;
      }
      if ((hub.switchSeqAcquire() & 1L) != 0) {
        if (executor instanceof ExecutorService service && service.isShutdown()) {
          hub.close(); // shut down with the probe still queued (shutdownNow): it will never run
        }
        return; // the last probe has not run yet
      }
      hub.enter(null);
      try {
        executor.execute(this);
      } catch (RejectedExecutionException e) {
        hub.exit();
        hub.close(); // shut down: nothing left to watch
      } catch (Throwable t) {
        hub.exit();
        hub.close();
        monitor.reporter().failedOnce(failure, t);
      }
    }

    @Override
    public void run() {
      hub.beatRunner = Thread.currentThread();
      hub.exit();
    }

    @Override
    public String toString() {
      return "unclog heartbeat probe for " + hub.name();
    }
  }
}
