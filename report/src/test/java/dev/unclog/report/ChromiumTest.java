/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.unclog.Monitor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report of a real monitor's run, opened in a real headless Chromium: the culprit is on the page
 * and a hub named {@code <script>alert(1)</script>} is text, not an element. Skipped if {@code
 * chromium} is not on the PATH, unless {@code UNCLOG_REQUIRE_CHROMIUM=1} (CI) makes that a failure.
 */
class ChromiumTest {
  static final String HOSTILE_HUB = "<script>alert(1)</script>";
  static final long CHROMIUM_DEADLINE_SECONDS = 120;

  @TempDir static Path dir;
  static Path chromium;
  static Path page;

  @BeforeAll
  static void findChromiumAndWriteAReport() throws Exception {
    String path = System.getenv().getOrDefault("PATH", "");
    Optional<Path> found =
        Stream.of(path.split(File.pathSeparator))
            .map(folder -> Path.of(folder, "chromium"))
            .filter(Files::isExecutable)
            .findFirst();
    if (found.isEmpty()) {
      String why = "chromium is not on the PATH (apt-get install chromium)";
      if ("1".equals(System.getenv("UNCLOG_REQUIRE_CHROMIUM"))) {
        fail(why + ", and UNCLOG_REQUIRE_CHROMIUM=1 requires it");
      }
      Assumptions.abort(why + "; set UNCLOG_REQUIRE_CHROMIUM=1 to fail instead of skipping");
    }
    chromium = found.get();
    Path events = dir.resolve("events.jsonl");
    recordARealRun(events);
    page = dir.resolve("report.html");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        UnclogReport.run(
            new String[] {events.toString(), "-o", page.toString()},
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
  }

  /** A monitor watching a single-threaded executor, named to attack the page, whose task sleeps. */
  static void recordARealRun(Path events) throws Exception {
    try (Monitor monitor =
        Monitor.builder()
            .maxBlockingTime(Duration.ofMillis(50))
            .printTo(null)
            .reportFile(events)
            .build()) {
      ExecutorService loop =
          monitor.watch(Executors.newSingleThreadExecutor(task -> new Thread(task, HOSTILE_HUB)));
      try {
        loop.submit(ChromiumTest::sleepOnTheLoop).get();
      } finally {
        loop.shutdown();
      }
      monitor.flush(Duration.ofSeconds(10));
    }
    List<String> lines = Files.readAllLines(events);
    assertTrue(
        lines.stream().anyMatch(line -> line.startsWith("{\"event\":\"unblocked\"")),
        lines.toString());
  }

  static void sleepOnTheLoop() {
    try {
      Thread.sleep(400);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void dumpDom_showsTheCulpritAndTheHostileHubAsText() throws Exception {
    String dom = chromium("--dump-dom", page.toUri().toString());
    assertTrue(
        dom.contains("dev.unclog.report.ChromiumTest.sleepOnTheLoop(ChromiumTest.java:"), dom);
    // serialized text of a text node: escaped; had it been parsed as markup, it would be raw
    assertTrue(dom.contains(">&lt;script&gt;alert(1)&lt;/script&gt;<title>"), dom);
    assertFalse(dom.contains(HOSTILE_HUB), dom);
    assertFalse(dom.contains("<script"), "no script element at all: " + dom);
  }

  @Test
  void screenshot_isANonTrivialPicture() throws Exception {
    Path png = dir.resolve("report.png");
    chromium("--window-size=1300,900", "--screenshot=" + png, page.toUri().toString());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1300, image.getWidth());
    assertEquals(900, image.getHeight());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 20, "text, table and charts drawn: " + colours.size() + " colours");
  }

  /** Runs headless Chromium with {@code args}; returns its stdout. */
  static String chromium(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + dir.resolve("profile")));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "chromium", ".out");
    Path err = Files.createTempFile(dir, "chromium", ".err");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(CHROMIUM_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("chromium took over " + CHROMIUM_DEADLINE_SECONDS + " s: " + Files.readString(err));
    }
    assertEquals(0, process.exitValue(), Files.readString(err));
    return Files.readString(out);
  }
}
