/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import static dev.unclog.BlockingEvent.Type.BLOCKED;
import static dev.unclog.BlockingEvent.Type.UNBLOCKED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What reaches the user, and how much of it: repeats, limits, filters, offenders, loggers. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReportingTest {
  static final String RULE = "=".repeat(80);

  @TempDir Path dir;

  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream text = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  final Recorder recorder = new Recorder();

  Monitor.Builder builder() {
    return TestMonitors.builder().printTo(text).listener(recorder);
  }

  String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void repeatsOfOnePlace_areOneFullReport_thenOneLineEach() throws Exception {
    try (Monitor monitor = builder().build();
        TestLoop loop = new TestLoop(monitor, "loop-rep")) {
      for (int i = 0; i < 3; i++) {
        loop.runAndWait(ReportingTest::blockHere);
        recorder.await(UNBLOCKED, i + 1);
      }
    }
    String out = text();
    assertEquals(1, out.split(RULE, -1).length - 1, "one full report: " + out);
    assertEquals(1, out.split("Blocked Stack", -1).length - 1, out);
    List<BlockingEvent> episodes = recorder.of(BLOCKED);
    assertEquals(3, episodes.size(), "listeners get every episode");
    assertEquals(
        1,
        episodes.stream().map(BlockingEvent::fingerprint).distinct().count(),
        "one place: " + episodes);
    assertTrue(
        out.contains("(seen 2 times; reported in full as episode " + episodes.get(0).episodeId()),
        out);
    assertTrue(out.contains("(seen 3 times;"), out);
    assertTrue(
        out.lines()
            .anyMatch(
                l ->
                    l.contains(" blocked hub loop-rep (event-loop) for ")
                        && l.contains(
                            ", at dev.unclog.ReportingTest.blockHere(ReportingTest.java")),
        out);
  }

  @Test
  void fullReportsPerMinute_areLimited_andTheRestAreOneLine() throws Exception {
    try (Monitor monitor = builder().repeatWindow(Duration.ZERO).maxReportsPerMinute(1).build();
        TestLoop loop = new TestLoop(monitor, "loop-rate")) {
      loop.runAndWait(ReportingTest::blockHere);
      loop.runAndWait(ReportingTest::blockThere);
      recorder.await(UNBLOCKED, 2);
    }
    String out = text();
    assertEquals(1, out.split(RULE, -1).length - 1, out);
    assertTrue(out.contains("(1 full reports in the last minute: brief until it passes)"), out);
    assertTrue(out.contains(", at dev.unclog.ReportingTest.blockThere(ReportingTest.java"), out);
  }

  @Test
  void repeatWindowZero_reportsEveryEpisodeInFull() throws Exception {
    try (Monitor monitor = builder().repeatWindow(Duration.ZERO).build();
        TestLoop loop = new TestLoop(monitor, "loop-all")) {
      loop.runAndWait(ReportingTest::blockHere);
      loop.runAndWait(ReportingTest::blockHere);
      recorder.await(UNBLOCKED, 2);
    }
    assertEquals(2, text().split(RULE, -1).length - 1, text());
  }

  @Test
  void filter_dropsAnEpisodeEverywhere_beforeAnyReport() throws Exception {
    Path file = dir.resolve("events.jsonl");
    List<String> filtered = new CopyOnWriteArrayList<>();
    try (Monitor monitor =
            builder()
                .reportFile(file)
                .filter(
                    event -> {
                      filtered.add(event.type() + " " + Thread.currentThread().getName());
                      return !String.valueOf(event.culprit()).contains("blockThere");
                    })
                .build();
        TestLoop loop = new TestLoop(monitor, "loop-filter")) {
      loop.runAndWait(ReportingTest::blockThere); // dropped
      loop.runAndWait(ReportingTest::blockHere); // reported
      recorder.await(UNBLOCKED, 1);
      monitor.flush(Recorder.DEADLINE);
    }
    assertEquals(1, recorder.of(BLOCKED).size(), "" + recorder.events);
    assertTrue(
        recorder.events.stream().allMatch(e -> e.culprit().getMethodName().equals("blockHere")),
        "" + recorder.events);
    assertEquals(2, filtered.size(), "once per episode: " + filtered);
    assertTrue(
        filtered.stream().allMatch(f -> f.startsWith("BLOCKED unclog-")),
        "on the blocked event, on a reporter thread: " + filtered);
    assertFalse(text().contains("blockThere"), text());
    assertFalse(Files.readString(file).contains("blockThere"));
    assertTrue(Files.readString(file).contains("blockHere"));
  }

  @Test
  void throwingFilter_reportsAnyway() throws Exception {
    try (Monitor monitor = builder().build();
        TestLoop loop = new TestLoop(monitor, "loop-thr")) {
      Registration filter =
          monitor.addFilter(
              event -> {
                throw new IllegalStateException("broken filter");
              });
      loop.runAndWait(ReportingTest::blockHere);
      recorder.await(UNBLOCKED, 1);
      filter.close();
    }
    assertEquals(1, recorder.of(BLOCKED).size());
  }

  @Test
  void topOffenders_addUpEpisodesByPlace_mostBlockedFirst() throws Exception {
    try (Monitor monitor = builder().printTo(null).build();
        TestLoop loop = new TestLoop(monitor, "loop-top")) {
      loop.runAndWait(ReportingTest::blockThere);
      for (int i = 0; i < 3; i++) {
        loop.runAndWait(ReportingTest::blockHere);
      }
      recorder.await(UNBLOCKED, 4);
      List<Offender> top = monitor.topOffenders(10);
      assertEquals(2, top.size(), "" + top);
      Offender first = top.get(0);
      assertEquals("blockHere", first.culprit().getMethodName());
      assertEquals(3, first.episodes());
      assertTrue(first.total().compareTo(first.longest()) > 0);
      assertEquals(3, first.causes().values().stream().mapToInt(Integer::intValue).sum());
      assertEquals(1, top.get(1).episodes());
      assertEquals(1, monitor.topOffenders(1).size());
      String summary = monitor.summary();
      assertTrue(
          summary.contains("dev.unclog.ReportingTest.blockHere(ReportingTest.java"), summary);
      assertTrue(summary.indexOf("blockHere") < summary.indexOf("blockThere"), summary);
    }
  }

  @Test
  void logger_getsTheReports_blockedAsWarning_unblockedAsInfo() throws Exception {
    Logger jul = Logger.getLogger("dev.unclog.test.logger");
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    jul.addHandler(handler);
    try (Monitor monitor =
            builder().printTo(null).logTo(System.getLogger("dev.unclog.test.logger")).build();
        TestLoop loop = new TestLoop(monitor, "loop-log")) {
      loop.runAndWait(ReportingTest::blockHere);
      recorder.await(UNBLOCKED, 1);
      monitor.flush(Recorder.DEADLINE);
    } finally {
      jul.removeHandler(handler);
    }
    LogRecord blocked =
        records.stream()
            .filter(r -> r.getMessage().contains(" blocked hub loop-log"))
            .findFirst()
            .orElse(null);
    assertNotNull(blocked, "" + records);
    assertEquals(Level.WARNING, blocked.getLevel());
    assertTrue(blocked.getMessage().contains("ReportingTest.blockHere("), blocked.getMessage());
    assertFalse(blocked.getMessage().endsWith("\n"));
    assertTrue(blocked.getMessage().contains("\nInfo:"), "its Info: in the same record");
    assertTrue(
        records.stream().noneMatch(r -> r.getMessage().startsWith("Info:")),
        "no record of its own for Info: " + records);
    assertTrue(
        records.stream()
            .anyMatch(
                r ->
                    r.getLevel() == Level.INFO
                        && r.getMessage().contains(" unblocked hub loop-log")),
        "" + records);
  }

  // Two places, alike but for their names: a culprit is the innermost frame outside the JDK, so
  // each makes the blocking call itself.
  static void blockHere() throws InterruptedException {
    Thread.sleep(250);
  }

  static void blockThere() throws InterruptedException {
    Thread.sleep(250);
  }
}
