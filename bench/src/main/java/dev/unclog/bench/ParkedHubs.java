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
    ParkedHubs parked = new ParkedHubs(count);
    CountDownLatch registered = new CountDownLatch(count);
    Runnable body =
        () -> {
          Hub hub = monitor.register(Thread.currentThread(), Hub.EVENT_LOOP);
          if (inTask) {
            hub.enter();
          }
          registered.countDown();
          while (!parked.stop) {
            LockSupport.park(parked);
          }
          if (inTask) {
            hub.exit();
          }
        };
    Thread.Builder builder =
        virtual
            ? Thread.ofVirtual().name("parked-hub-", 0)
            : Thread.ofPlatform().name("parked-hub-", 0).daemon(true).stackSize(256 * 1024);
    for (int i = 0; i < count; i++) {
      parked.threads.add(builder.start(body));
    }
    if (!registered.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException(
          "only " + (count - registered.getCount()) + " of " + count + " hub threads registered");
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
