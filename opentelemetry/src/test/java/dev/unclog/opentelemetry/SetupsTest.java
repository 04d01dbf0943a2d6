/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.Monitor;
import dev.unclog.testing.Loops;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The two ways an application gets its SDK without building it here: the SDK's autoconfiguration,
 * from {@code otel.*} properties (as from {@code OTEL_*} variables), and the global instance, which
 * the application (or the OpenTelemetry Java agent) registers, perhaps after unclog was bound.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SetupsTest {
  OtlpReceiver receiver;
  ExecutorService executor;

  @BeforeEach
  void start() throws Exception {
    receiver = new OtlpReceiver();
  }

  @AfterEach
  void stop() {
    if (executor != null) {
      executor.shutdownNow();
    }
    receiver.close();
  }

  @Test
  void theAutoconfiguredSdk_exportsTheEpisodeOverOtlp() throws Exception {
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(
                () ->
                    Map.of(
                        "otel.exporter.otlp.endpoint", receiver.endpoint(),
                        "otel.exporter.otlp.protocol", "http/protobuf",
                        "otel.traces.exporter", "none",
                        "otel.service.name", "unclog-autoconfigured",
                        "otel.metric.export.interval", "3600000"))
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    Monitor monitor =
        Monitor.builder()
            .maxBlockingTime(Duration.ofMillis(100))
            .period(Duration.ofMillis(25))
            .printTo(null)
            .jfr(false)
            .build();
    UnclogOpenTelemetry binding = UnclogOpenTelemetry.bind(sdk, monitor);
    try (monitor;
        sdk;
        binding) {
      executor = monitor.watch(Loops.daemon("autoconfigured"));
      String episode = block(monitor, executor);
      Sdk.join(sdk.getSdkLoggerProvider().forceFlush(), "log export");
      Sdk.join(sdk.getSdkMeterProvider().forceFlush(), "metric export");

      List<OtlpReceiver.Log> records = receiver.episode(episode);
      assertEquals("unclog.blocked", records.getFirst().record().getEventName());
      assertEquals("unclog.unblocked", records.getLast().record().getEventName());
      assertEquals("autoconfigured", records.getLast().string("unclog.hub"));
      assertEquals(
          "unclog-autoconfigured",
          UnclogOpenTelemetryTest.resource(records.getLast(), "service.name"),
          "the autoconfigured resource");
      assertEquals(
          1,
          receiver.latestMetric("unclog.episodes").metric().getSum().getDataPoints(0).getAsInt());
    }
  }

  @Test
  void bindGlobal_waitsForTheGlobalInstance_withoutFixingItToANoop() throws Exception {
    GlobalOpenTelemetry.resetForTest();
    Monitor global = Monitor.global();
    try (Sdk sdk = Sdk.exportingTo(receiver);
        UnclogOpenTelemetry binding = UnclogOpenTelemetry.bindGlobal()) {
      assertFalse(GlobalOpenTelemetry.isSet(), "binding must not make the global a no-op");
      executor = global.watch(Loops.daemon("global-blocker"));

      String before = block(global, executor);
      assertTrue(binding.unbound() >= 2, "events before the SDK: " + binding.unbound());
      assertFalse(GlobalOpenTelemetry.isSet());

      GlobalOpenTelemetry.set(sdk.sdk); // would throw had the binding called get()
      // the lag gauge comes before any episode: the binding looks for the global every second
      UnclogOpenTelemetryTest.await(
          "the hub gauge, from the global SDK",
          () -> {
            sdk.flushMetrics();
            return receiver.latestMetric("unclog.hub.count") != null;
          });

      String after = block(global, executor);
      sdk.flushLogs();
      assertEquals(List.of(), receiver.episode(before), "nothing published before the SDK");
      List<OtlpReceiver.Log> records = receiver.episode(after);
      assertEquals("unclog.unblocked", records.getLast().record().getEventName());
      Map<String, AnyValue> attributes = records.getLast().attributes();
      assertEquals("global-blocker", attributes.get("unclog.hub").getStringValue());
      assertNotNull(attributes.get("unclog.run"));
    } finally {
      GlobalOpenTelemetry.resetForTest();
    }
  }

  static String block(Monitor monitor, ExecutorService executor) throws Exception {
    return UnclogOpenTelemetryTest.block(
        monitor,
        executor,
        () -> UnclogOpenTelemetryTest.sleep(UnclogOpenTelemetryTest.BLOCK_MILLIS));
  }
}
