/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A log record is bounded: a report with a deep stack is cut at a line, saying so. */
class TextSinkRecordTest {
  @Test
  void aDeepReport_isCutAtALine_underTheBound_andSaysHowMuchIsLeftOut() {
    StringBuilder report = new StringBuilder("2026-12-02T14:00:00Z : task blocked hub loop\n");
    for (int i = 0; i < 3000; i++) { // 3,000 frames of 40 characters: 120,000 characters
      report.append(String.format("    at app.Deep.recurse(Deep.java:%05d)\n", i));
    }
    String record = TextSink.record(report.toString());
    assertTrue(record.length() <= TextSink.MAX_RECORD_CHARS, "" + record.length());
    assertTrue(record.startsWith("2026-12-02T14:00:00Z : task blocked hub loop\n"));
    String last = record.substring(record.lastIndexOf('\n') + 1);
    assertTrue(
        last.matches(
            "    \\.\\.\\. [0-9]+ more lines cut \\(a log record holds at most"
                + " 32768 characters; the report file has them all\\)"),
        last);
    long kept = record.lines().filter(l -> l.startsWith("    at ")).count();
    long cut = Long.parseLong(last.trim().split(" ")[1]);
    assertEquals(3000, kept + cut, "every frame is kept or counted");
    String small = "a short report\n    at app.A.b(A.java:1)";
    assertEquals(small, TextSink.record(small));
  }
}
