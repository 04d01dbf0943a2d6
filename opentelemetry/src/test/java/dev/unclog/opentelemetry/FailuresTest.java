/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.BlockingEvent;
import dev.unclog.BlockingListener;
import dev.unclog.Monitor;
import dev.unclog.testing.Loops;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An OpenTelemetry pipeline that throws must never reach unclog: the monitor goes on reporting to
 * its other listeners, unclog says nothing of a failing listener (its own line would say the
 * binding let an exception out), the metrics go on, and the binding names the failure once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FailuresTest {
  final ByteArrayOutputStream coreErr = new ByteArrayOutputStream();
  final ByteArrayOutputStream bindingErr = new ByteArrayOutputStream();
  PrintStream stderr;
  Monitor monitor;
  OtlpReceiver receiver;
  ExecutorService executor;
  final List<BlockingEvent> others = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    stderr = System.err;
    // core's reporter writes its "listener failed" lines to the stderr it had when built
    System.setErr(new PrintStream(coreErr, true, StandardCharsets.UTF_8));
    monitor =
        Monitor.builder()
            .maxBlockingTime(Duration.ofMillis(100))
            .period(Duration.ofMillis(25))
            .printTo(null)
            .jfr(false)
            .build();
    receiver = new OtlpReceiver();
    executor = monitor.watch(Loops.daemon("blocker"));
  }

  @AfterEach
  void stop() {
    executor.shutdownNow();
    monitor.close();
    receiver.close();
    System.setErr(stderr);
  }

  @Test
  void aProcessorThatThrows_isCaught_andTheMetricsAndTheMonitorGoOn() throws Exception {
    LogRecordProcessor throwing =
        new LogRecordProcessor() {
          @Override
          public void onEmit(Context context, ReadWriteLogRecord logRecord) {
            throw new IllegalStateException("the log pipeline broke");
          }
        };
    try (Sdk sdk = Sdk.withLogs(receiver, throwing);
        UnclogOpenTelemetry binding = bound(sdk)) {
      monitor.addListener(others::add); // after the binding: it still gets every event
      monitor.addListener(new Canary());

      blockTwice();
      sdk.flushMetrics();

      assertEquals(2, unblocked(others), "the monitor's other listeners got both episodes");
      assertEquals(
          2,
          receiver.latestMetric("unclog.episodes").metric().getSum().getDataPoints(0).getAsInt(),
          "the metrics went on");
      assertTrue(binding.failures() >= 4, binding.failures() + " failures caught");
      List<String> lines = lines(bindingErr);
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(
          lines
              .getFirst()
              .startsWith(
                  "unclog: exporting a blocking event as a log record failed:"
                      + " java.lang.IllegalStateException: the log pipeline broke"),
          lines.getFirst());
      assertCoreSawNoFailingBinding();
      // and the check can fail: a listener that throws is named by core, there
      assertTrue(
          coreErr.toString(StandardCharsets.UTF_8).contains("unclog: sink canary failed:"),
          coreErr.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void anExporterThatThrows_neverReachesTheMonitor() throws Exception {
    AtomicInteger exports = new AtomicInteger();
    LogRecordExporter throwing =
        new LogRecordExporter() {
          @Override
          public CompletableResultCode export(Collection<LogRecordData> logs) {
            exports.incrementAndGet();
            throw new IllegalStateException("the exporter broke");
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    // the simple processor exports on the calling thread: unclog's listener thread
    try (Sdk sdk = Sdk.withLogs(receiver, SimpleLogRecordProcessor.create(throwing))) {
      UnclogOpenTelemetry binding = bound(sdk);
      monitor.addListener(others::add);

      blockTwice();
      sdk.flushMetrics();

      binding.close();
      assertTrue(exports.get() >= 4, exports.get() + " exports tried");
      assertEquals(2, unblocked(others));
      assertEquals(
          2,
          receiver.latestMetric("unclog.episodes").metric().getSum().getDataPoints(0).getAsInt());
      assertCoreSawNoFailingBinding();
    }
  }

  @Test
  void anOpenTelemetryThatCannotBeReached_isNamedOnce_andNothingElseHappens() throws Exception {
    UnclogOpenTelemetry binding =
        new UnclogOpenTelemetry(
            () -> {
              throw new IllegalStateException("no SDK here");
            },
            monitor,
            new PrintStream(bindingErr, true, StandardCharsets.UTF_8));
    try (binding) {
      binding.start(false);
      monitor.addListener(others::add);

      blockTwice();

      assertEquals(2, unblocked(others));
      List<String> lines = lines(bindingErr);
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(
          lines.getFirst().startsWith("unclog: binding to OpenTelemetry failed:"),
          lines.toString());
      assertTrue(binding.unbound() >= 2, "events without a place to go: " + binding.unbound());
      assertCoreSawNoFailingBinding();
    }
  }

  void assertCoreSawNoFailingBinding() {
    String said = coreErr.toString(StandardCharsets.UTF_8);
    assertFalse(said.contains("sink UnclogOpenTelemetry"), said);
  }

  /** A listener that throws, as the binding must not: core names it on its stderr. */
  static final class Canary implements BlockingListener {
    @Override
    public void onEvent(BlockingEvent event) {
      throw new IllegalStateException("canary");
    }

    @Override
    public String toString() {
      return "canary";
    }
  }

  UnclogOpenTelemetry bound(Sdk sdk) {
    UnclogOpenTelemetry binding =
        new UnclogOpenTelemetry(
            () -> sdk.sdk, monitor, new PrintStream(bindingErr, true, StandardCharsets.UTF_8));
    binding.start(false);
    return binding;
  }

  void blockTwice() throws Exception {
    for (int i = 0; i < 2; i++) {
      executor
          .submit(() -> UnclogOpenTelemetryTest.sleep(UnclogOpenTelemetryTest.BLOCK_MILLIS))
          .get();
      monitor.flush(Duration.ofSeconds(10));
    }
    UnclogOpenTelemetryTest.await("both episodes' ends", () -> unblocked(others) == 2);
  }

  static long unblocked(List<BlockingEvent> events) {
    return events.stream().filter(e -> e.type() == BlockingEvent.Type.UNBLOCKED).count();
  }

  static List<String> lines(ByteArrayOutputStream out) {
    String text = out.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }
}
