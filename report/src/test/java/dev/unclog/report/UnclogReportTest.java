/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import static dev.unclog.report.EventLines.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.report.EventLines.Episode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnclogReportTest {
  static final Instant START = Instant.parse("2026-11-21T23:34:44.438Z");
  static final List<String> SLEEP_STACK =
      List.of(
          "java.base/java.lang.Thread.sleepNanos0(Native Method)",
          "java.base/java.lang.Thread.sleep(Thread.java:540)",
          "app//com.example.Dao.fetch(Dao.java:60)",
          "app//com.example.Handler.channelRead(Handler.java:12)",
          "java.base/java.lang.Thread.run(Thread.java:1474)");
  static final String SCRIPT = "<script>alert(1)</script>";
  /* A sleep on an executor: the episode of the tests about something else than its fields. */
  static final Episode IN_THE_POOL =
      new Episode("1-1", START, "executor", "pool", "Task", SLEEP_STACK);

  @TempDir Path dir;

  /** What a run of the tool left: its exit status, the page and the lines on stderr. */
  record Run(int status, String html, List<String> err) {}

  Run report(List<String> lines) throws IOException {
    Path input = dir.resolve("events.jsonl");
    Files.write(input, lines, StandardCharsets.UTF_8);
    return report(input);
  }

  Run report(Path input, String... more) throws IOException {
    Path output = dir.resolve("report.html");
    Files.deleteIfExists(output);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of(input.toString(), "-o", output.toString()));
    args.addAll(List.of(more));
    int status =
        UnclogReport.run(
            args.toArray(String[]::new), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status,
        Files.exists(output) ? Files.readString(output) : null,
        err.toString(StandardCharsets.UTF_8).lines().toList());
  }

  /* --- the page --- */

  /* A 3,012 ms wait on loop-1, then a 250 ms spin on loop-2, both at SLEEP_STACK. */
  static List<String> twoEpisodesOnLoops() {
    List<String> lines = new ArrayList<>();
    lines.addAll(
        new Episode("1-1", START, "event-loop", "loop-1", "Handler", SLEEP_STACK)
            .lines(3012, "waiting"));
    lines.addAll(
        new Episode("1-2", START.plusSeconds(4), "event-loop", "loop-2", "Handler", SLEEP_STACK)
            .lines(250, "on-cpu"));
    return lines;
  }

  @Test
  void run_realisticEpisodes_showOffendersTimelineAndFlameGraph() throws IOException {
    List<String> lines = twoEpisodesOnLoops();
    lines.add("{\"event\":\"memory_exceeded\",\"time\":\"2026-11-21T23:34:45Z\",\"usedBytes\":1}");
    Run run = report(lines);

    assertEquals(0, run.status(), run.err().toString());
    assertEquals(
        List.of("unclog report: wrote " + dir.resolve("report.html") + " (2 episodes, 2 hubs)"),
        run.err());
    String html = run.html();
    assertTrue(html.contains("<code>app//com.example.Dao.fetch(Dao.java:60)</code>"), html);
    assertTrue(html.contains(">on-cpu 1, waiting 1<"), html);
    assertTrue(html.contains(">3.26 s<"), "total of the offender: " + html);
    assertTrue(html.contains(">loop-1<title>loop-1 (event-loop)</title>"), html);
    assertTrue(html.contains(">Handler.channelRead(Handler.java:12)</text>"), "flame graph label");
    assertTrue(
        html.contains(
            "<title>java.base/java.lang.Thread.run(Thread.java:1474)\n3.26 s," + " 100.0%</title>"),
        html);
    assertTrue(html.contains("<dt>Memory events</dt><dd>1</dd>"), html);
    assertFalse(html.contains("://"), "self-contained: nothing to fetch");
    assertTrue(
        html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"),
        "and the browser told to fetch nothing");
  }

  /* Two runs of one service 20 s apart, as two JVMs appending to one file leave them. */
  static final EventLines.Run RUN_A = new EventLines.Run("web-7", 5457, "3f9c2a71b04e");
  static final EventLines.Run RUN_B = new EventLines.Run("web-7", 6120, "a1b2c3d4e5f6");
  static final Instant RUN_A_START = Instant.parse("2026-11-21T10:21:14.250Z");
  static final Instant RUN_B_START = RUN_A_START.plusSeconds(20);
  static final String IMG = "<img src=x onerror=alert(1)>";
  static final List<String> SPIN_STACK =
      List.of(
          "app//com.example.Crypto.hash(Crypto.java:77)",
          "app//com.example.Handler.channelRead(Handler.java:14)",
          "java.base/java.lang.Thread.run(Thread.java:1474)");

  /** Three episodes in run A, one on a hub named to attack the page, then two in run B. */
  static List<String> twoRuns() {
    List<String> lines = new ArrayList<>();
    lines.addAll(
        RUN_A.lines(
            RUN_A.episode(1, RUN_A_START, "event-loop", "loop-1", SLEEP_STACK), 1200, "waiting"));
    lines.addAll(
        RUN_A.lines(
            RUN_A.episode(2, RUN_A_START.plusMillis(750), "event-loop", "loop-2", SPIN_STACK),
            300,
            "on-cpu"));
    lines.addAll(
        RUN_A.lines(
            RUN_A.episode(3, RUN_A_START.plusMillis(2250), "executor", IMG, SLEEP_STACK),
            150,
            "gc"));
    lines.addAll(
        RUN_B.lines(
            RUN_B.episode(1, RUN_B_START, "event-loop", "loop-1", SLEEP_STACK), 800, "waiting"));
    lines.addAll(
        RUN_B.lines(
            RUN_B.episode(2, RUN_B_START.plusMillis(850), "event-loop", "loop-1", SPIN_STACK),
            2500,
            "on-cpu"));
    return lines;
  }

  /** The page's parts between each {@code <section class="run"} and the next or the end. */
  static List<String> sections(String html) {
    String[] parts = html.split("<section class=\"run\"");
    return List.of(parts).subList(1, parts.length);
  }

  /** Each text of a tick label in {@code html}, in order. */
  static List<String> ticks(String html) {
    List<String> ticks = new ArrayList<>();
    Matcher tick =
        Pattern.compile("<text class=\"tick\" x=\"[^\"]*\" y=\"13\">([^<]*)").matcher(html);
    while (tick.find()) {
      ticks.add(tick.group(1));
    }
    return ticks;
  }

  /** The episodes table's rows, each as its cells' text (markup removed, entities kept). */
  static List<List<String>> episodeRows(String html) {
    String body = html.substring(html.indexOf("<table id=\"episodes\">"));
    body = body.substring(body.indexOf("<tbody>") + 7, body.indexOf("</tbody>")).strip();
    return body.lines()
        .map(
            row ->
                List.of(
                    row.replaceAll("</td><td[^>]*>", "\t").replaceAll("<[^>]*>", "").split("\t")))
        .toList();
  }

  @Test
  void run_twoRuns_aSectionEach_onItsOwnWallClockAxis() throws IOException {
    Run run = report(twoRuns());
    assertEquals(0, run.status(), run.err().toString());
    String html = run.html();
    assertTrue(html.contains("<dt>JVM runs</dt><dd>2</dd>"), html);
    List<String> sections = sections(html);
    assertEquals(2, sections.size(), html);
    String a = sections.get(0);
    String b = sections.get(1);
    assertTrue(a.startsWith(" id=\"run-0\"><h3>Run 3f9c2a71b04e, pid 5457 on web-7</h3>"), a);
    assertTrue(b.startsWith(" id=\"run-1\"><h3>Run a1b2c3d4e5f6, pid 6120 on web-7</h3>"), b);
    // the first event is the blocked one, at the threshold; the last, the longest one's end
    assertTrue(
        a.contains(
            "Events from 2026-11-21 10:21:14.350 UTC to 2026-11-21 10:21:16.650 UTC (2.30 s);"
                + " 3 episodes, 1.65 s blocked."),
        a);
    // 2.4 s and 3.35 s of episodes: ticks every 500 ms from each run's own start
    assertEquals(
        List.of("10:21:14.250", "10:21:14.750", "10:21:15.250", "10:21:15.750", "10:21:16.250"),
        ticks(a));
    assertEquals(
        List.of(
            "10:21:34.250",
            "10:21:34.750",
            "10:21:35.250",
            "10:21:35.750",
            "10:21:36.250",
            "10:21:36.750",
            "10:21:37.250"),
        ticks(b));
    // each run's first episode at the start of its own axis, not 20 s along a shared one
    for (String section : sections) {
      assertTrue(
          section.contains(" x=\"" + HtmlReport.LABEL_WIDTH + "\" y=\""),
          "a mark at the axis's start: " + section);
    }
    assertFalse(a.contains("Task4"), "run B's episodes are not in run A's section");
  }

  @Test
  void run_episodesTable_aRowPerEpisode_inStartOrder_linkedToRunsAndStacks() throws IOException {
    String html = report(twoRuns()).html();
    assertEquals(
        List.of(
            List.of(
                "2026-11-21 10:21:14.250",
                "3f9c2a71b04e",
                "loop-1",
                "event-loop",
                "waiting",
                "1.20 s",
                "app//com.example.Dao.fetch(Dao.java:60)",
                "3f9c2a71b04e-1"),
            List.of(
                "2026-11-21 10:21:15.000",
                "3f9c2a71b04e",
                "loop-2",
                "event-loop",
                "on-cpu",
                "300 ms",
                "app//com.example.Crypto.hash(Crypto.java:77)",
                "3f9c2a71b04e-2"),
            List.of(
                "2026-11-21 10:21:16.500",
                "3f9c2a71b04e",
                "&lt;img src=x onerror=alert(1)&gt;",
                "executor",
                "gc",
                "150 ms",
                "app//com.example.Dao.fetch(Dao.java:60)",
                "3f9c2a71b04e-3"),
            List.of(
                "2026-11-21 10:21:34.250",
                "a1b2c3d4e5f6",
                "loop-1",
                "event-loop",
                "waiting",
                "800 ms",
                "app//com.example.Dao.fetch(Dao.java:60)",
                "a1b2c3d4e5f6-1"),
            List.of(
                "2026-11-21 10:21:35.100",
                "a1b2c3d4e5f6",
                "loop-1",
                "event-loop",
                "on-cpu",
                "2.50 s",
                "app//com.example.Crypto.hash(Crypto.java:77)",
                "a1b2c3d4e5f6-2")),
        episodeRows(html));
    assertTrue(html.contains("<td data-v=\"" + RUN_B_START.toEpochMilli() + "\">"), "sort key");
    assertTrue(html.contains("<td class=\"n\" data-v=\"2500\">2.50 s</td>"), "sort key");
    assertTrue(html.contains("<a href=\"#run-1\">a1b2c3d4e5f6</a>"), html);
    // Crypto.hash blocked 2.8 s in all, more than Dao.fetch: the first place, in every link
    String crypto =
        "<a href=\"#place-0\"><code>app//com.example.Crypto.hash(Crypto.java:77)</code></a>";
    assertEquals(3, html.split(Pattern.quote(crypto), -1).length - 1, "the offender and 2 rows");
    assertTrue(
        html.contains(
            "<div class=\"stack\" id=\"place-0\"><h3><code>app//com.example.Crypto.hash("),
        html);
    assertTrue(
        html.contains(
            "stack of episode <code>3f9c2a71b04e-2</code></p><pre>"
                + String.join("\n", SPIN_STACK)
                + "</pre>"),
        html);
    assertTrue(html.contains("<a href=\"#place-1\"><code>app//com.example.Dao.fetch("), html);
    assertTrue(html.contains("<div class=\"stack\" id=\"place-1\">"), html);
  }

  @Test
  void run_hostileHub_isEscapedInTheTableAndTheFilters() throws IOException {
    String html = report(twoRuns()).html();
    assertFalse(html.contains("<img"), html);
    assertTrue(html.contains("<td>&lt;img src=x onerror=alert(1)&gt;</td>"), html);
    // the hubs sorted by name: "&lt;img" before "loop-1"
    assertTrue(
        html.contains(
            "<select data-f=\"h\"><option value=\"\">all</option>"
                + "<option value=\"0\">&lt;img src=x onerror=alert(1)&gt;</option>"
                + "<option value=\"1\">loop-1</option><option value=\"2\">loop-2</option>"
                + "</select>"),
        html);
    assertTrue(
        html.contains(
            "<select data-f=\"c\"><option value=\"\">all</option><option value=\"0\">gc</option>"
                + "<option value=\"1\">on-cpu</option><option value=\"2\">waiting</option>"),
        html);
    // its row and its mark name their options by number; kinds: event-loop 0, executor 1
    assertTrue(html.contains("<tr data-h=\"0\" data-k=\"1\" data-c=\"0\"><td"), html);
    assertTrue(html.contains("<rect class=\"gc\" data-h=\"0\" data-k=\"1\" data-c=\"0\" x="), html);
  }

  @Test
  void run_linesWithoutHostPidAndRun_areOneUnnamedRun() throws IOException {
    List<String> lines = new ArrayList<>(IN_THE_POOL.lines(300, "waiting"));
    lines.addAll(
        new Episode("4242-2", START.plusSeconds(60), "executor", "pool", "T", SLEEP_STACK)
            .lines(200, "waiting"));
    lines.addAll(
        RUN_A.lines(
            RUN_A.episode(1, START.plusSeconds(600), "executor", "pool", SLEEP_STACK),
            400,
            "waiting"));
    String html = report(lines).html();
    List<String> sections = sections(html);
    assertEquals(2, sections.size(), html);
    assertTrue(
        sections.get(0).contains("<h3>Unnamed run (lines without host, pid and run)</h3>"),
        sections.get(0));
    assertTrue(sections.get(0).contains("2 episodes, 500 ms blocked."), sections.get(0));
    assertTrue(sections.get(1).contains("<h3>Run 3f9c2a71b04e, pid 5457 on web-7</h3>"));
    assertTrue(html.contains("<a href=\"#run-0\">unnamed</a>"), html);
  }

  @Test
  void tickStep_roundSteps_atMostTheTicksAsked() {
    assertEquals(500, Timelines.tickStep(2_400, 7));
    assertEquals(1_000, Timelines.tickStep(3_500, 7), "3.5 s: 7 ticks of 500 ms would be 8");
    assertEquals(15_000, Timelines.tickStep(90_000, 7));
    assertEquals(86_400_000, Timelines.tickStep(5L * 86_400_000, 7));
    assertEquals(2L * 86_400_000, Timelines.tickStep(9L * 86_400_000, 7));
  }

  /** --folded: stacks for speedscope and flamegraph.pl, outermost first, no space in a frame. */
  @Test
  void run_folded_writesFoldedStacks_onStdout_optionsBeforeOrAfterTheFile() throws IOException {
    List<String> lines = twoEpisodesOnLoops();
    Path input = dir.resolve("events.jsonl");
    Files.write(input, lines, StandardCharsets.UTF_8);
    for (String[] args :
        List.of(
            new String[] {"--folded", input.toString()},
            new String[] {input.toString(), "--folded"})) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status =
          UnclogReport.run(
              args,
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
      List<String> folded = out.toString(StandardCharsets.UTF_8).lines().toList();
      assertEquals(
          List.of(
              "java.base/java.lang.Thread.run(Thread.java:1474);"
                  + "app//com.example.Handler.channelRead(Handler.java:12);"
                  + "app//com.example.Dao.fetch(Dao.java:60);"
                  + "java.base/java.lang.Thread.sleep(Thread.java:540);"
                  + "java.base/java.lang.Thread.sleepNanos0(Native_Method) 3262"),
          folded);
      assertFalse(Files.exists(dir.resolve("events.html")), "no page with --folded");
    }
    Run toFile = report(input, "--folded");
    assertEquals(0, toFile.status(), toFile.err().toString());
    assertTrue(toFile.html().endsWith("(Native_Method) 3262\n"), toFile.html());
  }

  /** Found in review: a frame's own line break or escape would break a folded line. */
  @Test
  void folded_aFrameWithControlCharacters_staysOneWordOfOneLine() throws IOException {
    FlameGraph graph = new FlameGraph();
    graph.add(List.of("app//A.b(A.java:1)\n\u001b[31m;x y\tz", "app//Main.main(Main.java:9)"), 42);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FlameGraph.writeFolded(graph.root(), new PrintStream(out, true, StandardCharsets.UTF_8));
    assertEquals(
        List.of("app//Main.main(Main.java:9);app//A.b(A.java:1)__[31m:x_y_z 42"),
        out.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void run_outputThatIsALink_isRefused_andTheFileItPointsAtUntouched() throws IOException {
    Path input = Files.writeString(dir.resolve("events.jsonl"), "");
    Path victim = Files.writeString(dir.resolve("victim.txt"), "precious\n");
    Path link = Files.createSymbolicLink(dir.resolve("shared.html"), victim);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        UnclogReport.run(
            new String[] {input.toString(), "-o", link.toString()},
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, status);
    assertEquals("precious\n", Files.readString(victim));
    assertEquals(
        List.of(
            "unclog report: the report "
                + link
                + " is refused: it is a symbolic"
                + " link (a report file must be this user's regular file or FIFO, not writable by"
                + " others)"),
        err.toString(StandardCharsets.UTF_8).lines().toList());
    Path fresh = dir.resolve("fresh.html");
    assertEquals(
        0,
        UnclogReport.run(
            new String[] {input.toString(), "-o", fresh.toString()},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    assertEquals(
        "rw-------",
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)),
        "stacks and names: the owner's only");
  }

  @Test
  void run_noEpisodes_stillWritesAPage() throws IOException {
    Run run = report(List.of());
    assertEquals(0, run.status());
    assertTrue(run.html().contains("<dt>Episodes</dt><dd>0</dd>"), run.html());
  }

  @Test
  void run_fingerprintAndCulpritInTheFile_areTakenAtTheirWord() throws IOException {
    Map<String, Object> unblocked =
        new Episode(
                "1-1",
                START,
                "carrier",
                "ForkJoinPool-1-worker-1",
                "virtual thread #31",
                SLEEP_STACK)
            .event("unblocked", 500, "gc");
    unblocked.put("fingerprint", "c0ffee");
    unblocked.put("culprit", "app//com.example.Chosen.frame(Chosen.java:1)");
    unblocked.put("gcMs", 420);
    unblocked.put("aFieldFromTheFuture", Map.of("x", List.of(1, 2)));
    String html = report(List.of(json(unblocked))).html();
    assertTrue(html.contains("<code>app//com.example.Chosen.frame(Chosen.java:1)</code>"), html);
    assertTrue(html.contains("<code>c0ffee</code>"), html);
    assertTrue(html.contains("500 ms, gc, GC 420 ms"), html);
    assertTrue(html.contains("<rect class=\"gc\""), html);
  }

  @Test
  void run_episodeNotEndedInTheFile_isShownWithItsLongestBlockedTime() throws IOException {
    String html =
        report(
                List.of(
                    json(IN_THE_POOL.event("blocked", 110, "waiting")),
                    json(IN_THE_POOL.event("still_blocked", 2000, "on-cpu"))))
            .html();
    assertTrue(html.contains("<dd>1 (1 had not ended when the file did)</dd>"), html);
    assertTrue(html.contains("2.00 s (had not ended), on-cpu"), html);
  }

  /* --- hostile input --- */

  @Test
  void run_scriptInEveryString_isTextNeverMarkup() throws IOException {
    List<String> stack =
        List.of(
            "app//" + SCRIPT + ".x(<img src=x onerror=alert(2)>)",
            "app//com.example.A'\"&.run(A.java:1)");
    Run run =
        report(
            new Episode(SCRIPT, START, SCRIPT, SCRIPT, SCRIPT + "\"'&", stack)
                .lines(900, "\"><svg>"));
    assertEquals(0, run.status(), run.err().toString());
    assertFalse(run.html().contains(SCRIPT));
    assertFalse(run.html().contains("<img"));
    assertTrue(run.html().contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"));
    Set<String> ownTags =
        Set.of(
            "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "dl", "dt",
            "dd", "table", "thead", "tbody", "tr", "th", "td", "code", "span", "div", "svg", "rect",
            "text", "g", "line", "section", "a", "pre", "label", "select", "option", "output",
            "script");
    Matcher tag = Pattern.compile("<(/?)([^\\s>/]*)").matcher(run.html());
    while (tag.find()) {
      String name = tag.group(2);
      assertTrue(ownTags.contains(name) || name.equals("!DOCTYPE"), "tag " + name);
    }
    assertEquals(2, run.html().split("<script>", -1).length, "one script, the page's own");
  }

  @Test
  void escape_allFiveAndControlCharacters() {
    assertEquals(
        "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;\uFFFD\tb",
        Html.escape("<a href=\"x\" title='y'>&\u0000\tb"));
    String plain = "java.base/java.lang.Thread.run(Thread.java:1474)";
    assertTrue(plain == Html.escape(plain), "nothing to escape: the same string");
  }

  /** A blocked event of episode {@code id} on the pool, for a test to damage one field of. */
  private static Map<String, Object> blockedInThePool(String id) {
    return new Episode(id, START, "executor", "pool", "T", SLEEP_STACK)
        .event("blocked", 0, "waiting");
  }

  @Test
  void run_badLines_skippedCountedAndNamedOncePerKind() throws IOException {
    String good = IN_THE_POOL.lines(300, "waiting").get(1);
    Map<String, Object> wrongType = blockedInThePool("1-2");
    wrongType.put("blockedMs", "x");
    Map<String, Object> noId = blockedInThePool("1-3");
    noId.remove("id");
    Map<String, Object> badFrame = blockedInThePool("1-4");
    badFrame.put("stack", List.of(1, 2));
    Map<String, Object> badTime = blockedInThePool("1-5");
    badTime.put("since", "+999999999-01-01T00:00:00Z");
    Run run =
        report(
            List.of(
                "garbage",
                good,
                "{\"event\":\"blocked\",\"id\":\"1-9\" \"x\":1}",
                "{\"event\":\"blocked\",  \"id\":\"1-9\" \"x\":1}",
                json(wrongType),
                json(noId),
                json(badFrame),
                json(badTime),
                "[".repeat(100_000),
                "{\"notAnEvent\":true}",
                "",
                good.substring(0, good.length() / 2)));

    assertEquals(0, run.status());
    assertEquals(
        List.of(
            "unclog report: skipping line 1: unexpected 'g' at column 1",
            "unclog report: skipping line 3: expected , or } but found '\"' at column 32",
            "unclog report: skipping line 5: \"blockedMs\" is not a number",
            "unclog report: skipping line 6: no \"id\"",
            "unclog report: skipping line 7: stack holds a frame that is not a string",
            "unclog report: skipping line 8: \"since\" is not an ISO-8601 time",
            "unclog report: skipping line 9: nested deeper than 64 at column 65",
            "unclog report: skipping line 10: no \"event\"",
            "unclog report: skipping line 12: unexpected end at column " + (good.length() / 2 + 1),
            "unclog report: skipped 10 bad lines (first: line 1: unexpected 'g' at column 1)",
            "unclog report: wrote " + dir.resolve("report.html") + " (1 episodes, 1 hubs)"),
        run.err());
    assertTrue(run.html().contains("(12 lines, 10 bad lines skipped)"), run.html());
    assertTrue(run.html().contains("app//com.example.Dao.fetch(Dao.java:60)"));
  }

  @Test
  void run_hugeStringsAndStacks_areCut() throws IOException {
    List<String> deepStack = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) { // deep, and still a line under LineReader.MAX_LINE
      deepStack.add("app//com.example.Recursive.call(Recursive.java:" + i + ")");
    }
    String hugeHub = "h".repeat(100_000);
    Run run =
        report(
            new Episode("1-1", START, "executor", hugeHub, "t".repeat(10_000), deepStack)
                .lines(300, "waiting"));
    assertEquals(0, run.status(), run.err().toString());
    assertTrue(run.html().contains("h".repeat(EventLine.MAX_TEXT - 1) + "\u2026"));
    assertFalse(run.html().contains("h".repeat(EventLine.MAX_TEXT)));
    assertTrue(run.html().contains("Recursive.java:127)"), "kept the innermost frames");
    assertFalse(run.html().contains("Recursive.java:128)"));
    assertTrue(run.html().length() < 1_000_000, "page size " + run.html().length());

    Run tooLong =
        report(
            List.of(
                "{\"event\":\"" + "x".repeat(LineReader.MAX_LINE) + "\"}",
                IN_THE_POOL.lines(300, "waiting").get(1)));
    assertEquals(
        "unclog report: skipping line 1: longer than 1048576 characters", tooLong.err().get(0));
    assertTrue(tooLong.html().contains("<dt>Episodes</dt><dd>1</dd>"));
  }

  @Test
  void run_bytesThatAreNotUtf8_becomeReplacementCharacters() throws IOException {
    String line =
        new Episode("1-1", START, "executor", "pool-HUB", "Task", SLEEP_STACK)
            .lines(300, "waiting")
            .get(1);
    byte[] utf8 = (line + "\n").getBytes(StandardCharsets.UTF_8);
    String[] halves = new String(utf8, StandardCharsets.ISO_8859_1).split("HUB");
    Path input = dir.resolve("latin1.jsonl");
    try (var out = Files.newOutputStream(input)) {
      out.write(halves[0].getBytes(StandardCharsets.ISO_8859_1));
      out.write(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3});
      out.write(halves[1].getBytes(StandardCharsets.ISO_8859_1));
      out.write("garbage\n".getBytes(StandardCharsets.UTF_8));
    }
    Run run = report(input);
    assertEquals(0, run.status());
    assertTrue(run.html().contains(">pool-\uFFFD\uFFFD\uFFFD<title>"), run.html());
    assertTrue(run.err().get(0).startsWith("unclog report: skipping line 2: "), run.err().get(0));
  }

  /* --- failures: one line, status 2 --- */

  @Test
  void run_missingInput_oneLineAndStatus2() throws IOException {
    Run run = report(dir.resolve("nope.jsonl"));
    assertEquals(2, run.status());
    assertEquals(
        List.of(
            "unclog report: cannot read "
                + dir.resolve("nope.jsonl")
                + ": no such file or directory"),
        run.err());
    assertEquals(null, run.html());
  }

  @Test
  void run_inputIsADirectory_oneLineAndStatus2() throws IOException {
    Run run = report(dir);
    assertEquals(2, run.status());
    assertEquals(List.of("unclog report: cannot read " + dir + ": it is a directory"), run.err());
  }

  @Test
  void run_unwritableOutput_oneLineAndStatus2() throws IOException {
    Path input = dir.resolve("events.jsonl");
    Files.write(input, IN_THE_POOL.lines(300, "waiting"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path output = dir.resolve("missing-dir").resolve("report.html");
    int status =
        UnclogReport.run(
            new String[] {input.toString(), "-o", output.toString()},
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, status);
    assertEquals(
        "unclog report: cannot write " + output + ": no such file or directory\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void run_badArguments_usageAndStatus2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(2, UnclogReport.run(new String[0], stream));
    assertEquals(2, UnclogReport.run(new String[] {"a.jsonl", "b.jsonl"}, stream));
    assertEquals(2, UnclogReport.run(new String[] {"a.jsonl", "-o"}, stream));
    assertEquals(
        List.of(
            "unclog report: no input file; " + UnclogReport.USAGE,
            "unclog report: unexpected argument \"b.jsonl\"; " + UnclogReport.USAGE,
            "unclog report: unexpected argument \"-o\"; " + UnclogReport.USAGE),
        err.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void defaultOutput_replacesTheJsonExtension() {
    assertEquals(Path.of("/tmp/r.html"), UnclogReport.defaultOutput(Path.of("/tmp/r.jsonl")));
    assertEquals(Path.of("r.html"), UnclogReport.defaultOutput(Path.of("r.json")));
    assertEquals(Path.of("r.log.html"), UnclogReport.defaultOutput(Path.of("r.log")));
  }

  /* --- blame --- */

  @Test
  void culprit_innermostFrameOutsideTheJdk() {
    assertEquals("app//com.example.Dao.fetch(Dao.java:60)", Blame.culprit(SLEEP_STACK));
    assertEquals(
        "java.base/java.lang.Thread.run(Thread.java:1474)",
        Blame.culprit(
            List.of(
                "java.base/java.lang.Thread.run(Thread.java:1474)",
                "jdk.internal/jdk.internal.misc.X.y(X.java:1)")));
    assertEquals("(no stack)", Blame.culprit(List.of()));
    assertTrue(Blame.isPlatform("com.sun.net.httpserver.A.b(A.java:1)"));
    assertFalse(Blame.isPlatform("dev.unclog.examples.Demo.isPrime(Demo.java:79)"));
    assertFalse(Blame.isPlatform("javafx.A.b(A.java:1)"));
  }

  @Test
  void fingerprint_sameHubKindAndInnermostFrames() {
    List<String> deep = new ArrayList<>(SLEEP_STACK);
    deep.addAll(List.of("f5", "f6", "f7", "f8"));
    List<String> deeperDifferent = new ArrayList<>(deep);
    deeperDifferent.add("elsewhere");
    String fingerprint = Blame.fingerprint("carrier", deep);
    assertTrue(fingerprint.matches("[0-9a-f]{12}"), fingerprint);
    assertEquals(fingerprint, Blame.fingerprint("carrier", deeperDifferent));
    assertFalse(fingerprint.equals(Blame.fingerprint("event-loop", deep)));
    assertFalse(fingerprint.equals(Blame.fingerprint("carrier", deep.subList(1, 9))));
  }

  /* --- bounds --- */

  @Test
  void summary_keepsTheLongestEpisodesForTheTimeline() {
    Summary summary = new Summary();
    int episodes = Summary.MAX_TIMELINE + 1_000;
    for (int i = 0; i < episodes; i++) {
      summary.add(
          new Blockage(
              "1-" + i,
              new Where(new JvmRun(null, null, null), "carrier", "w", "t"),
              0,
              i,
              "waiting",
              new Blockage.Place("f", "c"),
              true,
              new Pauses(null, null)),
          List.of(),
          List.of());
    }
    assertEquals(Summary.MAX_TIMELINE, summary.timeline().size());
    assertEquals(
        1_000, summary.timeline().stream().mapToLong(Blockage::durationMs).min().orElseThrow());
    assertEquals(1_000, summary.totals().undrawnEpisodes());
    assertEquals(999L * 1_000 / 2, summary.totals().undrawnMs());
  }

  @Test
  void run_manyRuns_theRunsWithLeastBlockedTimeShareTheLastSection() throws IOException {
    int runs = Timelines.MAX_SECTIONS + 5;
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      EventLines.Run run = new EventLines.Run("h", 100 + i, String.format("%012x", i));
      Episode episode = run.episode(1, START.plusSeconds(60L * i), "executor", "pool", SLEEP_STACK);
      lines.addAll(run.lines(episode, 200 + i, "waiting"));
    }
    String html = report(lines).html();
    List<String> sections = sections(html);
    assertEquals(Timelines.MAX_SECTIONS, sections.size());
    assertTrue(sections.get(0).contains("<h3>Run 000000000006, pid 106 on h</h3>"));
    String last = sections.get(Timelines.MAX_SECTIONS - 1);
    assertTrue(last.contains("<h3>6 other runs, with less blocked time</h3>"), last);
    assertTrue(last.contains("6 episodes, 1.22 s blocked."), last);
    assertTrue(html.contains("<a href=\"#run-19\">000000000000</a>"), html);
  }

  @Test
  void summary_tellsApartAtMostMaxRuns() {
    Summary summary = new Summary();
    for (int i = 0; i < Summary.MAX_RUNS + 5; i++) {
      summary.event(new JvmRun("h", (long) i, null), START.toEpochMilli() + i);
    }
    assertEquals("more than " + Summary.MAX_RUNS, summary.runCount());
    List<Summary.RunTotals> runs = summary.runs();
    assertEquals(Summary.MAX_RUNS + 1, runs.size());
    assertEquals(null, runs.getLast().jvmRun, "the runs past the cap, together");
    assertEquals(START.toEpochMilli() + Summary.MAX_RUNS, runs.getLast().firstEventMillis);
  }

  @Test
  void flameGraph_stopsGrowingAtItsCapButKeepsTotals() {
    FlameGraph graph = new FlameGraph();
    int stacks = FlameGraph.MAX_NODES + 100;
    for (int i = 0; i < stacks; i++) {
      graph.add(List.of("inner" + i, "outer"), 1);
    }
    assertEquals(FlameGraph.MAX_NODES, graph.nodes());
    assertEquals(102, graph.cutStacks(), "the root and outer are nodes too");
    assertEquals(stacks, graph.root().weight);
    assertEquals(stacks, graph.root().children().get(0).weight);
  }

  @Test
  void episodes_openWithoutEnd_areHandedOverPastTheCap() {
    Summary summary = new Summary();
    Episodes episodes = new Episodes(summary);
    for (int i = 0; i < Episodes.MAX_OPEN + 10; i++) {
      Map<String, Object> blocked =
          new Episode("1-" + i, START, "carrier", "w", "t", SLEEP_STACK)
              .event("blocked", 100, "waiting");
      episodes.accept(EventLine.of(blocked));
    }
    assertEquals(10, summary.totals().episodes());
    assertEquals(10, summary.totals().unended());
    episodes.endOfFile();
    assertEquals(Episodes.MAX_OPEN + 10, summary.totals().episodes());
  }

  @Test
  void lineReader_crlfMissingLastNewlineAndTooLongLines() throws IOException {
    LineReader lines =
        new LineReader(
            new java.io.StringReader("a\r\n" + "b".repeat(LineReader.MAX_LINE + 1) + "\nc"));
    assertEquals("a", lines.next());
    assertEquals("", lines.next());
    assertTrue(lines.tooLong());
    assertEquals("c", lines.next());
    assertFalse(lines.tooLong());
    assertEquals(3, lines.number());
    assertEquals(null, lines.next());
  }
}
