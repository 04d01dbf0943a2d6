/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code blocked}, {@code still_blocked} or {@code unblocked} line, read tolerantly: unknown
 * fields are ignored and optional ones may be missing, but a known field of the wrong type makes
 * the line bad ({@link IllegalArgumentException}). Strings and stacks are cut to fixed sizes here,
 * so that no later step holds more than that per event, whatever the file holds.
 *
 * @param timeMillis when the event was emitted, in milliseconds since the epoch; null if missing
 * @param sinceMillis when the blockage began, in milliseconds since the epoch
 * @param millis {@code durationMs} on {@code unblocked}, else {@code blockedMs}; 0 if missing
 */
record EventLine(
    String event,
    String id,
    Long timeMillis,
    long sinceMillis,
    long millis,
    String cause,
    Where where,
    Stacks stacks,
    Pauses pauses)
    implements Where.Located {

  /**
   * What the event says of where it blocked.
   *
   * @param fingerprint the place's fingerprint, or null
   * @param culprit the frame to blame, or null
   * @param stack frames, innermost first
   * @param samples the distinct sampled stacks of an {@code unblocked} event; may be empty
   */
  record Stacks(String fingerprint, String culprit, List<String> stack, List<Sample> samples) {}

  String fingerprint() {
    return stacks.fingerprint();
  }

  String culprit() {
    return stacks.culprit();
  }

  List<String> stack() {
    return stacks.stack();
  }

  List<Sample> samples() {
    return stacks.samples();
  }

  static final String BLOCKED = "blocked";
  static final String STILL_BLOCKED = "still_blocked";
  static final String UNBLOCKED = "unblocked";

  /** Long enough for any real frame, task or thread name; a longer one is cut with "…". */
  static final int MAX_TEXT = 400;

  /** Frames kept per stack, from the innermost; the outer rest of a deep recursion is cut. */
  static final int MAX_FRAMES = 128;

  /** Distinct sampled stacks kept per episode: core writes them most frequent first. */
  static final int MAX_SAMPLES = 32;

  /** The timeline's range: from 1970 to the end of year 9999, in epoch milliseconds. */
  static final long LATEST_MILLIS = 253_402_300_799_999L;

  /** A year: longer durations are taken as a year, so that sums of them cannot overflow. */
  static final long MAX_MILLIS = 365L * 24 * 3600 * 1000;

  /**
   * A distinct sampled stack and how many samples showed it.
   *
   * @param stack frames, innermost first
   */
  record Sample(long count, List<String> stack) {}

  /** Whether this JSON object is an episode's event (and not a memory event or another kind). */
  static boolean isEpisodeEvent(Map<String, Object> json) {
    Object event = json.get("event");
    return BLOCKED.equals(event) || STILL_BLOCKED.equals(event) || UNBLOCKED.equals(event);
  }

  /** Reads an episode's event; {@link #isEpisodeEvent} must be true. */
  static EventLine of(Map<String, Object> json) {
    String event = (String) json.get("event");
    String id = text(json, "id");
    if (id == null) {
      throw new IllegalArgumentException("no \"id\"");
    }
    Long since = epochMillis(json, "since");
    if (since == null) {
      throw new IllegalArgumentException("no \"since\"");
    }
    Long millis = number(json, event.equals(UNBLOCKED) ? "durationMs" : "blockedMs");
    Where where =
        new Where(
            jvmRun(json),
            orElse(text(json, "hubKind"), "unknown"),
            orElse(text(json, "hub"), "unknown hub"),
            orElse(text(json, "task"), "unknown task"));
    Stacks stacks =
        new Stacks(
            text(json, "fingerprint"),
            text(json, "culprit"),
            frames(json.get("stack"), "stack"),
            samples(json.get("samples")));
    return new EventLine(
        event,
        id,
        timeMillis(json),
        since,
        millis == null ? 0 : Math.clamp(millis, 0, MAX_MILLIS),
        orElse(text(json, "cause"), "unknown"),
        where,
        stacks,
        new Pauses(number(json, "gcMs"), number(json, "stallMs")));
  }

  /** The run that wrote an event, any event: what of host, pid and run the line says. */
  static JvmRun jvmRun(Map<String, Object> json) {
    return new JvmRun(text(json, "host"), number(json, "pid"), text(json, "run"));
  }

  /** When any event was emitted, in epoch milliseconds; null if the line does not say. */
  static Long timeMillis(Map<String, Object> json) {
    return epochMillis(json, "time");
  }

  private static List<Sample> samples(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException("\"samples\" is not an array");
    }
    List<Sample> samples = new ArrayList<>(Math.min(list.size(), MAX_SAMPLES));
    for (Object element : list.subList(0, Math.min(list.size(), MAX_SAMPLES))) {
      if (!(element instanceof Map<?, ?> sample)) {
        throw new IllegalArgumentException("a sample is not an object");
      }
      if (!(sample.get("count") instanceof Long count) || count < 1 || count > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("a sample's \"count\" is not a positive int");
      }
      samples.add(new Sample(count, frames(sample.get("stack"), "a sample's \"stack\"")));
    }
    return List.copyOf(samples);
  }

  private static List<String> frames(Object value, String what) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException(what + " is not an array");
    }
    List<String> frames = new ArrayList<>(Math.min(list.size(), MAX_FRAMES));
    for (Object frame : list.subList(0, Math.min(list.size(), MAX_FRAMES))) {
      if (!(frame instanceof String string)) {
        throw new IllegalArgumentException(what + " holds a frame that is not a string");
      }
      frames.add(cut(string));
    }
    return List.copyOf(frames);
  }

  private static String text(Map<String, Object> json, String name) {
    Object value = json.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String string)) {
      throw new IllegalArgumentException('"' + name + "\" is not a string");
    }
    return cut(string);
  }

  private static Long number(Map<String, Object> json, String name) {
    Object value = json.get(name);
    if (value == null) {
      return null;
    }
    if (value instanceof Long integral) {
      return integral;
    }
    if (value instanceof Double fractional && Double.isFinite(fractional)) {
      return Math.round(fractional);
    }
    throw new IllegalArgumentException('"' + name + "\" is not a number");
  }

  private static Long epochMillis(Map<String, Object> json, String name) {
    String value = text(json, name);
    if (value == null) {
      return null;
    }
    long millis;
    try {
      millis = Instant.parse(value).toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException('"' + name + "\" is not an ISO-8601 time");
    }
    if (millis < 0 || millis > LATEST_MILLIS) {
      throw new IllegalArgumentException('"' + name + "\" is not between 1970 and 9999");
    }
    return millis;
  }

  private static String orElse(String value, String fallback) {
    return value == null ? fallback : value;
  }

  /** Cuts a string to {@link #MAX_TEXT} characters, marking the cut. */
  static String cut(String text) {
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "\u2026";
  }
}
