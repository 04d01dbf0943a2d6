/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An executor service whose every task is a switch. Submission goes to the delegate's own methods,
 * so its futures, rejection policy and queueing behave exactly as before.
 */
class WatchedExecutorService extends WatchedExecutor implements ExecutorService {
  private final ExecutorService delegate;

  WatchedExecutorService(ExecutorService delegate, Monitor monitor) {
    super(delegate, monitor);
    this.delegate = delegate;
  }

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    return delegate.submit((Callable<T>) this.<T>wrap(task));
  }

  @Override
  public Future<?> submit(Runnable task) {
    return delegate.submit((Runnable) wrap(task));
  }

  @Override
  public <T> Future<T> submit(Runnable task, T result) {
    return delegate.submit((Runnable) wrap(task), result);
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    return delegate.invokeAll(wrapAll(tasks));
  }

  @Override
  public <T> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    return delegate.invokeAll(wrapAll(tasks), timeout, unit);
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    return delegate.invokeAny(wrapAll(tasks));
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return delegate.invokeAny(wrapAll(tasks), timeout, unit);
  }

  private <T> List<Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks) {
    List<Callable<T>> wrapped = new ArrayList<>(tasks.size());
    for (Callable<T> task : tasks) {
      wrapped.add(wrap(task));
    }
    return wrapped;
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  /** Shuts the delegate down and returns the user's tasks that never ran, unwrapped. */
  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> pending = delegate.shutdownNow();
    List<Runnable> unwrapped = new ArrayList<>(pending.size());
    for (Runnable runnable : pending) {
      unwrapped.add(
          runnable instanceof WatchedTask<?> watched && watched.task() instanceof Runnable task
              ? task
              : runnable);
    }
    return unwrapped;
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }
}
