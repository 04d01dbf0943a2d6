/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/**
 * Writes the page. Markup comes only from this tool's own literals ({@link #tag}) and numbers
 * ({@link #num}); every string that came from the input goes through {@link #text}, so a hub named
 * {@code <script>} is shown, never run, in element text and attribute values alike.
 */
final class Html {
  private final Writer out;

  Html(Writer out) {
    this.out = out;
  }

  /** Appends this tool's own markup: a literal, never a string read from the input. */
  Html tag(String markup) throws IOException {
    out.write(markup);
    return this;
  }

  /** Appends input as text, escaped for element content and quoted attribute values alike. */
  Html text(String input) throws IOException {
    out.write(escape(input));
    return this;
  }

  /** Appends a coordinate or size, with one decimal at most and a dot whatever the locale. */
  Html num(double value) throws IOException {
    long rounded = Math.round(value * 10);
    out.write(
        rounded % 10 == 0
            ? Long.toString(rounded / 10)
            : String.format(Locale.ROOT, "%.1f", rounded / 10.0));
    return this;
  }

  /**
   * The one escaping function: {@code & < > " '} become character references, and control
   * characters, which HTML does not allow in text, become U+FFFD.
   */
  static String escape(String input) {
    StringBuilder escaped = null;
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      String replacement =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            case '\t', '\n' -> null;
            default -> c < 0x20 || (c >= 0x7f && c < 0xa0) ? "\uFFFD" : null;
          };
      if (replacement != null && escaped == null) {
        escaped = new StringBuilder(input.length() + 16).append(input, 0, i);
      }
      if (escaped != null) {
        if (replacement != null) {
          escaped.append(replacement);
        } else {
          escaped.append(c);
        }
      }
    }
    return escaped == null ? input : escaped.toString();
  }
}
