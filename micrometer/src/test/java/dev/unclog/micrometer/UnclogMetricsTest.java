/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.Hub;
import dev.unclog.Monitor;
import dev.unclog.testing.Loops;
import dev.unclog.testing.Sleep;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The meters against a real monitor whose real threads really block. Threshold 100 ms, period 25
 * ms; each blocking task sleeps 300 ms, three times the threshold, so the timer can tell the real
 * duration from the threshold.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UnclogMetricsTest {
  /** Generous: other engineers run benchmarks on this 2-core machine. */
  static final Duration DEADLINE = Duration.ofSeconds(30);

  final Monitor monitor =
      Monitor.builder()
          .maxBlockingTime(Duration.ofMillis(100))
          .period(Duration.ofMillis(25))
          .printTo(null)
          .build();
  /* Looks for hubs every 100 ms rather than 5 s, so tests of discovery are quick. */
  final UnclogMetrics metrics = new UnclogMetrics(monitor, Duration.ofMillis(100));
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final List<ExecutorService> executors = new ArrayList<>();

  @AfterEach
  void close() {
    metrics.close();
    executors.forEach(ExecutorService::shutdownNow);
    monitor.close();
  }

  @Test
  void episode_isCountedOnce_andTimedWithItsRealDuration() throws Exception {
    metrics.bindTo(registry);

    block300ms(watchedExecutor("blocker"));

    Counter episodes =
        registry.get("unclog.episodes").tags("kind", "executor", "cause", "waiting").counter();
    assertEquals(1.0, episodes.count());
    assertEquals(1, registry.find("unclog.episodes").counters().size(), "one kind and cause");
    Timer blocked =
        registry.get("unclog.blocked").tags("kind", "executor", "cause", "waiting").timer();
    assertEquals(1, blocked.count());
    double maxMs = blocked.max(TimeUnit.MILLISECONDS);
    assertTrue(maxMs >= 250 && maxMs <= 600, "max " + maxMs + " ms, not the 100 ms threshold");
    assertEquals(maxMs, blocked.totalTime(TimeUnit.MILLISECONDS), 0.001);
  }

  @Test
  void bindingTheSameRegistryTwice_countsOnce() throws Exception {
    metrics.bindTo(registry);
    metrics.bindTo(registry);

    block300ms(watchedExecutor("blocker"));

    assertEquals(1.0, registry.get("unclog.episodes").counter().count());
  }

  @Test
  void everyBoundRegistry_getsTheEpisode() throws Exception {
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    metrics.bindTo(registry);
    metrics.bindTo(other);

    block300ms(watchedExecutor("blocker"));

    assertEquals(1.0, registry.get("unclog.episodes").counter().count());
    assertEquals(1.0, other.get("unclog.episodes").counter().count());
  }

  @Test
  void loopLag_risesWhileTheExecutorStalls_andFallsToZeroAfter() {
    ExecutorService plain = plainExecutor("plain");
    monitor.heartbeat(plain, "probed");
    metrics.bindTo(registry);
    TimeGauge lag =
        registry.get("unclog.loop.lag").tags("hub", "probed", "kind", "executor").timeGauge();

    CountDownLatch release = new CountDownLatch(1);
    plain.execute(() -> hold(release));
    await("lag above 0.2 s", () -> lag.value(TimeUnit.SECONDS) > 0.2);
    release.countDown();
    await("lag back to 0", () -> lag.value(TimeUnit.SECONDS) == 0);
  }

  @Test
  void lagGauges_followHubsAsTheyComeAndGo() {
    metrics.bindTo(registry);
    assertNull(lagGauge("late"));

    Hub late = monitor.heartbeat(plainExecutor("plain"), "late");
    TimeGauge gauge = awaitNonNull("a gauge for the new hub", () -> lagGauge("late"));
    assertEquals(0.0, gauge.value(TimeUnit.SECONDS), 1.0);

    late.close();
    await("the gauge removed", () -> lagGauge("late") == null);
  }

  @Test
  void twoHubsWithOneName_shareOneSeries_whichFollowsTheHubThatStays() {
    Hub first = monitor.heartbeat(plainExecutor("plain-1"), "twin");
    ExecutorService stays = plainExecutor("plain-2");
    Hub second = monitor.heartbeat(stays, "twin");
    metrics.bindTo(registry);
    assertEquals(1, registry.find("unclog.loop.lag").tag("hub", "twin").timeGauges().size());

    first.close();
    // Whichever hub the series had, it must now show the second one stalling.
    CountDownLatch release = new CountDownLatch(1);
    stays.execute(() -> hold(release));
    await(
        "the second hub's stall",
        () -> {
          TimeGauge gauge = lagGauge("twin");
          return gauge != null && gauge.value(TimeUnit.SECONDS) > 0.2;
        });
    release.countDown();

    second.close();
    await("the series gone", () -> lagGauge("twin") == null);
  }

  @Test
  void hubsGauge_countsTheWatchedHubs() {
    metrics.bindTo(registry);
    Gauge hubs = registry.get("unclog.hubs").gauge();
    assertEquals(0.0, hubs.value());

    Hub a = monitor.heartbeat(plainExecutor("plain-a"), "a");
    monitor.heartbeat(plainExecutor("plain-b"), "b");
    assertEquals(2.0, hubs.value());
    a.close();
    assertEquals(1.0, hubs.value());
  }

  @Test
  void prometheusScrape_showsEpisodesRealDurationAndLag() throws Exception {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    metrics.bindTo(prometheus);
    monitor.heartbeat(plainExecutor("plain"), "probed");
    awaitNonNull(
        "the probed hub's gauge",
        () -> prometheus.find("unclog.loop.lag").tag("hub", "probed").timeGauge());

    block300ms(watchedExecutor("blocker"));
    String scrape = prometheus.scrape();

    assertTrue(
        scrape.contains("\nunclog_episodes_total{cause=\"waiting\",kind=\"executor\"} 1.0\n"),
        scrape);
    double max = value(scrape, "unclog_blocked_seconds_max{cause=\"waiting\",kind=\"executor\"}");
    assertTrue(max >= 0.25 && max <= 0.6, "max " + max + " s, not the 0.1 s threshold");
    assertEquals(
        1.0, value(scrape, "unclog_blocked_seconds_count{cause=\"waiting\",kind=\"executor\"}"));
    assertEquals(
        1.0,
        value(
            scrape,
            "unclog_blocked_seconds_bucket{cause=\"waiting\",kind=\"executor\",le=\"+Inf\"}"));
    assertEquals(
        0.0, value(scrape, "unclog_loop_lag_seconds{hub=\"probed\",kind=\"executor\"}"), 0.1);
    assertEquals(2.0, value(scrape, "unclog_hubs"), "the probed hub and the blocker's worker");
  }

  @Test
  void close_stopsTheDiscoveryThread_theListenerAndTheLagGauges() throws Exception {
    ExecutorService blocker = watchedExecutor("blocker");
    metrics.bindTo(registry);
    await("the discovery thread", () -> discoveryThreads() == 1);
    blocker.submit(() -> {}).get();
    awaitNonNull("the worker's gauge", () -> lagGauge("blocker"));

    metrics.close();

    await("no discovery thread", () -> discoveryThreads() == 0);
    assertNull(lagGauge("blocker"));
    block300ms(blocker);
    assertNull(registry.find("unclog.episodes").counter(), "no listener after close");
    assertThrows(IllegalStateException.class, () -> metrics.bindTo(registry));
  }

  @Test
  void global_bindsTheGlobalMonitor() {
    try (UnclogMetrics global = UnclogMetrics.global()) {
      global.bindTo(registry);
      assertEquals(Monitor.global().hubs().size(), registry.get("unclog.hubs").gauge().value());
    }
  }

  /* ---- helpers ---- */

  /** Runs a 300 ms sleep on {@code executor} and waits until the monitor delivered its events. */
  void block300ms(ExecutorService executor) throws Exception {
    executor.submit(() -> Sleep.millis(300)).get();
    monitor.flush(Duration.ofSeconds(5));
  }

  ExecutorService watchedExecutor(String threadName) {
    ExecutorService plain = plainExecutor(threadName);
    return monitor.watch(plain);
  }

  ExecutorService plainExecutor(String threadName) {
    ExecutorService executor = Loops.daemon(threadName);
    executors.add(executor);
    return executor;
  }

  TimeGauge lagGauge(String hub) {
    return registry.find("unclog.loop.lag").tag("hub", hub).timeGauge();
  }

  static long discoveryThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("unclog-metrics"))
        .count();
  }

  /** The value of the scrape line that starts with {@code series} and a space. */
  static double value(String scrape, String series) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new AssertionError("no " + series + " in\n" + scrape);
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting for " + what);
      }
      LockSupport.parkNanos(5_000_000L);
    }
  }

  static <T> T awaitNonNull(String what, Supplier<T> value) {
    Object[] found = new Object[1];
    await(what, () -> (found[0] = value.get()) != null);
    @SuppressWarnings("unchecked")
    T result = (T) found[0];
    return result;
  }

  /**
   * Holds the calling executor thread until released, or until the test's cleanup interrupts it.
   */
  static void hold(CountDownLatch release) {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
