/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor under {@link IdleMonitor}: what a thread that does nothing but wake up every period
 * costs, as the monitor thread's loop does before it scans ({@code Thread.interrupted();
 * LockSupport.parkNanos(period)}). Reports that thread's CPU time (user and system, from the {@link
 * ThreadMXBean}) per wake-up and as a percentage of one core.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.unclog.bench.WakeupCost [PERIOD_MS [SECONDS]]
 * </pre>
 *
 * Defaults: 25 ms (the monitor's default period), 20 s.
 */
public final class WakeupCost {
  private WakeupCost() {}

  public static void main(String[] args) throws Exception {
    double periodMs = args.length > 0 ? Double.parseDouble(args[0]) : 25;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 20;
    long periodNanos = (long) (periodMs * 1e6);
    AtomicLong wakeups = new AtomicLong();
    Thread sleeper =
        Thread.ofPlatform()
            .daemon(true)
            .name("wakeup-cost")
            .start(
                () -> {
                  while (true) {
                    Thread.interrupted();
                    LockSupport.parkNanos(periodNanos);
                    wakeups.lazySet(wakeups.get() + 1);
                  }
                });
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Thread.sleep(2000);
    long wall0 = System.nanoTime();
    long cpu0 = threads.getThreadCpuTime(sleeper.threadId());
    long n0 = wakeups.get();
    Thread.sleep((long) (seconds * 1000));
    long wall1 = System.nanoTime();
    long cpu1 = threads.getThreadCpuTime(sleeper.threadId());
    long n = wakeups.get() - n0;
    System.out.printf(
        Locale.ROOT,
        "period_ms=%.1f%nwakeups=%d%nus_per_wakeup=%.3f%ncore_pct=%.4f%n",
        periodMs,
        n,
        n > 0 ? (cpu1 - cpu0) / 1e3 / n : 0,
        100.0 * (cpu1 - cpu0) / (wall1 - wall0));
  }
}
