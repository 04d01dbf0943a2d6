/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.internal.Threads;
import java.lang.ref.WeakReference;

/** The hubs of a monitor's watched executors' workers, one per worker thread, made on first use. */
final class WorkerHubs {
  private final Monitor monitor;
  /*
   * Weakly: the hub reaches the monitor and so this thread-local, and a value that reaches its
   * own key keeps both for as long as the thread lives, a pool's worker outliving any number of
   * monitors. A registered hub is held by the registry; an unwatched one is remade when
   * collected.
   */
  private final ThreadLocal<WeakReference<Hub>> current = new ThreadLocal<>();

  WorkerHubs(Monitor monitor) {
    this.monitor = monitor;
  }

  /**
   * The calling worker's hub, registering it on first use. A virtual worker, or one of unclog's own
   * threads, gets a hub that is never checked: a virtual thread that blocks releases its carrier,
   * so it blocks nobody else, and one hub per virtual thread would flood the registry.
   */
  Hub current() {
    WeakReference<Hub> cached = current.get();
    Hub hub = cached != null ? cached.get() : null;
    if (hub == null) {
      Thread thread = Thread.currentThread();
      hub =
          thread.isVirtual() || Threads.isUnclogThread(thread)
              ? new Hub(monitor, Hub.EXECUTOR, thread, null) // runs the task, watched by nobody
              : monitor.register(thread, Hub.EXECUTOR);
      current.set(new WeakReference<>(hub));
    }
    return hub;
  }
}
