/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.opentelemetry.modulepath;

import dev.unclog.Monitor;
import dev.unclog.opentelemetry.UnclogOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A child JVM's main for {@code ModulePathTest}: unclog-core and this module on the module path,
 * where core exports its internals to this module, the application on the class path. Prints one
 * line per record: its event name, episode id, run and host, and whether the binding's module is
 * named.
 */
public final class ModulePathMain {
  private ModulePathMain() {}

  public static void main(String[] args) throws Exception {
    LogRecordExporter printing =
        new LogRecordExporter() {
          @Override
          public CompletableResultCode export(Collection<LogRecordData> logs) {
            for (LogRecordData log : logs) {
              System.out.println(
                  "record "
                      + log.getEventName()
                      + " "
                      + log.getAttributes().get(AttributeKey.stringKey("unclog.episode.id"))
                      + " "
                      + log.getAttributes().get(AttributeKey.stringKey("unclog.run"))
                      + " "
                      + log.getAttributes().get(AttributeKey.stringKey("host.name")));
            }
            return CompletableResultCode.ofSuccess();
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
    System.out.println("named " + UnclogOpenTelemetry.class.getModule().isNamed());
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setLoggerProvider(
                SdkLoggerProvider.builder()
                    .addLogRecordProcessor(SimpleLogRecordProcessor.create(printing))
                    .build())
            .build();
    try (Monitor monitor =
            Monitor.builder()
                .maxBlockingTime(Duration.ofMillis(100))
                .period(Duration.ofMillis(25))
                .printTo(null)
                .jfr(false)
                .build();
        UnclogOpenTelemetry binding = UnclogOpenTelemetry.bind(sdk, monitor)) {
      ExecutorService executor = monitor.watch(Executors.newSingleThreadExecutor());
      executor.submit(() -> sleep(300)).get();
      monitor.flush(Duration.ofSeconds(10));
      executor.shutdown();
      System.out.println("bound " + (binding != null));
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
