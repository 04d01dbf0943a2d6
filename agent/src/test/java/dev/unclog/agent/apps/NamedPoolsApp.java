/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's pools, run with {@code UNCLOG_HUB_THREADS} naming the {@code orders-*} ones: 500 quick
 * tasks and a 700 ms sleep on a {@code ThreadPoolExecutor}, one on a {@code
 * ScheduledThreadPoolExecutor} and one on a {@code ForkJoinPool}, all named {@code orders-*}; one
 * on a {@code legacy-io-*} pool, which the pattern does not name; then a virtual thread that spins
 * on a carrier for 700 ms (the pattern names the carriers too, which must stay carriers).
 */
public final class NamedPoolsApp {
  private NamedPoolsApp() {}

  public static void main(String[] args) throws Exception {
    ExecutorService orders = Executors.newFixedThreadPool(2, named("orders-worker-"));
    List<Future<Integer>> quick = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      int n = i;
      quick.add(orders.submit(() -> n * 31));
    }
    for (Future<Integer> task : quick) {
      task.get();
    }
    orders.submit(Errands::checkStock).get();

    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(named("orders-timer-"));
    timer.schedule(Errands::reserveSeat, 10, TimeUnit.MILLISECONDS).get();

    AtomicInteger forked = new AtomicInteger();
    ForkJoinPool forkJoin =
        new ForkJoinPool(
            2,
            pool -> {
              ForkJoinWorkerThread worker =
                  ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
              worker.setName("orders-fj-" + forked.incrementAndGet());
              return worker;
            },
            null,
            false);
    CountDownLatch settled = new CountDownLatch(1); // not get(): the caller could run the task
    forkJoin.execute(
        () -> {
          Errands.settleInvoice();
          settled.countDown();
        });
    settled.await();

    ExecutorService legacy = Executors.newSingleThreadExecutor(named("legacy-io-"));
    legacy.submit(Errands::callTheLegacyService).get();

    Thread.ofVirtual().start(NamedPoolsApp::spinOnACarrier).join();

    for (ExecutorService pool : List.of(orders, timer, forkJoin, legacy)) {
      pool.shutdown();
    }
    System.out.println("named pools done");
  }

  static void spinOnACarrier() {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(700);
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> new Thread(task, prefix + count.incrementAndGet());
  }
}
