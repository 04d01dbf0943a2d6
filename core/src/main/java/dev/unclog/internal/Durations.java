/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/** Parses the durations users write: {@code 250ms}, {@code 2s}, {@code 1m}, or bare seconds. */
public final class Durations {
  private Durations() {}

  /**
   * Parses {@code text}: a decimal number followed by {@code ns}, {@code us}, {@code ms}, {@code s}
   * or {@code m}, or with no unit a number of seconds (gevent's {@code 0.1}).
   *
   * @throws IllegalArgumentException if it is not such a duration, or negative, or too large
   */
  public static Duration parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    int split = 0;
    while (split < value.length()
        && (Character.isDigit(value.charAt(split)) || value.charAt(split) == '.')) {
      split++;
    }
    String number = value.substring(0, split);
    String unit = value.substring(split).trim();
    long nanosPerUnit =
        switch (unit) {
          case "ns" -> 1L;
          case "us", "\u00b5s" -> 1_000L;
          case "ms" -> 1_000_000L;
          case "", "s" -> 1_000_000_000L;
          case "m", "min" -> 60_000_000_000L;
          default -> -1L;
        };
    if (number.isEmpty() || nanosPerUnit < 0) {
      throw new IllegalArgumentException("not a duration");
    }
    try {
      BigDecimal nanos = new BigDecimal(number).multiply(BigDecimal.valueOf(nanosPerUnit));
      return Duration.ofNanos(nanos.longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("not a duration");
    }
  }

  /**
   * Milliseconds, with a fraction only when under 10 ms: {@code 100 ms}, {@code 2.5 ms}; {@code
   * unknown} for null.
   */
  public static String format(Duration duration) {
    if (duration == null) {
      return "unknown";
    }
    long micros = duration.toNanos() / 1_000;
    if (micros < 10_000 && micros % 1_000 != 0) {
      return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
    return duration.toMillis() + " ms";
  }
}
