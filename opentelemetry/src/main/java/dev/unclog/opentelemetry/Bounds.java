/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.opentelemetry;

import java.util.List;

/**
 * The size limits of what this module exports, and the cutting that keeps to them. Thread names,
 * task names and stack frames come from the application, and some are made by code that never
 * thought of a log pipeline (a thread named after a whole request, a 2,000-frame recursion): each
 * record stays small whatever they hold.
 */
final class Bounds {
  /** Characters in a log record's body: one line. */
  static final int MAX_BODY = 1_000;

  /** Characters in any other string attribute, on log records and on metrics. */
  static final int MAX_STRING = 1_000;

  /** Frames in {@code code.stacktrace}: the same bound as the JSON lines and JFR events. */
  static final int MAX_FRAMES = dev.unclog.internal.Frames.MAX_EXPORTED;

  /** UTF-8 bytes in {@code code.stacktrace}, the "... n more" line included. */
  static final int MAX_STACK_BYTES = 16 * 1024;

  /** What a cut string ends with, so that a reader sees it was cut. */
  static final char ELLIPSIS = '\u2026';

  /* Room kept for "\n... 2147483647 more" (20 bytes), so the cut line always fits. */
  private static final int MORE_LINE_RESERVE = 24;

  private Bounds() {}

  /** {@code text} cut to {@code max} characters, ending with an ellipsis when it was cut. */
  static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never half a surrogate pair: the exporter would send a replacement character
    }
    return text.substring(0, end) + ELLIPSIS;
  }

  /**
   * {@code text} on one line: line breaks and other control characters become spaces, so that a
   * thread name with a newline cannot forge a second line in a plain-text log view.
   */
  static String oneLine(String text) {
    StringBuilder line = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isControl(c)) {
        if (line == null) {
          line = new StringBuilder(text);
        }
        line.setCharAt(i, ' ');
      }
    }
    return line == null ? text : line.toString();
  }

  private static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
  }

  /**
   * The stack as Java prints one, a line {@code at <frame>} per frame, innermost first, cut to
   * {@value #MAX_FRAMES} frames and {@value #MAX_STACK_BYTES} UTF-8 bytes at a line; a last line
   * {@code ... n more} says how many frames were left out, as in a Java stack trace. {@code cut[0]}
   * gets that number.
   */
  static String stackTrace(List<StackTraceElement> stack, int[] cut) {
    StringBuilder trace = new StringBuilder(Math.min(stack.size(), MAX_FRAMES) * 80);
    int budget = MAX_STACK_BYTES - MORE_LINE_RESERVE;
    int used = 0;
    int shown = 0;
    for (StackTraceElement frame : stack) {
      if (shown == MAX_FRAMES) {
        break;
      }
      String line = (shown == 0 ? "" : "\n") + "at " + oneLine(frame.toString());
      int bytes = utf8Length(line);
      if (used + bytes > budget) {
        if (shown > 0) {
          break;
        }
        // A single frame longer than the whole budget (a generated class's name): show its start.
        line = cutToBytes(line, budget);
        bytes = utf8Length(line);
      }
      trace.append(line);
      used += bytes;
      shown++;
    }
    int left = stack.size() - shown;
    if (left > 0) {
      trace.append(shown == 0 ? "" : "\n").append("... ").append(left).append(" more");
    }
    cut[0] = left;
    return trace.toString();
  }

  /** The longest prefix of {@code text}, with an ellipsis, of at most {@code max} UTF-8 bytes. */
  static String cutToBytes(String text, int max) {
    if (utf8Length(text) <= max) {
      return text;
    }
    int room = max - 3; // the ellipsis is 3 bytes in UTF-8
    int end = 0;
    int bytes = 0;
    while (end < text.length()) {
      int codePoint = text.codePointAt(end);
      int size = utf8Length(codePoint);
      if (bytes + size > room) {
        break;
      }
      bytes += size;
      end += Character.charCount(codePoint);
    }
    return text.substring(0, end) + ELLIPSIS;
  }

  static int utf8Length(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      bytes += utf8Length(codePoint);
      i += Character.charCount(codePoint);
    }
    return bytes;
  }

  private static int utf8Length(int codePoint) {
    if (codePoint < 0x80) {
      return 1;
    } else if (codePoint < 0x800) {
      return 2;
    } else if (codePoint < 0x10000) {
      // a lone surrogate goes out as one replacement byte: counting three errs on the safe side
      return 3;
    }
    return 4;
  }
}
