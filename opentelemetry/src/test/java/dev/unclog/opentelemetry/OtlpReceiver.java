/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.opentelemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver on loopback, as a collector's would be: it takes protobuf requests at
 * {@code /v1/logs} and {@code /v1/metrics}, decodes them with the protocol's own classes and keeps
 * them for the test to read. Answers 200 with an empty response, as a collector that accepted all.
 */
final class OtlpReceiver implements AutoCloseable {
  private final HttpServer server;
  private final List<ExportLogsServiceRequest> logs = new CopyOnWriteArrayList<>();
  private final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();

  OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/logs",
        exchange -> {
          logs.add(ExportLogsServiceRequest.parseFrom(body(exchange)));
          answer(exchange, ExportLogsServiceResponse.getDefaultInstance().toByteArray());
        });
    server.createContext(
        "/v1/metrics",
        exchange -> {
          metrics.add(ExportMetricsServiceRequest.parseFrom(body(exchange)));
          answer(exchange, ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
        });
    server.start();
  }

  /** The base address, {@code http://127.0.0.1:<port>}, without a path. */
  String endpoint() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  List<String> contentTypes() {
    return contentTypes;
  }

  private byte[] body(HttpExchange exchange) throws IOException {
    contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
    InputStream in = exchange.getRequestBody();
    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    try (InputStream body = in) {
      return body.readAllBytes();
    }
  }

  private static void answer(HttpExchange exchange, byte[] response) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(200, response.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(response);
    }
  }

  /** A log record as it arrived, with the resource and scope it came under. */
  record Log(Resource resource, InstrumentationScope scope, String schemaUrl, LogRecord record) {
    Map<String, AnyValue> attributes() {
      return OtlpReceiver.attributes(record.getAttributesList());
    }

    String string(String key) {
      AnyValue value = attributes().get(key);
      return value == null ? null : value.getStringValue();
    }
  }

  /** A metric as it arrived, with its resource and scope. */
  record Received(Resource resource, InstrumentationScope scope, String schemaUrl, Metric metric) {}

  /** Every log record received so far, in order. */
  List<Log> logs() {
    List<Log> all = new ArrayList<>();
    for (ExportLogsServiceRequest request : logs) {
      for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
        for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
          for (LogRecord record : scopeLogs.getLogRecordsList()) {
            all.add(
                new Log(
                    resourceLogs.getResource(),
                    scopeLogs.getScope(),
                    scopeLogs.getSchemaUrl(),
                    record));
          }
        }
      }
    }
    return all;
  }

  /** The records of one episode, in order. */
  List<Log> episode(String episodeId) {
    return logs().stream()
        .filter(log -> episodeId.equals(log.string("unclog.episode.id")))
        .toList();
  }

  /**
   * The metric {@code name} in the latest export, or null if that export did not have it (a series
   * that went is absent from the exports after).
   */
  Received latestMetric(String name) {
    if (metrics.isEmpty()) {
      return null;
    }
    ExportMetricsServiceRequest request = metrics.getLast();
    for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
      for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
        for (Metric metric : scopeMetrics.getMetricsList()) {
          if (metric.getName().equals(name)) {
            return new Received(
                resourceMetrics.getResource(),
                scopeMetrics.getScope(),
                scopeMetrics.getSchemaUrl(),
                metric);
          }
        }
      }
    }
    return null;
  }

  static Map<String, AnyValue> attributes(List<KeyValue> keyValues) {
    Map<String, AnyValue> map = new LinkedHashMap<>();
    for (KeyValue keyValue : keyValues) {
      map.put(keyValue.getKey(), keyValue.getValue());
    }
    return map;
  }

  /** The attributes as plain strings, for comparing a data point's with a map. */
  static Map<String, String> strings(List<KeyValue> keyValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (KeyValue keyValue : keyValues) {
      map.put(keyValue.getKey(), keyValue.getValue().getStringValue());
    }
    return map;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
