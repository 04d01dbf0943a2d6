/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.examples;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import dev.unclog.Monitor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What unclog finds, in two parts. Run it with {@code ./unclog demo}, which loads the agent.
 *
 * <p>Part 1 is the first seed's example in Java: an event loop prints a dot every 200 ms; one task
 * on it makes a blocking call that takes 3 s, and the dots stop. unclog reports the blockage on
 * stderr while it happens, with the culprit's stack, and again when it ends, with its real
 * duration.
 *
 * <p>Part 2 needs the agent: a thousand virtual threads sleep and wake politely, and one computes
 * for 1.5 s without ever yielding, holding its carrier thread the whole time. No JDK tool reports
 * that; unclog does, with the virtual thread's own stack.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    System.out.println("Part 1: an event loop prints dots; one of its tasks blocks for 3 s.");
    ScheduledExecutorService loop =
        Monitor.global()
            .watch(
                Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "demo-loop")));
    loop.scheduleWithFixedDelay(() -> System.out.print("."), 0, 200, MILLISECONDS);
    loop.schedule(Demo::fetchSynchronously, 1000, MILLISECONDS).get();
    loop.schedule(() -> {}, 1000, MILLISECONDS).get(); // a few more dots after it
    loop.shutdown();
    System.out.printf("%nElapsed time: %.1f s%n%n", (System.nanoTime() - start) / 1e9);

    System.out.println("Part 2: 1000 virtual threads sleep and wake; one computes for 1.5 s.");
    if (!agentLoaded()) {
      System.out.println("(the agent is not loaded, so carriers are not watched: ./unclog demo)");
    }
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 1000; i++) {
        threads.submit(
            () -> {
              for (int nap = 0; nap < 20; nap++) {
                Thread.sleep(100); // unmounts: the carrier is free for others
              }
              return null;
            });
      }
      Thread.ofVirtual().name("number-cruncher").start(Demo::crunchNumbers).join();
    }
    System.out.println("Done.");
  }

  /** Stands in for a blocking call on the loop: a JDBC query, a file read, a lock. */
  static void fetchSynchronously() {
    try {
      Thread.sleep(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** CPU work on a virtual thread: it never parks, so it never gives its carrier back. */
  static void crunchNumbers() {
    long end = System.nanoTime() + 1_500_000_000L;
    long primes = 0;
    for (long n = 2; System.nanoTime() < end; n++) {
      if (isPrime(n)) {
        primes++;
      }
    }
    System.out.println("number-cruncher found " + primes + " primes");
  }

  private static boolean isPrime(long n) {
    for (long d = 2; d * d <= n; d++) {
      if (n % d == 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean agentLoaded() {
    try {
      Class.forName("java.util.function.UnclogHookSlots");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
