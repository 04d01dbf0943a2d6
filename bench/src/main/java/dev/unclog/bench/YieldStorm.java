/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The cost of a virtual-thread switch, as a whole program: {@code 2 x cores} virtual threads each
 * call {@link Thread#yield()} {@code N} times, so every call is an unmount, a trip through the
 * scheduler and a mount of another virtual thread on the carrier. Prints one line, {@code
 * ns_per_yield=<value>}: the wall-clock time of the timed run divided by the number of yields in it
 * (all threads together, so with several carriers it is the machine's throughput, not one yield's
 * latency).
 *
 * <p>The JVM first does {@value #WARM_UP_RUNS} untimed runs of the same size, so that the
 * scheduler, the continuation code and, with an agent, the woven {@code
 * VirtualThread.runContinuation()} are compiled before the timed run (on 2 cores the first run is
 * still 30 to 50 % slower than the later ones, the second a little). Each run starts all threads
 * parked on a latch and times from the latch's release to the last thread's end.
 *
 * <p>The number varies by about 10 % from one JVM to the next with the same flags (the JIT's
 * choices, and how the scheduler's two carriers happen to share the work), so compare medians over
 * several JVMs, not single runs.
 *
 * <p>This is meant to be run once per JVM, with and without agents and flags, and compared: see
 * {@code bench/agent-cost.sh}, which does that in interleaved rounds. By hand:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.unclog.bench.YieldStorm [YIELDS_PER_THREAD [THREADS]]
 * java -javaagent:bench/target/empty-agent.jar -cp bench/target/benchmarks.jar dev.unclog.bench.YieldStorm
 * UNCLOG_PRINT_REPORTS=false java -javaagent:agent/target/unclog-agent.jar \
 *     -cp bench/target/benchmarks.jar dev.unclog.bench.YieldStorm
 * </pre>
 *
 * Defaults: {@value #DEFAULT_YIELDS} yields per thread, {@code 2 x availableProcessors()} threads.
 */
public final class YieldStorm {
  static final int DEFAULT_YIELDS = 1_500_000;
  static final int WARM_UP_RUNS = 2;

  private YieldStorm() {}

  public static void main(String[] args) throws InterruptedException {
    int yields = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_YIELDS;
    int threads =
        args.length > 1
            ? Integer.parseInt(args[1])
            : 2 * Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < WARM_UP_RUNS; i++) {
      run(threads, yields);
    }
    long nanos = run(threads, yields);
    double perYield = (double) nanos / ((long) threads * yields);
    System.out.printf("ns_per_yield=%.1f%n", perYield);
  }

  /** Runs {@code threads} virtual threads of {@code yields} yields each; returns the wall ns. */
  private static long run(int threads, int yields) throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>(threads);
    for (int i = 0; i < threads; i++) {
      started.add(
          Thread.ofVirtual()
              .name("yield-storm-" + i)
              .start(
                  () -> {
                    try {
                      go.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return;
                    }
                    for (int n = 0; n < yields; n++) {
                      Thread.yield();
                    }
                  }));
    }
    Thread.sleep(100); // let every thread reach the latch and park
    long start = System.nanoTime();
    go.countDown();
    for (Thread thread : started) {
      thread.join();
    }
    return System.nanoTime() - start;
  }
}
