/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;

/**
 * Counts the lines skipped as bad, and says so on stderr: one line the first time each kind of
 * problem is met (a file of a million bad lines prints a handful), and a total at the end.
 */
final class BadLines {
  /** Kinds named one by one; past that, only the total says more were met. */
  static final int MAX_KINDS = 20;

  private final PrintStream err;
  private final Set<String> kinds = new HashSet<>();
  private long count;
  private String first;

  BadLines(PrintStream err) {
    this.err = err;
  }

  /** Skips line {@code number} because of {@code problem}, a one-line message. */
  void skip(long number, String problem) {
    count++;
    String where = "line " + number + ": " + problem;
    if (first == null) {
      first = where;
    }
    // the same problem at another column is the same kind of problem
    String kind = problem.replaceAll(" at column \\d+$", "");
    if (kinds.size() < MAX_KINDS && kinds.add(kind)) {
      err.println("unclog report: skipping " + where);
    }
  }

  long count() {
    return count;
  }

  /** Prints the total, if any line was skipped. */
  void printTotal() {
    if (count > 0) {
      err.println(
          "unclog report: skipped "
              + count
              + " bad line"
              + (count == 1 ? "" : "s")
              + " (first: "
              + first
              + ")");
    }
  }
}
