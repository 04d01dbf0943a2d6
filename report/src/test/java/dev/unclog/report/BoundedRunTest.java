/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.unclog.testing.ChildJava;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A big file, in a small heap, in bounded time: a 30-second run with thousands of virtual threads
 * blocking their carriers (50,000 episodes over 5,000 hub and task names, a few hundred distinct
 * stacks), reported by a child JVM with {@code -Xmx64m}.
 */
class BoundedRunTest {
  static final int EPISODES = 50_000;
  static final int NAMES = 5_000;
  static final int STACKS = 300;
  static final long DEADLINE_SECONDS = 60;
  static final long MAX_PAGE_BYTES = 10_000_000;

  @TempDir Path dir;

  @Test
  void report_ofFiftyThousandEpisodes_inA64MegabyteHeap() throws Exception {
    Path events = dir.resolve("events.jsonl");
    long inputBytes = writeThirtySecondRun(events);
    Path page = dir.resolve("report.html");
    Path err = dir.resolve("err.txt");
    Process child =
        ChildJava.builder(
                List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"),
                UnclogReport.class,
                events.toString(),
                "-o",
                page.toString())
            .redirectErrorStream(true)
            .redirectOutput(err.toFile())
            .start();
    if (!child.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      fail("no report within " + DEADLINE_SECONDS + " s of a " + inputBytes + "-byte file");
    }
    String output = Files.readString(err);
    assertEquals(0, child.exitValue(), output);
    assertEquals(
        "unclog report: wrote " + page + " (" + EPISODES + " episodes, " + NAMES + " hubs)\n",
        output);
    long pageBytes = Files.size(page);
    assertTrue(pageBytes < MAX_PAGE_BYTES, pageBytes + " bytes");
    String html = Files.readString(page);
    assertTrue(
        html.contains(
            "The "
                + Summary.MAX_TIMELINE
                + " longest episodes are drawn; "
                + (EPISODES - Summary.MAX_TIMELINE)
                + " shorter episodes"),
        "timeline capped");
    assertTrue(
        html.contains("<code>app//com.example.Service0.query(Service0.java:42)</code>"),
        "an offender");
    assertTrue(
        html.contains(
            "The "
                + HtmlReport.MAX_EPISODE_ROWS
                + " longest episodes; "
                + (EPISODES - HtmlReport.MAX_EPISODE_ROWS)
                + " more, shorter, not shown."),
        "table capped");
    assertEquals(HtmlReport.MAX_EPISODE_ROWS, html.split("<tr data-h=", -1).length - 1);
    String hubs = html.substring(html.indexOf("<select data-f=\"h\">"));
    hubs = hubs.substring(0, hubs.indexOf("</select>"));
    assertEquals(Filters.MAX_OPTIONS + 1, hubs.split("<option value=", -1).length - 1, "and all");
    assertTrue(
        hubs.matches(
            ".*<option disabled>\\(\\d+ more, with less blocked time, not listed\\)</option>"),
        hubs);
  }

  /** Writes the file, each episode a {@code blocked} and an {@code unblocked} line. */
  static long writeThirtySecondRun(Path file) throws IOException {
    Random random = new Random(42);
    List<List<String>> stacks = new ArrayList<>();
    for (int i = 0; i < STACKS; i++) {
      stacks.add(
          List.of(
              random.nextBoolean()
                  ? "java.base/java.lang.Thread.sleepNanos0(Native Method)"
                  : "java.base/sun.nio.ch.Net.poll(Native Method)",
              "app//com.example.Service" + i % 30 + ".query(Service" + i % 30 + ".java:42)",
              "app//com.example.Handler" + i + ".handle(Handler" + i + ".java:" + i + ")",
              "app//com.example.Router.route(Router.java:" + i % 7 + ")",
              "java.base/java.lang.VirtualThread.run(VirtualThread.java:466)"));
    }
    Instant start = Instant.parse("2026-11-21T10:00:00Z");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < EPISODES; i++) {
        List<String> stack = stacks.get(random.nextInt(STACKS));
        Instant since = start.plusMillis(random.nextInt(30_000));
        long millis = 100 + random.nextInt(900);
        String hub = "ForkJoinPool-1-worker-" + i % NAMES;
        String task = "virtual thread \"handler-" + i % NAMES + "\" #" + (100 + i % NAMES);
        String cause = random.nextBoolean() ? "waiting" : "on-cpu";
        EventLines.Episode episode =
            new EventLines.Episode("7-" + i, since, "carrier", hub, task, stack);
        out.write(EventLines.json(episode.event("blocked", 110, cause)));
        out.newLine();
        Map<String, Object> unblocked = episode.event("unblocked", millis, cause);
        unblocked.put(
            "samples",
            List.of(
                EventLines.sample(millis / 100, stack),
                EventLines.sample(1, stacks.get(random.nextInt(STACKS)))));
        out.write(EventLines.json(unblocked));
        out.newLine();
      }
    }
    return Files.size(file);
  }
}
