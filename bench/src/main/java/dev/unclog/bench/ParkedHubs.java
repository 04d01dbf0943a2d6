/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.bench;

import dev.unclog.Hub;
import dev.unclog.Monitor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Threads that each register themselves as a hub of a monitor and then stay parked, alive and idle,
 * until {@link #close()}: what the monitor sees of a program whose loops are all waiting. With
 * {@code inTask}, each enters a task (its hub's sequence number is odd) before parking: what the
 * monitor sees of loops that are all inside a task.
 *
 * <p>Owners are platform threads (as event loops and carriers are) or virtual threads. Platform
 * threads are limited by the kernel ({@code /proc/sys/kernel/pid_max}, 32768 on the machine of
 * BENCHMARKS.md), so 100,000 hubs need virtual owners; for the monitor the only difference is which
 * {@code Thread.isAlive()} it calls on each owner per scan.
 */
public final class ParkedHubs implements AutoCloseable {
  private final List<Thread> threads;
  private volatile boolean stop;

  private ParkedHubs(int count) {
    threads = new ArrayList<>(count);
  }

  /**
   * Starts {@code count} owner threads and returns once every one has registered (and, with {@code
   * inTask}, entered its task).
   */
  public static ParkedHubs start(Monitor monitor, int count, boolean virtual, boolean inTask)
      throws InterruptedException {
    return startEach(
        count,
        virtual,
        i -> {
          Hub hub = monitor.register(Thread.currentThread(), Hub.EVENT_LOOP);
          if (inTask) {
            hub.enter();
          }
          return inTask ? hub::exit : () -> {};
        });
  }

  /**
   * Starts {@code count} threads, each of which runs {@code first} with its index and then stays
   * parked until {@link #close()}, when it runs what {@code first} returned; returns once every one
   * has run {@code first}. Whatever a thread allocates in {@code first} lies in that thread's own
   * allocation buffer, as a hub registered by its loop does.
   */
  static ParkedHubs startEach(int count, boolean virtual, IntFunction<Runnable> first)
      throws InterruptedException {
    ParkedHubs parked = new ParkedHubs(count);
    CountDownLatch started = new CountDownLatch(count);
    Thread.Builder builder =
        virtual
            ? Thread.ofVirtual().name("parked-hub-", 0)
            : Thread.ofPlatform().name("parked-hub-", 0).daemon(true).stackSize(256 * 1024);
    for (int i = 0; i < count; i++) {
      int index = i;
      parked.threads.add(
          builder.start(
              () -> {
                Runnable last = first.apply(index);
                started.countDown();
                while (!parked.stop) {
                  LockSupport.park(parked);
                }
                last.run();
              }));
    }
    if (!started.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException(
          "only " + (count - started.getCount()) + " of " + count + " threads started");
    }
    return parked;
  }

  /** Lets the threads end (after leaving their task, if they are in one) and waits for them. */
  @Override
  public void close() throws InterruptedException {
    stop = true;
    for (Thread thread : threads) {
      LockSupport.unpark(thread);
    }
    for (Thread thread : threads) {
      thread.join(10_000);
    }
  }
}
