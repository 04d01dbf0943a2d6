/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps.tinyloop;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A cooperative scheduler of an application's own, as a library in a fat jar would ship one: one
 * thread, {@code tiny-loop}, that runs each submitted task through {@link #runTask}. Nothing in it
 * knows unclog; {@link TinyLoopIntegration}, beside it in the same jar, tells the agent where it
 * switches.
 */
public final class TinyLoop implements AutoCloseable {
  private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  public TinyLoop() {
    thread = new Thread(this::loop, "tiny-loop");
    thread.start();
  }

  public void submit(Runnable task) {
    tasks.add(task);
  }

  private void loop() {
    while (!closed) {
      try {
        runTask(tasks.take());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /* The switch point: each task, on the loop's thread. */
  static void runTask(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      e.printStackTrace();
    }
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    thread.interrupt();
    thread.join();
  }
}
