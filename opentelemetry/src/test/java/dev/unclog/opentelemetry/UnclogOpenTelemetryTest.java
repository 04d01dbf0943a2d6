/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.BlockingEvent;
import dev.unclog.Monitor;
import dev.unclog.Registration;
import dev.unclog.testing.Loops;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Episodes of a real monitor, whose real executor thread really sleeps, exported by the real SDK
 * over OTLP/HTTP to a receiver on loopback that decodes what arrives. Threshold 100 ms, period 25
 * ms; each blocking task sleeps 400 ms, four times the threshold, so the duration exported is
 * plainly the measured one and not the threshold.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UnclogOpenTelemetryTest {
  /** Generous: other engineers run benchmarks on this 2-core machine. */
  static final Duration DEADLINE = Duration.ofSeconds(30);

  static final long BLOCK_MILLIS = 400;

  final Monitor monitor =
      Monitor.builder()
          .maxBlockingTime(Duration.ofMillis(100))
          .period(Duration.ofMillis(25))
          .printTo(null)
          .jfr(false)
          .build();
  final List<ExecutorService> executors = new ArrayList<>();
  final List<AutoCloseable> closing = new ArrayList<>();
  OtlpReceiver receiver;
  Sdk sdk;

  /* Where the blocking task slept, as the culprit frame should say. */
  static volatile int sleepLine;
  static volatile long sleepingThread;

  @BeforeEach
  void start() throws Exception {
    receiver = new OtlpReceiver();
    sdk = Sdk.exportingTo(receiver);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
    executors.forEach(ExecutorService::shutdownNow);
    monitor.close();
    sdk.close();
    receiver.close();
  }

  @Test
  void anEpisode_arrivesAsLogRecords_withItsAttributesAndOrigin() throws Exception {
    keep(UnclogOpenTelemetry.bind(sdk.sdk, monitor));

    String episode = block(watchedExecutor("blocker"));
    sdk.flushLogs();

    List<OtlpReceiver.Log> records = receiver.episode(episode);
    OtlpReceiver.Log blocked = records.getFirst();
    OtlpReceiver.Log unblocked = records.getLast();
    assertEquals("unclog.blocked", blocked.record().getEventName());
    assertEquals(SeverityNumber.SEVERITY_NUMBER_WARN, blocked.record().getSeverityNumber());
    assertEquals("WARN", blocked.record().getSeverityText());
    assertEquals("unclog.unblocked", unblocked.record().getEventName());
    assertEquals(SeverityNumber.SEVERITY_NUMBER_INFO, unblocked.record().getSeverityNumber());
    for (OtlpReceiver.Log middle : records.subList(1, records.size() - 1)) {
      assertEquals("unclog.still_blocked", middle.record().getEventName());
      assertEquals(SeverityNumber.SEVERITY_NUMBER_WARN, middle.record().getSeverityNumber());
    }

    Map<String, AnyValue> a = unblocked.attributes();
    assertEquals("blocker", a.get("unclog.hub").getStringValue());
    assertEquals("executor", a.get("unclog.hub.kind").getStringValue());
    assertEquals("waiting", a.get("unclog.cause").getStringValue());
    double seconds = a.get("unclog.blocked.duration").getDoubleValue();
    assertTrue(seconds >= 0.25 && seconds < 10, seconds + " s, not the 0.1 s threshold");
    assertEquals(0.1, a.get("unclog.threshold").getDoubleValue(), 1e-9);
    assertTrue(a.get("unclog.fingerprint").getStringValue().matches("[0-9a-f]{16}"), a.toString());
    assertEquals(
        blocked.string("unclog.fingerprint"), unblocked.string("unclog.fingerprint"), "one place");
    assertEquals(sleepingThread, a.get("thread.id").getIntValue());

    // the culprit: the innermost frame outside the JDK, the test's own sleep
    assertEquals(
        UnclogOpenTelemetryTest.class.getName() + ".sleep",
        a.get("code.function.name").getStringValue());
    assertEquals("UnclogOpenTelemetryTest.java", a.get("code.file.path").getStringValue());
    assertEquals(sleepLine, a.get("code.line.number").getIntValue());
    String stack = a.get("code.stacktrace").getStringValue();
    assertTrue(stack.startsWith("at java.base/java.lang.Thread.sleep"), stack);
    assertTrue(
        stack.contains(
            "\nat "
                + UnclogOpenTelemetryTest.class.getName()
                + ".sleep(UnclogOpenTelemetryTest.java:"
                + sleepLine
                + ")"),
        stack);
    assertFalse(a.containsKey("unclog.stack.frames_cut"), "a short stack is whole");

    // where it came from, on every record, with the JSON lines' values
    for (OtlpReceiver.Log record : records) {
      Map<String, AnyValue> origin = record.attributes();
      assertEquals(dev.unclog.internal.Origin.host(), origin.get("host.name").getStringValue());
      assertEquals(ProcessHandle.current().pid(), origin.get("process.pid").getIntValue());
      String run = origin.get("unclog.run").getStringValue();
      assertTrue(run.matches("[0-9a-f]{12}"), run);
      assertTrue(episode.startsWith(run + "-"), episode);
      assertEquals(episode, record.string("unclog.episode.id"));
      assertEquals(Sdk.SERVICE, resource(record, "service.name"), "the SDK's resource");
      assertEquals("dev.unclog", record.scope().getName());
      assertEquals(System.getProperty("unclog.expectedVersion"), record.scope().getVersion());
      assertEquals("https://opentelemetry.io/schemas/1.44.0", record.schemaUrl());
      assertTrue(record.record().getTimeUnixNano() > 0);
    }

    // the body: one line with what ran, where, how long, why, which episode, and the culprit
    String body = unblocked.record().getBody().getStringValue();
    assertTrue(body.contains(" blocked hub blocker (executor) for "), body);
    assertTrue(body.contains(" ms, waiting, episode " + episode + ", at "), body);
    assertTrue(body.endsWith("(UnclogOpenTelemetryTest.java:" + sleepLine + ")"), body);
    assertTrue(
        blocked.record().getBody().getStringValue().contains(" is blocking hub blocker"),
        blocked.record().getBody().getStringValue());
    assertTrue(receiver.contentTypes().contains("application/x-protobuf"), "OTLP/HTTP protobuf");
  }

  @Test
  void anEpisode_isTimedInTheHistogram_andCountedByKindAndCause() throws Exception {
    keep(UnclogOpenTelemetry.bind(sdk.sdk, monitor));

    block(watchedExecutor("blocker"));
    sdk.flushMetrics();

    OtlpReceiver.Received duration = receiver.latestMetric("unclog.blocking.duration");
    assertNotNull(duration, "no histogram");
    assertEquals("s", duration.metric().getUnit());
    assertEquals("dev.unclog", duration.scope().getName());
    assertEquals("https://opentelemetry.io/schemas/1.44.0", duration.schemaUrl());
    HistogramDataPoint point = duration.metric().getHistogram().getDataPoints(0);
    assertEquals(1, duration.metric().getHistogram().getDataPointsCount());
    assertEquals(
        Map.of("unclog.hub.kind", "executor", "unclog.cause", "waiting"),
        OtlpReceiver.strings(point.getAttributesList()));
    assertEquals(1, point.getCount());
    assertTrue(point.getSum() >= 0.25 && point.getSum() < 10, point.getSum() + " s");
    assertEquals(UnclogOpenTelemetry.BUCKETS, point.getExplicitBoundsList());
    assertEquals(
        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
        duration.metric().getHistogram().getAggregationTemporality());

    Metric episodes = receiver.latestMetric("unclog.episodes").metric();
    assertEquals("{episode}", episodes.getUnit());
    assertTrue(episodes.getSum().getIsMonotonic());
    NumberDataPoint count = episodes.getSum().getDataPoints(0);
    assertEquals(1, episodes.getSum().getDataPointsCount());
    assertEquals(1, count.getAsInt());
    assertEquals(
        Map.of("unclog.hub.kind", "executor", "unclog.cause", "waiting"),
        OtlpReceiver.strings(count.getAttributesList()));

    block(watchedExecutor("blocker-2"));
    sdk.flushMetrics();
    assertEquals(
        2, receiver.latestMetric("unclog.episodes").metric().getSum().getDataPoints(0).getAsInt());
    assertEquals(
        2,
        receiver
            .latestMetric("unclog.blocking.duration")
            .metric()
            .getHistogram()
            .getDataPoints(0)
            .getCount());
  }

  @Test
  void loopLag_risesWhileTheExecutorStalls_andTheHubsAreCounted() throws Exception {
    ExecutorService plain = plainExecutor("plain");
    monitor.heartbeat(plain, "probed");
    keep(UnclogOpenTelemetry.bind(sdk.sdk, monitor));

    CountDownLatch release = new CountDownLatch(1);
    plain.execute(() -> hold(release));
    await(
        "lag above 0.2 s",
        () -> {
          sdk.flushMetrics();
          Double lag = lag("probed");
          return lag != null && lag > 0.2;
        });
    Metric lag = receiver.latestMetric("unclog.loop.lag").metric();
    assertEquals("s", lag.getUnit());
    assertEquals(
        Map.of("unclog.hub", "probed", "unclog.hub.kind", "executor"),
        OtlpReceiver.strings(lag.getGauge().getDataPoints(0).getAttributesList()));
    release.countDown();
    await(
        "lag back to 0",
        () -> {
          sdk.flushMetrics();
          Double value = lag("probed");
          return value != null && value == 0.0;
        });

    Metric hubs = receiver.latestMetric("unclog.hub.count").metric();
    assertEquals("{hub}", hubs.getUnit());
    assertFalse(hubs.getSum().getIsMonotonic());
    assertEquals(1, hubs.getSum().getDataPointsCount());
    assertEquals(1, hubs.getSum().getDataPoints(0).getAsInt());
    assertEquals(
        Map.of("unclog.hub.kind", "executor"),
        OtlpReceiver.strings(hubs.getSum().getDataPoints(0).getAttributesList()));
  }

  @Test
  void lagSeries_areCapped_keepingTheHubsThatLagMost() throws Exception {
    ExecutorService idle = plainExecutor("idle");
    int many = UnclogOpenTelemetry.MAX_LAG_SERIES + 50;
    for (int i = 0; i < many; i++) {
      monitor.heartbeat(idle, "idle-" + i);
    }
    ExecutorService stalled = plainExecutor("stalled");
    monitor.heartbeat(stalled, "stalled");
    keep(UnclogOpenTelemetry.bind(sdk.sdk, monitor));
    CountDownLatch release = new CountDownLatch(1);
    stalled.execute(() -> hold(release));

    await(
        "the stalled hub's lag",
        () -> {
          sdk.flushMetrics();
          Double lag = lag("stalled");
          return lag != null && lag > 0.2;
        });
    release.countDown();

    assertEquals(
        UnclogOpenTelemetry.MAX_LAG_SERIES,
        receiver.latestMetric("unclog.loop.lag").metric().getGauge().getDataPointsCount());
    assertEquals(
        many + 1,
        receiver.latestMetric("unclog.hub.count").metric().getSum().getDataPoints(0).getAsInt(),
        "the count has every hub");
  }

  @Test
  void hugeNamesAndDeepStacks_areCutToTheDocumentedBounds() throws Exception {
    String name = "loop\nforged line " + "x".repeat(5_000);
    keep(UnclogOpenTelemetry.bind(sdk.sdk, monitor));

    ExecutorService executor = watchedExecutor(name);
    String episode = block(executor, () -> recurse(300));
    sdk.flushLogs();

    for (OtlpReceiver.Log record : receiver.episode(episode)) {
      String body = record.record().getBody().getStringValue();
      assertTrue(body.length() <= Bounds.MAX_BODY, body.length() + " characters");
      assertFalse(body.contains("\n") || body.contains("\r"), body);
      assertTrue(body.contains("loop forged line xxx"), body);

      String hub = record.string("unclog.hub");
      assertEquals(Bounds.MAX_STRING, hub.length());
      assertTrue(hub.startsWith("loop\nforged line "), "attributes keep the text, cut");
      assertTrue(hub.endsWith("\u2026"), hub);

      Map<String, AnyValue> a = record.attributes();
      String stack = a.get("code.stacktrace").getStringValue();
      assertTrue(stack.getBytes(StandardCharsets.UTF_8).length <= Bounds.MAX_STACK_BYTES);
      String[] lines = stack.split("\n");
      assertEquals(Bounds.MAX_FRAMES + 1, lines.length, "64 frames and the count of the rest");
      long cut = a.get("unclog.stack.frames_cut").getIntValue();
      assertTrue(cut > 300 - Bounds.MAX_FRAMES, cut + " frames cut");
      assertEquals("... " + cut + " more", lines[Bounds.MAX_FRAMES]);
      for (Map.Entry<String, AnyValue> attribute : a.entrySet()) {
        if (attribute.getValue().hasStringValue()
            && !attribute.getKey().equals("code.stacktrace")) {
          assertTrue(
              attribute.getValue().getStringValue().length() <= Bounds.MAX_STRING,
              attribute.getKey());
        }
      }
    }

    sdk.flushMetrics();
    for (NumberDataPoint point :
        receiver.latestMetric("unclog.loop.lag").metric().getGauge().getDataPointsList()) {
      for (Map.Entry<String, String> attribute :
          OtlpReceiver.strings(point.getAttributesList()).entrySet()) {
        assertTrue(attribute.getValue().length() <= Bounds.MAX_STRING, attribute.getKey());
      }
    }
  }

  @Test
  void close_removesTheListenerAndTheGauges_andIsIdempotent() throws Exception {
    ExecutorService executor = watchedExecutor("blocker");
    UnclogOpenTelemetry binding = UnclogOpenTelemetry.bind(sdk.sdk, monitor);
    executor.submit(() -> {}).get(); // the worker's hub exists
    sdk.flushMetrics();
    assertNotNull(lag("blocker"), "a lag series while bound");

    binding.close();
    binding.close();

    String episode = block(executor);
    sdk.flushLogs();
    // a metric of the test's own, so that the next collection is exported even with none of ours
    sdk.sdk.getMeter("test").counterBuilder("test.alive").build().add(1);
    sdk.flushMetrics();
    assertNotNull(receiver.latestMetric("test.alive"), "an export after close");
    assertEquals(List.of(), receiver.episode(episode), "no record after close");
    assertNull(lag("blocker"), "no lag series after close");
    OtlpReceiver.Received episodes = receiver.latestMetric("unclog.episodes");
    assertTrue(episodes == null || episodes.metric().getSum().getDataPointsCount() == 0);
  }

  @Test
  void aMemoryEvent_arrivesAsALogRecord_withItsOrigin() throws Exception {
    // A limit the heap crosses only when the test says so: the live set now, and 128 MB more.
    System.gc();
    long limit = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() + (128L << 20);
    Monitor watching =
        Monitor.builder()
            .memoryLimit(limit)
            .memoryPeriod(Duration.ofMillis(10))
            .printTo(null)
            .jfr(false)
            .build();
    try (watching;
        UnclogOpenTelemetry binding = UnclogOpenTelemetry.bind(sdk.sdk, watching)) {
      byte[] ballast = new byte[256 << 20];
      await(
          "a memory record",
          () -> {
            sdk.flushLogs();
            return memoryRecord() != null;
          });
      OtlpReceiver.Log record = memoryRecord();
      assertEquals(SeverityNumber.SEVERITY_NUMBER_WARN, record.record().getSeverityNumber());
      Map<String, AnyValue> a = record.attributes();
      assertEquals(limit, a.get("unclog.memory.limit").getIntValue());
      assertTrue(a.get("unclog.memory.used").getIntValue() > limit, a.toString());
      assertTrue(a.get("unclog.memory.max").getIntValue() >= ballast.length, a.toString());
      assertEquals(dev.unclog.internal.Origin.host(), a.get("host.name").getStringValue());
      assertEquals(ProcessHandle.current().pid(), a.get("process.pid").getIntValue());
      assertTrue(a.get("unclog.run").getStringValue().matches("[0-9a-f]{12}"), a.toString());
      String body = record.record().getBody().getStringValue();
      assertTrue(body.startsWith("heap above the monitor's limit: "), body);
      assertTrue(body.endsWith("limit " + limit + " bytes"), body);
      assertEquals("dev.unclog", record.scope().getName());
      assertTrue(binding.failures() == 0, "no failure: " + binding.failures());
    }
  }

  OtlpReceiver.Log memoryRecord() {
    return receiver.logs().stream()
        .filter(log -> log.record().getEventName().equals("unclog.memory_exceeded"))
        .findFirst()
        .orElse(null);
  }

  /* ---- helpers ---- */

  void keep(AutoCloseable closeable) {
    closing.add(closeable);
  }

  /** The lag of {@code hub} in the latest metric export, or null if it had none. */
  Double lag(String hub) {
    OtlpReceiver.Received lag = receiver.latestMetric("unclog.loop.lag");
    if (lag == null) {
      return null;
    }
    for (NumberDataPoint point : lag.metric().getGauge().getDataPointsList()) {
      if (hub.equals(OtlpReceiver.strings(point.getAttributesList()).get("unclog.hub"))) {
        return point.getAsDouble();
      }
    }
    return null;
  }

  static String resource(OtlpReceiver.Log record, String key) {
    AnyValue value = OtlpReceiver.attributes(record.resource().getAttributesList()).get(key);
    return value == null ? null : value.getStringValue();
  }

  /** Blocks {@code executor} for 400 ms and returns the episode id once its events are out. */
  String block(ExecutorService executor) throws Exception {
    return block(executor, () -> sleep(BLOCK_MILLIS));
  }

  String block(ExecutorService executor, Runnable task) throws Exception {
    return block(monitor, executor, task);
  }

  /** Runs {@code task} on {@code executor}, and returns its episode's id once it was delivered. */
  static String block(Monitor monitor, ExecutorService executor, Runnable task) throws Exception {
    List<String> ids = new CopyOnWriteArrayList<>();
    Registration listening =
        monitor.addListener(
            event -> {
              if (event.type() == BlockingEvent.Type.UNBLOCKED) {
                ids.add(event.episodeId());
              }
            });
    try {
      executor.submit(task).get();
      monitor.flush(Duration.ofSeconds(10));
      await("the episode's end", () -> !ids.isEmpty());
    } finally {
      listening.close();
    }
    assertEquals(1, ids.size(), ids.toString());
    return ids.getFirst();
  }

  static void sleep(long millis) {
    sleepingThread = Thread.currentThread().threadId();
    try {
      sleepLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void recurse(int depth) {
    if (depth == 0) {
      sleep(BLOCK_MILLIS);
    } else {
      recurse(depth - 1);
    }
  }

  ExecutorService watchedExecutor(String threadName) {
    return monitor.watch(plainExecutor(threadName));
  }

  ExecutorService plainExecutor(String threadName) {
    ExecutorService executor = Loops.daemon(threadName);
    executors.add(executor);
    return executor;
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting for " + what);
      }
      LockSupport.parkNanos(20_000_000L);
    }
  }

  /** Holds the calling executor thread until released, or until the cleanup interrupts it. */
  static void hold(CountDownLatch release) {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
