/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.internal.SpawnSites;
import java.util.concurrent.Executor;

/** An executor whose every task is a switch on the hub of the worker that runs it. */
class WatchedExecutor implements Executor {
  final Monitor monitor;
  private final Executor delegate;

  WatchedExecutor(Executor delegate, Monitor monitor) {
    this.delegate = delegate;
    this.monitor = monitor;
  }

  @Override
  public void execute(Runnable command) {
    delegate.execute(wrap(command));
  }

  final <V> WatchedTask<V> wrap(Object task) {
    java.util.Objects.requireNonNull(task, "task");
    if (SpawnSites.enabled()) {
      SpawnSites.recordTask(task); // keyed by the user's task: that is what a report holds
    }
    return new WatchedTask<>(monitor, task);
  }

  @Override
  public String toString() {
    return "watched " + delegate;
  }
}
