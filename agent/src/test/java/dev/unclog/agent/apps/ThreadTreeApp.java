/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps;

import dev.unclog.Monitor;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * For the Info tree: 3,000 virtual threads parked in a {@code newVirtualThreadPerTaskExecutor}, and
 * one more in it that spins on its carrier until its report is out; then a task of a watched
 * executor that sleeps 300 ms. Each is started or submitted from a method of its own, for "Spawned
 * at". The JDK's dump is no snapshot (it walks thread by thread, for a second or more here):
 * everything stays as it is until the report has been written.
 */
public final class ThreadTreeApp {
  static final int PARKED = 3000;
  static volatile long sink;
  static volatile boolean stop;

  private ThreadTreeApp() {}

  public static void main(String[] args) throws Exception {
    CountDownLatch started = new CountDownLatch(PARKED);
    CountDownLatch release = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      spawnParked(threads, started, release);
      started.await();
      CountDownLatch blocked = new CountDownLatch(1);
      Monitor.global().addListener(event -> blocked.countDown());
      java.util.concurrent.Future<?> culprit = spawnCulprit(threads);
      blocked.await();
      Monitor.global().flush(Duration.ofSeconds(30));
      stop = true;
      culprit.get();
      release.countDown();
    }
    ExecutorService watched = Monitor.global().watch(Executors.newSingleThreadExecutor());
    submitSleeper(watched).get();
    watched.shutdown();
    Monitor.global().flush(Duration.ofSeconds(30));
    System.out.println("done");
  }

  static void spawnParked(ExecutorService threads, CountDownLatch started, CountDownLatch release) {
    for (int i = 0; i < PARKED; i++) {
      threads.submit(() -> park(started, release));
    }
  }

  static Void park(CountDownLatch started, CountDownLatch release) throws InterruptedException {
    started.countDown();
    release.await();
    return null;
  }

  static java.util.concurrent.Future<?> spawnCulprit(ExecutorService threads) {
    return threads.submit(
        () -> {
          Thread.currentThread().setName("culprit");
          spin();
        });
  }

  static void spin() {
    while (!stop) {
      sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
    }
  }

  static java.util.concurrent.Future<?> submitSleeper(ExecutorService watched) {
    return watched.submit(
        () -> {
          try {
            Thread.sleep(300);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }
}
