/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.bench.NanosPerOperation;
import dev.unclog.bench.ParkedHubs;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The monitor's cost per scan: one call of the monitor thread's {@code scan} over {@code hubs}
 * hubs, in nanoseconds per scan (divide by {@code hubs} for the cost per hub per scan; {@code
 * bench/run.sh scan} does, and fits a line through the three sizes).
 *
 * <p>The hubs belong to threads that register themselves with a monitor of this benchmark's own and
 * then stay parked ({@link ParkedHubs}):
 *
 * <ul>
 *   <li>{@code state=idle}: each hub is back in its loop (even sequence number), the state of an
 *       idle program, and the cheapest path of the scan: read the sequence, check that the owner is
 *       alive, compare;
 *   <li>{@code state=inTask}: each hub has entered a task and not left it (odd sequence). Each scan
 *       then also counts the time the task has been watched, which takes one {@code
 *       System.nanoTime()} per hub. The threshold is set to an hour so that no task is ever
 *       reported: the path measured is that of a task not (yet) over the threshold.
 * </ul>
 *
 * {@code owner=virtual} (the default) makes the owners virtual threads, so that 100,000 hubs fit in
 * one JVM (the kernel limits platform threads; see {@link ParkedHubs}); {@code -p owner=platform}
 * makes them platform threads, as real event loops and carriers are, for sizes up to a few
 * thousand.
 *
 * <p>The scan is {@code Watchdog.scan(long)}, private to core: it is called through a method handle
 * from {@link MethodHandles#privateLookupIn}, which the class path allows (everything on it is one
 * unnamed module, open to itself); nothing in core is changed. The handle is a constant, so the JIT
 * compiles it into a direct call. The monitor's own thread is stopped ({@link Monitor#close()})
 * before the first scan, so that this benchmark's thread is the only one that scans, as the monitor
 * thread is in production, and the per-hub bookkeeping keeps a single writer.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar ScanBenchmark
 * java -jar bench/target/benchmarks.jar ScanBenchmark -p hubs=1000 -p owner=platform
 * </pre>
 */
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
public class ScanBenchmark extends NanosPerOperation {
  private static final MethodHandle WATCHDOG;
  private static final MethodHandle SCAN;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      WATCHDOG =
          MethodHandles.privateLookupIn(Monitor.class, lookup)
              .findGetter(Monitor.class, "watchdog", Watchdog.class);
      SCAN =
          MethodHandles.privateLookupIn(Watchdog.class, lookup)
              .findVirtual(Watchdog.class, "scan", MethodType.methodType(void.class, long.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The hubs and the monitor whose scan is measured. */
  @State(Scope.Benchmark)
  public static class Hubs {
    /** How many hubs the monitor watches. */
    @Param({"10", "1000", "100000"})
    public int hubs;

    /** {@code idle}: every hub between tasks; {@code inTask}: every hub inside a task. */
    @Param({"idle", "inTask"})
    public String state;

    /** Whether the hubs' threads are {@code virtual} or {@code platform} threads. */
    @Param({"virtual"})
    public String owner;

    Monitor monitor;
    Watchdog watchdog;
    ParkedHubs parked;

    @Setup(Level.Trial)
    public void setUp() throws Throwable {
      boolean inTask =
          switch (state) {
            case "idle" -> false;
            case "inTask" -> true;
            default -> throw new IllegalArgumentException("state=" + state);
          };
      boolean virtual =
          switch (owner) {
            case "virtual" -> true;
            case "platform" -> false;
            default -> throw new IllegalArgumentException("owner=" + owner);
          };
      // An hour: no task is reported, whatever the state (and the period, a quarter of it,
      // keeps the monitor thread parked until it is stopped below).
      monitor = Monitor.builder().printTo(null).maxBlockingTime(Duration.ofHours(1)).build();
      parked = ParkedHubs.start(monitor, hubs, virtual, inTask);
      monitor.close(); // stops the monitor thread; the hubs stay registered
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        if (thread.getName().equals("unclog-monitor")) {
          thread.join(10_000);
          if (thread.isAlive()) {
            throw new IllegalStateException("the monitor thread did not stop");
          }
        }
      }
      watchdog = (Watchdog) WATCHDOG.invokeExact(monitor);
      if (monitor.hubCount() != hubs) {
        throw new IllegalStateException(monitor.hubCount() + " hubs registered, not " + hubs);
      }
      SCAN.invokeExact(watchdog, System.nanoTime()); // first sight of every hub: a slower path
      int odd = 0;
      for (Hub hub : monitor.hubs()) {
        odd += (int) (hub.switchSeqAcquire() & 1L);
      }
      if (odd != (inTask ? hubs : 0)) {
        throw new IllegalStateException(odd + " of " + hubs + " hubs are in a task");
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
      for (Hub hub : monitor.hubs()) {
        if (hub.watch.episode != null) {
          throw new IllegalStateException(
              "an episode began: the measured path was not the " + "steady one");
        }
      }
      parked.close();
    }
  }

  /** One scan of all hubs, as the monitor thread makes every period. */
  @Benchmark
  public void scan(Hubs hubs) throws Throwable {
    SCAN.invokeExact(hubs.watchdog, System.nanoTime());
  }
}
