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
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
 * Reports opened in a real headless Chromium: a real monitor's run, whose culprit is on the page
 * and whose hub named {@code <script>alert(1)</script>} is text, not an element; and two runs of
 * one file, whose table sorts and whose filters hide rows and marks when clicked. Skipped if {@code
 * chromium} is not on the PATH, unless {@code UNCLOG_REQUIRE_CHROMIUM=1} (CI) makes that a failure.
 */
class ChromiumTest {
  static final String HOSTILE_HUB = "<script>alert(1)</script>";
  static final long CHROMIUM_DEADLINE_SECONDS = 120;

  @TempDir static Path dir;
  static Path chromium;
  static Path page;
  static Path twoRuns;

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
    Path twoRunEvents = Files.write(dir.resolve("two-runs.jsonl"), UnclogReportTest.twoRuns());
    twoRuns = dir.resolve("two-runs.html");
    status =
        UnclogReport.run(
            new String[] {twoRunEvents.toString(), "-o", twoRuns.toString()},
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
    assertEquals(2, dom.split("<script", -1).length, "one script element, the page's: " + dom);
    // it ran, its hash in the page's policy: it shows the filters and counts the rows
    assertTrue(dom.contains("<div class=\"filters\"><label>"), dom);
    assertTrue(dom.matches("(?s).*<output id=\"shown\">1 of 1 table rows shown</output>.*"), dom);
  }

  /**
   * Clicks headers and chooses filters in a copy of the two-run page, by a script added to it (and
   * to its policy), which writes what the table and the timelines then show into the page.
   */
  @Test
  void clicks_sortTheTable_andFiltersHideRowsAndMarks() throws Exception {
    String clicks =
        """
        const out = [];
        const ids = () => [...document.querySelectorAll('#episodes tbody tr')]
            .filter(r => !r.classList.contains('off')).map(r => r.cells[7].textContent).join(' ');
        const marks = () => document.querySelectorAll('svg rect[data-h]:not(.off)').length;
        const click = name => [...document.querySelectorAll('#episodes th')]
            .find(th => th.textContent === name).click();
        const choose = (key, text) => {
          const box = document.querySelector('select[data-f=' + key + ']');
          box.value = text ? [...box.options].find(o => o.text === text).value : '';
          box.dispatchEvent(new Event('change'));
        };
        out.push('start: ' + ids());
        click('Duration'); out.push('duration up: ' + ids());
        click('Duration'); out.push('duration down: ' + ids());
        click('Hub'); out.push('hub up: ' + ids());
        choose('c', 'on-cpu');
        out.push('on-cpu: ' + ids() + '; ' + marks() + ' marks; '
            + document.getElementById('shown').textContent);
        choose('h', 'loop-1'); out.push('on-cpu on loop-1: ' + ids() + '; ' + marks() + ' marks');
        choose('c', ''); choose('h', ''); choose('k', 'executor');
        out.push('executor: ' + ids() + '; ' + marks() + ' marks');
        document.getElementById('result').textContent = out.join('|');
        """;
    String html = Files.readString(twoRuns);
    String hash =
        Base64.getEncoder()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(clicks.getBytes(StandardCharsets.UTF_8)));
    assertTrue(html.contains("script-src 'sha256-"), html);
    Path copy = dir.resolve("two-runs-clicked.html");
    Files.writeString(
        copy,
        html.replace("script-src 'sha256-", "script-src 'sha256-" + hash + "' 'sha256-")
            .replace(
                "</body>",
                "<pre id=\"result\"></pre><script>document.title = 'pwned'</script><script>"
                    + clicks
                    + "</script></body>"));
    String dom = chromium("--dump-dom", copy.toUri().toString());
    String a = UnclogReportTest.RUN_A.run() + "-";
    String b = UnclogReportTest.RUN_B.run() + "-";
    String[] expected = {
      "start: " + a + "1 " + a + "2 " + a + "3 " + b + "1 " + b + "2",
      "duration up: " + a + "3 " + a + "2 " + b + "1 " + a + "1 " + b + "2",
      "duration down: " + b + "2 " + a + "1 " + b + "1 " + a + "2 " + a + "3",
      // the hostile hub's "<" first; loop-1's three kept in their order, by duration
      "hub up: " + a + "3 " + b + "2 " + a + "1 " + b + "1 " + a + "2",
      "on-cpu: " + b + "2 " + a + "2; 2 marks; 2 of 5 table rows shown",
      "on-cpu on loop-1: " + b + "2; 1 marks",
      "executor: " + a + "3; 1 marks"
    };
    assertTrue(dom.contains("<pre id=\"result\">" + String.join("|", expected) + "</pre>"), dom);
    assertFalse(dom.contains("<title>pwned"), "a script not in the policy does not run");
  }

  @Test
  void screenshot_ofTwoRuns_isANonTrivialPicture() throws Exception {
    Path png = dir.resolve("report.png");
    chromium("--window-size=1400,1800", "--screenshot=" + png, twoRuns.toUri().toString());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1400, image.getWidth());
    assertEquals(1800, image.getHeight());
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
