/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.util.concurrent.Callable;

/**
 * A task of a watched executor: runs the user's Runnable or Callable between its worker hub's enter
 * and exit. The user's object is what a report names, never this wrapper.
 */
final class WatchedTask<V> implements Runnable, Callable<V> {
  private final Monitor monitor;
  private final Object task;

  WatchedTask(Monitor monitor, Object task) {
    this.monitor = monitor;
    this.task = task;
  }

  /* A watched task run inside another one on the same thread is part of it (Hub.run). */
  @Override
  public void run() {
    monitor.workerHubs.current().run((Runnable) task);
  }

  @Override
  @SuppressWarnings("unchecked")
  public V call() throws Exception {
    Hub hub = monitor.workerHubs.current();
    boolean entered = hub.enterOutermost(task);
    try {
      return ((Callable<V>) task).call();
    } finally {
      if (entered) {
        hub.exit();
      }
    }
  }

  /** The user's task, for executors that hand back tasks they did not run. */
  Object task() {
    return task;
  }

  @Override
  public String toString() {
    return String.valueOf(task);
  }
}
