/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real SDK with the real OTLP/HTTP exporters, pointed at a receiver. The metric reader's period
 * is an hour: the tests export when they want to, by flushing.
 */
final class Sdk implements AutoCloseable {
  static final String SERVICE = "unclog-opentelemetry-test";

  final OpenTelemetrySdk sdk;

  private Sdk(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
  }

  /** Logs through the batch processor, as autoconfiguration sets them up. */
  static Sdk exportingTo(OtlpReceiver receiver) {
    OtlpHttpLogRecordExporter logs =
        OtlpHttpLogRecordExporter.builder().setEndpoint(receiver.endpoint() + "/v1/logs").build();
    return withLogs(receiver, BatchLogRecordProcessor.builder(logs).build());
  }

  /** Metrics to {@code receiver}, logs through {@code processor}. */
  static Sdk withLogs(OtlpReceiver receiver, LogRecordProcessor processor) {
    Resource resource =
        Resource.getDefault()
            .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), SERVICE)));
    OtlpHttpMetricExporter metrics =
        OtlpHttpMetricExporter.builder().setEndpoint(receiver.endpoint() + "/v1/metrics").build();
    return new Sdk(
        OpenTelemetrySdk.builder()
            .setLoggerProvider(
                SdkLoggerProvider.builder()
                    .setResource(resource)
                    .addLogRecordProcessor(processor)
                    .build())
            .setMeterProvider(
                SdkMeterProvider.builder()
                    .setResource(resource)
                    .registerMetricReader(
                        PeriodicMetricReader.builder(metrics)
                            .setInterval(Duration.ofHours(1))
                            .build())
                    .build())
            .build());
  }

  /** Sends the queued log records, and returns once the receiver has them. */
  void flushLogs() {
    join(sdk.getSdkLoggerProvider().forceFlush(), "log export");
  }

  /** Collects the metrics, sends them, and returns once the receiver has them. */
  void flushMetrics() {
    join(sdk.getSdkMeterProvider().forceFlush(), "metric export");
  }

  static void join(CompletableResultCode result, String what) {
    if (!result.join(30, TimeUnit.SECONDS).isSuccess()) {
      throw new AssertionError(what + " did not succeed");
    }
  }

  @Override
  public void close() {
    sdk.shutdown().join(10, TimeUnit.SECONDS);
  }
}
