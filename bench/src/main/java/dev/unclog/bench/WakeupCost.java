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
 * ThreadMXBean}) per wake-up and as a percentage of one core. With {@code LINES}, each wake-up also
 * reads one word from each of that many objects of 128 bytes, each allocated by a thread of its own
 * that then stays parked, as {@link IdleMonitor}'s hubs are (an event loop or a carrier registers
 * itself, so its hub lies in that thread's allocation buffer, far from the others): the floor of a
 * scan that reads one cache line per idle hub, whatever else it does. Objects allocated one after
 * another by one thread would share pages and the hardware's prefetching, and cost nothing
 * measurable (2026-12-04: 66.7 against 69.0 us a wake-up).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.unclog.bench.WakeupCost [PERIOD_MS [SECONDS [LINES]]]
 * </pre>
 *
 * Defaults: 25 ms (the monitor's default period), 20 s, no lines.
 */
public final class WakeupCost {
  private WakeupCost() {}

  public static void main(String[] args) throws Exception {
    double periodMs = args.length > 0 ? Double.parseDouble(args[0]) : 25;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 20;
    long periodNanos = (long) (periodMs * 1e6);
    long[][] lines = new long[args.length > 2 ? Integer.parseInt(args[2]) : 0][];
    ParkedHubs allocators =
        ParkedHubs.startEach(
            lines.length,
            false,
            i -> {
              lines[i] = new long[14]; // with its header, 128 bytes
              return () -> {};
            });
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
                    long sum = 0;
                    for (long[] line : lines) {
                      sum += line[0];
                    }
                    wakeups.lazySet(wakeups.get() + 1 + sum); // sum is 0: it keeps the reads
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
        "period_ms=%.1f%nlines=%d%nwakeups=%d%nus_per_wakeup=%.3f%ncore_pct=%.4f%n",
        periodMs,
        lines.length,
        n,
        n > 0 ? (cpu1 - cpu0) / 1e3 / n : 0,
        100.0 * (cpu1 - cpu0) / (wall1 - wall0));
    allocators.close();
  }
}
