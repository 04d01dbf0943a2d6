/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines of at most {@value #MAX_LINE} characters. Unlike {@code BufferedReader.readLine}, a
 * file with one endless line cannot exhaust the heap: the rest of a longer line is read past, not
 * kept. Ends of line are {@code \n} and {@code \r\n}.
 */
final class LineReader {
  /** Far more than a real event (a 128-frame stack with 32 samples), far less than the heap. */
  static final int MAX_LINE = 1 << 20;

  private final Reader in;
  private final char[] buffer = new char[8192];
  private final StringBuilder line = new StringBuilder();
  private int position;
  private int limit;
  private long number;
  private boolean tooLong;

  LineReader(Reader in) {
    this.in = in;
  }

  /** The next line (empty if {@link #tooLong}), or null at the end of the input. */
  String next() throws IOException {
    line.setLength(0);
    tooLong = false;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          if (line.isEmpty() && !tooLong) {
            return null;
          }
          return end();
        }
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      if (!tooLong) {
        line.append(buffer, start, position - start);
        tooLong = line.length() > MAX_LINE;
        if (tooLong) {
          line.setLength(0);
        }
      }
      if (position < limit) {
        position++; // the '\n'
        return end();
      }
    }
  }

  /** The number of the line last returned, from 1. */
  long number() {
    return number;
  }

  /** Whether the line last returned was longer than {@value #MAX_LINE} characters. */
  boolean tooLong() {
    return tooLong;
  }

  private String end() {
    number++;
    if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
      line.setLength(line.length() - 1);
    }
    return line.toString();
  }
}
