/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import dev.unclog.BlockingEvent;
import dev.unclog.MemoryEvent;
import java.util.List;

/** Writes events as single-line JSON objects, the format of {@code UNCLOG_REPORT_FILE}. */
public final class Json {
  private Json() {}

  /** One event as one line of JSON, without the newline. */
  public static String line(BlockingEvent event) {
    return line(event, null, Integer.MAX_VALUE);
  }

  /**
   * One event as one line of JSON, with the text of its {@code Info:} section as the field {@code
   * info} if not null, each stack cut to {@code maxFrames} frames ({@code stackFramesCut} then says
   * how many the stack had more); without the newline.
   */
  public static String line(BlockingEvent event, String info, int maxFrames) {
    StringBuilder json = new StringBuilder(512);
    json.append('{');
    field(json, "event", event.type().jsonName());
    field(json, "id", event.episodeId());
    origin(json);
    field(json, "time", event.time().toString());
    field(json, "since", event.since().toString());
    field(json, "hubKind", event.hubKind());
    field(json, "hub", event.hub());
    field(json, "task", event.task());
    String millisName = event.type() == BlockingEvent.Type.UNBLOCKED ? "durationMs" : "blockedMs";
    json.append(",\"").append(millisName).append("\":").append(event.blocked().toMillis());
    json.append(",\"thresholdMs\":").append(event.threshold().toMillis());
    field(json, "cause", event.cause().jsonName());
    if (event.cpuTime() != null) {
      json.append(",\"cpuMs\":").append(event.cpuTime().toMillis());
    }
    if (event.runQueueTime() != null) {
      json.append(",\"runQueueMs\":").append(event.runQueueTime().toMillis());
    }
    if (event.throttledTime() != null) {
      json.append(",\"throttledMs\":").append(event.throttledTime().toMillis());
    }
    json.append(",\"gcMs\":").append(event.gcTime().toMillis());
    json.append(",\"stallMs\":").append(event.stallTime().toMillis());
    field(json, "fingerprint", event.fingerprint());
    StackTraceElement culprit = event.culprit();
    if (culprit != null) {
      field(json, "culprit", culprit.toString());
    }
    if (event.threadId() >= 0) {
      json.append(",\"threadId\":").append(event.threadId());
      field(json, "threadState", String.valueOf(event.threadState()));
    }
    json.append(",\"stack\":");
    frames(json, event.stack(), maxFrames);
    if (event.stack().size() > maxFrames) {
      json.append(",\"stackFramesCut\":").append(event.stack().size() - maxFrames);
    }
    if (event.noStackReason() != null) {
      field(json, "noStackReason", event.noStackReason());
    }
    List<StackTraceElement> spawnSite = event.spawnSite();
    if (!spawnSite.isEmpty()) {
      json.append(",\"spawnSite\":");
      frames(json, spawnSite, maxFrames);
    }
    json.append(",\"samplesTaken\":").append(event.samplesTaken());
    if (!event.samples().isEmpty()) {
      json.append(",\"samples\":[");
      String comma = "";
      for (BlockingEvent.Sample sample : event.samples()) {
        json.append(comma).append("{\"count\":").append(sample.count()).append(",\"stack\":");
        frames(json, sample.stack(), maxFrames);
        json.append('}');
        comma = ",";
      }
      json.append(']');
    }
    if (info != null) {
      field(json, "info", info);
    }
    return json.append('}').toString();
  }

  /** The summary at exit as one line of JSON, its text as the field {@code report}. */
  public static String summary(String report) {
    StringBuilder json = new StringBuilder(report.length() + 120);
    json.append('{');
    field(json, "event", "summary");
    field(json, "time", java.time.Instant.now().toString());
    origin(json);
    field(json, "report", report);
    return json.append('}').toString();
  }

  /** A memory event as one line of JSON, without the newline. */
  public static String line(MemoryEvent event) {
    StringBuilder json = new StringBuilder(160);
    json.append('{');
    field(json, "event", event.type().jsonName());
    field(json, "time", event.time().toString());
    origin(json);
    json.append(",\"usedBytes\":").append(event.usedBytes());
    json.append(",\"limitBytes\":").append(event.limitBytes());
    json.append(",\"maxBytes\":").append(event.maxBytes());
    return json.append('}').toString();
  }

  /* Which host, process and run the event comes from (Origin). */
  private static void origin(StringBuilder json) {
    field(json, "host", Origin.host());
    json.append(",\"pid\":").append(Origin.pid());
    field(json, "run", Origin.run());
  }

  private static void field(StringBuilder json, String name, String value) {
    if (json.length() > 1) {
      json.append(',');
    }
    json.append('"').append(name).append("\":");
    string(json, value);
  }

  private static void frames(StringBuilder json, List<StackTraceElement> stack, int maxFrames) {
    json.append('[');
    for (int i = 0; i < stack.size() && i < maxFrames; i++) {
      if (i > 0) {
        json.append(',');
      }
      string(json, stack.get(i).toString());
    }
    json.append(']');
  }

  /** Appends {@code value} as a JSON string, escaping what RFC 8259 requires and U+2028/9. */
  static void string(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          // C0, DEL and C1 too: valid JSON either way, but a line on a terminal stays text
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
