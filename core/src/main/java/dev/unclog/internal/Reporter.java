/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import dev.unclog.BlockingEvent;
import dev.unclog.BlockingListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Delivers events to the sinks on a thread of its own, so that the monitor never waits for a
 * disk, a console or a listener. The queue is bounded: when the sinks fall behind by more than
 * {@value #CAPACITY} events, further events are dropped and the count is printed once the
 * sinks catch up. A sink that throws is named once on stderr and keeps being called.
 */
public final class Reporter implements Runnable {
  static final int CAPACITY = 4096;
  private static final long IDLE_PARK_NANOS = 100_000_000L;

  private final List<BlockingListener> sinks;
  private final PrintStream err;
  private final ConcurrentLinkedQueue<BlockingEvent> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();
  private volatile Thread thread;
  private volatile boolean closing;

  public Reporter(List<BlockingListener> sinks, PrintStream err) {
    this.sinks = List.copyOf(sinks);
    this.err = err;
  }

  /** Starts the reporter thread; called once, with the monitor thread. */
  public void start() {
    if (thread == null) {
      thread = Threads.startDaemon(this, "reporter");
    }
  }

  /** Queues an event without blocking; drops it if the queue is full. */
  public void offer(BlockingEvent event) {
    if (queued.incrementAndGet() > CAPACITY) {
      queued.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    queue.offer(event);
    LockSupport.unpark(thread);
  }

  /** Prints {@code unclog: <what> failed: <t>} the first time {@code what} fails. */
  public void failedOnce(String what, Throwable t) {
    if (failedOnce.add(what)) {
      say(what + " failed: " + t + " (reported once; detection goes on)");
    }
  }

  /** Prints one line on stderr, prefixed with {@code unclog: }; never throws. */
  public void say(String line) {
    try {
      err.println("unclog: " + line);
    } catch (Throwable ignored) {
      // stderr itself is broken: nothing left to tell
    }
  }

  @Override
  public void run() {
    while (true) {
      Thread.interrupted();
      BlockingEvent event = queue.poll();
      if (event == null) {
        if (closing) {
          closeFiles();
          return;
        }
        LockSupport.parkNanos(this, IDLE_PARK_NANOS);
        continue;
      }
      deliver(event);
      queued.decrementAndGet(); // after delivery, so that a drain waits for the write
    }
  }

  private void deliver(BlockingEvent event) {
    long lost = dropped.getAndSet(0);
    if (lost > 0) {
      say(lost + " events were dropped because the sinks fell behind");
    }
    for (BlockingListener sink : sinks) {
      try {
        sink.onEvent(event);
      } catch (Throwable t) {
        failedOnce("sink " + sink, t);
      }
    }
  }

  private void closeFiles() {
    for (BlockingListener sink : sinks) {
      if (sink instanceof JsonLinesSink file) {
        file.close();
      }
    }
  }

  /** Waits up to {@code timeout} for the queued events to be delivered, then stops. */
  public void close(Duration timeout) {
    awaitDrained(timeout.toNanos());
    closing = true;
    LockSupport.unpark(thread);
  }

  /** For a shutdown hook: gives the sinks a moment (200 ms at most) to write what was found. */
  public void drainBeforeExit() {
    awaitDrained(200_000_000L);
  }

  private void awaitDrained(long timeoutNanos) {
    if (thread == null) {
      return;
    }
    long deadline = System.nanoTime() + timeoutNanos;
    while (queued.get() > 0 && System.nanoTime() - deadline < 0 && thread.isAlive()) {
      LockSupport.unpark(thread);
      LockSupport.parkNanos(1_000_000L);
    }
  }
}
