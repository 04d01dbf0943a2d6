/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import java.util.Locale;

/** Text from the application (names, values, frames) made safe to print as part of one line. */
public final class Text {
  private Text() {}

  /**
   * {@code value} with control characters and line separators shown as {@code \}{@code uXXXX}
   * escapes (a newline in a thread name would forge a report line, an escape sequence would drive
   * the terminal), cut after {@code max} characters with {@code ...}.
   */
  public static String printable(String value, int max) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), max) + 8);
    int i = 0;
    for (; i < value.length() && out.length() < max; i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return i < value.length() ? out.append("...").toString() : out.toString();
  }
}
