/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds events with the fields and layout of core's {@code Json.line} (which needs a live
 * monitor's {@code BlockingEvent}), as maps that a test can then damage, and writes them as JSON
 * lines.
 */
final class EventLines {
  private EventLines() {}

  /** What every event of an episode tells alike: its id, start, hub, task and stack. */
  record Episode(
      String id, Instant since, String hubKind, String hub, String task, List<String> stack) {
    /**
     * Its {@code type} event, {@code millis} into the episode, as core writes it ({@code
     * durationMs} if unblocked, else {@code blockedMs}).
     */
    Map<String, Object> event(String type, long millis, String cause) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("event", type);
      event.put("id", id);
      event.put("time", since.plusMillis(millis).toString());
      event.put("since", since.toString());
      event.put("hubKind", hubKind);
      event.put("hub", hub);
      event.put("task", task);
      event.put(type.equals("unblocked") ? "durationMs" : "blockedMs", millis);
      event.put("thresholdMs", 100L);
      event.put("cause", cause);
      event.put("cpuMs", 0L);
      event.put("threadId", 42L);
      event.put("threadState", "TIMED_WAITING");
      event.put("stack", stack);
      event.put("samplesTaken", 1L);
      return event;
    }

    /**
     * Its blocked event at the threshold and its unblocked event after {@code millis}, with its
     * samples, as JSON lines.
     */
    List<String> lines(long millis, String cause) {
      return events(millis, cause).stream().map(EventLines::json).toList();
    }

    /** The events of {@link #lines}, before they are made JSON. */
    List<Map<String, Object>> events(long millis, String cause) {
      Map<String, Object> unblocked = event("unblocked", millis, cause);
      unblocked.put("samples", List.of(sample(3, stack)));
      return List.of(event("blocked", 100, cause), unblocked);
    }
  }

  /** A JVM run, as core names it on each of its events. */
  record Run(String host, long pid, String run) {
    /** Episode {@code n} of this run, with core's id for it, {@code <run>-<n>}. */
    Episode episode(int n, Instant since, String hubKind, String hub, List<String> stack) {
      return new Episode(run + "-" + n, since, hubKind, hub, "Task" + n, stack);
    }

    /** {@code episode}'s lines, as {@link Episode#lines}, written by this run. */
    List<String> lines(Episode episode, long millis, String cause) {
      List<String> lines = new ArrayList<>();
      for (Map<String, Object> event : episode.events(millis, cause)) {
        event.put("host", host);
        event.put("pid", pid);
        event.put("run", run);
        lines.add(json(event));
      }
      return lines;
    }
  }

  /** A sample as core writes it in {@code samples}. */
  static Map<String, Object> sample(long count, List<String> stack) {
    Map<String, Object> sample = new LinkedHashMap<>();
    sample.put("count", count);
    sample.put("stack", stack);
    return sample;
  }

  /** {@code value} as JSON: maps, lists, strings, numbers, booleans and null. */
  static String json(Object value) {
    StringBuilder json = new StringBuilder();
    write(json, value);
    return json.toString();
  }

  private static void write(StringBuilder json, Object value) {
    if (value instanceof Map<?, ?> map) {
      json.append('{');
      String comma = "";
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        json.append(comma);
        write(json, entry.getKey());
        json.append(':');
        write(json, entry.getValue());
        comma = ",";
      }
      json.append('}');
    } else if (value instanceof List<?> list) {
      List<String> elements = new ArrayList<>();
      for (Object element : list) {
        elements.add(json(element));
      }
      json.append('[').append(String.join(",", elements)).append(']');
    } else if (value instanceof String string) {
      json.append('"');
      for (char c : string.toCharArray()) {
        if (c == '"' || c == '\\') {
          json.append('\\').append(c);
        } else if (c < 0x20) {
          json.append(String.format("\\u%04x", (int) c));
        } else {
          json.append(c);
        }
      }
      json.append('"');
    } else {
      json.append(value);
    }
  }
}
