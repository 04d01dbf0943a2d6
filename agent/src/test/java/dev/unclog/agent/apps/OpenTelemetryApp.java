/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An application that uses OpenTelemetry and knows nothing of unclog: it registers an SDK as the
 * global OpenTelemetry, with an exporter that prints each log record, then a virtual thread holds
 * its carrier for 700 ms. With the agent, unclog's records arrive through that SDK. With {@code
 * own}, it also binds its own copy of unclog-opentelemetry, as the docs show.
 */
public final class OpenTelemetryApp {
  private static final CountDownLatch UNBLOCKED = new CountDownLatch(1);

  private OpenTelemetryApp() {}

  public static void main(String[] args) throws Exception {
    SdkLoggerProvider logs =
        SdkLoggerProvider.builder()
            .addLogRecordProcessor(SimpleLogRecordProcessor.create(new Printing()))
            .build();
    OpenTelemetrySdk.builder().setLoggerProvider(logs).buildAndRegisterGlobal();
    if (args.length > 0 && args[0].equals("own")) {
      // an application that binds its own copy of unclog-opentelemetry as well: named in code
      dev.unclog.opentelemetry.UnclogOpenTelemetry.bindGlobal();
      args = new String[0];
    }
    // The agent binds on a thread of its own once the API has loaded; the app cannot know when,
    // so it waits for the binding's JVM-wide mark (or not at all when told it will not come)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (args.length == 0
        && System.getProperty("dev.unclog.otel.globalBound") == null
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    Thread.ofVirtual().name("otel-spinner").start(OpenTelemetryApp::spin).join();
    System.out.println(
        UNBLOCKED.await(args.length == 0 ? 20 : 3, TimeUnit.SECONDS)
            ? "otel unblocked"
            : "otel no unblocked record");
    logs.close();
    System.out.println("otel done");
  }

  private static void spin() {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(700);
    double x = 0;
    while (System.nanoTime() < end) {
      x += Math.sqrt(x + 1);
    }
    if (x < 0) {
      System.out.println(x);
    }
  }

  /** Prints "otel-record EVENT KIND BODY" for each record. */
  private static final class Printing implements LogRecordExporter {
    @Override
    public CompletableResultCode export(Collection<LogRecordData> records) {
      for (LogRecordData record : records) {
        String kind = record.getAttributes().get(AttributeKey.stringKey("unclog.hub.kind"));
        System.out.println(
            "otel-record "
                + record.getEventName()
                + " "
                + kind
                + " "
                + record.getBodyValue().asString());
        if ("unclog.unblocked".equals(record.getEventName())) {
          UNBLOCKED.countDown();
        }
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
  }
}
