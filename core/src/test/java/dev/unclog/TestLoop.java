/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A minimal event loop on its own platform thread, registered as a hub: what users write. */
final class TestLoop implements AutoCloseable {
  private static final Runnable STOP = () -> {};

  private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final CompletableFuture<Hub> hub = new CompletableFuture<>();
  final Thread thread;

  TestLoop(Monitor monitor, String name) {
    thread =
        new Thread(
            () -> {
              Hub own = monitor.register(Thread.currentThread(), Hub.EVENT_LOOP);
              hub.complete(own);
              try {
                for (Runnable task = queue.take(); task != STOP; task = queue.take()) {
                  own.run(task);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
    thread.start();
  }

  Hub hub() {
    return hub.join();
  }

  /** A task to run and wait for; one that blocks in an interruptible call need not catch. */
  interface Task {
    void run() throws InterruptedException;
  }

  /**
   * Runs {@code task} on the loop and returns when it has run. An interrupt that stops it is kept
   * as the loop thread's status, which ends the loop.
   */
  void runAndWait(Task task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    queue.add(
        new Runnable() {
          @Override
          public void run() {
            try {
              task.run();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              done.complete(null);
            }
          }

          @Override
          public String toString() {
            return String.valueOf(task);
          }
        });
    done.orTimeout(60, TimeUnit.SECONDS).join();
  }

  void post(Runnable task) {
    queue.add(task);
  }

  @Override
  public void close() throws InterruptedException {
    queue.add(STOP);
    thread.join(10_000);
  }

  /** Keeps the CPU busy for {@code millis}, never leaving the task. */
  static long spin(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    long work = 0;
    while (System.nanoTime() < end) {
      work += Long.numberOfTrailingZeros(work + System.nanoTime());
    }
    return work;
  }
}
