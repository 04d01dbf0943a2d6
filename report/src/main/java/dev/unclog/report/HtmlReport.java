/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a {@link Summary} as one self-contained page: static HTML and inline SVG, no script,
 * nothing fetched. Tooltips are SVG {@code <title>} elements, which browsers show on hover.
 */
final class HtmlReport {
  static final int MAX_OFFENDER_ROWS = 50;

  /** Timeline rows; the hubs with the least drawn time share the last row past that. */
  static final int MAX_TIMELINE_ROWS = 200;

  private static final int WIDTH = 1200;
  private static final int LABEL_WIDTH = 260;
  private static final int ROW_HEIGHT = 16;
  private static final int AXIS_HEIGHT = 20;
  private static final int FRAME_HEIGHT = 17;

  /** Narrower flame-graph frames are not drawn: they could not be seen or pointed at. */
  private static final double MIN_FRAME_WIDTH = 1;

  private static final double CHAR_WIDTH = 6.6;

  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** The causes with a colour of their own; others are drawn as {@code unknown}. */
  private static final List<String> CAUSES =
      List.of(
          "on-cpu",
          "waiting",
          "class-loading",
          "cpu-starved",
          "cpu-throttled",
          "gc",
          "process-stall",
          "debugger",
          "unknown");

  private static final String STYLE =
      """
      body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
      h1{font-size:1.5em;margin:0 0 .5em}h2{font-size:1.2em;margin:1.5em 0 .5em}
      dl.summary{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}
      dt{color:#666}dd{margin:0}
      table{border-collapse:collapse}th,td{padding:.2em .6em;border-bottom:1px solid #ddd;
      text-align:left;vertical-align:top}td.n{text-align:right;white-space:nowrap}
      code{font:12px ui-monospace,monospace;word-break:break-all}
      .note{color:#666}.chart{overflow-x:auto}svg{font:11px ui-monospace,monospace}
      svg rect:hover{stroke:#000}.legend span{display:inline-block;padding:0 .5em;margin-right:.3em}
      .on-cpu{fill:#d9534f;background:#d9534f}.waiting{fill:#428bca;background:#428bca}
      .gc{fill:#e0a800;background:#e0a800}.process-stall{fill:#777;background:#777}
      .debugger{fill:#8e44ad;background:#8e44ad}.unknown{fill:#aaa;background:#aaa}
      .class-loading{fill:#5cb85c;background:#5cb85c}.cpu-starved{fill:#f0ad4e;background:#f0ad4e}
      .cpu-throttled{fill:#a0522d;background:#a0522d}
      .legend span{color:#fff}.row{fill:#f4f4f4}.axis{fill:#666}
      """;

  /**
   * What the header says about the input.
   *
   * @param badLines lines skipped as bad
   */
  record Source(String name, long lines, long badLines) {}

  private final Summary summary;
  private final Summary.Totals totals;
  private final Html html;

  private HtmlReport(Summary summary, Writer out) {
    this.summary = summary;
    this.totals = summary.totals();
    this.html = new Html(out);
  }

  static void write(Summary summary, Source source, Writer out) throws IOException {
    new HtmlReport(summary, out).page(source);
  }

  private void page(Source source) throws IOException {
    html.tag("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .tag("<title>unclog report: ")
        .text(source.name())
        .tag("</title><style>")
        .tag(STYLE)
        .tag("</style></head><body>\n<h1>unclog report</h1>\n");
    header(source);
    if (totals.episodes() > 0) {
      offenders();
      timeline();
      flameGraph();
    }
    html.tag("</body></html>\n");
  }

  private void header(Source source) throws IOException {
    html.tag("<dl class=\"summary\">");
    item("Source").text(source.name()).tag(" (").text(count(source.lines(), "line"));
    if (source.badLines() > 0) {
      html.tag(", ").text(count(source.badLines(), "bad line")).tag(" skipped");
    }
    html.tag(")</dd>");
    if (totals.episodes() > 0) {
      item("Time range")
          .text(UTC_TIME.format(Instant.ofEpochMilli(totals.firstMillis())))
          .tag(" to ")
          .text(UTC_TIME.format(Instant.ofEpochMilli(totals.lastMillis())))
          .tag(" (")
          .text(duration(totals.lastMillis() - totals.firstMillis()))
          .tag(")</dd>");
    }
    item("Episodes").text(String.valueOf(totals.episodes()));
    if (totals.unended() > 0) {
      html.tag(" (")
          .text(String.valueOf(totals.unended()))
          .tag(" had not ended when the file did)");
    }
    html.tag("</dd>");
    item("Hubs").text(totals.hubs()).tag("</dd>");
    item("Total blocked time").text(duration(totals.totalMs())).tag("</dd>");
    if (totals.memoryEvents() > 0) {
      item("Memory events").text(String.valueOf(totals.memoryEvents())).tag("</dd>");
    }
    html.tag("</dl>\n");
  }

  private Html item(String term) throws IOException {
    return html.tag("<dt>").text(term).tag("</dt><dd>");
  }

  private void offenders() throws IOException {
    List<Summary.Offender> offenders = summary.offenders();
    html.tag(
        "<h2>Top offenders</h2>\n<p class=\"note\">Episodes grouped by where they blocked"
            + " (fingerprint), most blocked time first.</p>\n<table><thead><tr><th>Culprit</th>"
            + "<th>Hub kind</th><th>Episodes</th><th>Total</th><th>Longest</th><th>Causes</th>"
            + "<th>Fingerprint</th></tr></thead><tbody>\n");
    for (Summary.Offender offender :
        offenders.subList(0, Math.min(offenders.size(), MAX_OFFENDER_ROWS))) {
      html.tag("<tr><td><code>")
          .text(offender.culprit)
          .tag("</code></td><td>")
          .text(offender.hubKind)
          .tag("</td><td class=\"n\">")
          .text(String.valueOf(offender.count))
          .tag("</td><td class=\"n\">")
          .text(duration(offender.totalMs))
          .tag("</td><td class=\"n\">")
          .text(duration(offender.maxMs))
          .tag("</td><td>")
          .text(
              offender.causes.entrySet().stream()
                  .map(cause -> cause.getKey() + " " + cause.getValue())
                  .collect(Collectors.joining(", ")))
          .tag("</td><td><code>")
          .text(offender.fingerprint)
          .tag("</code></td></tr>\n");
    }
    html.tag("</tbody></table>\n");
    if (offenders.size() > MAX_OFFENDER_ROWS) {
      html.tag("<p class=\"note\">")
          .text(count(offenders.size() - MAX_OFFENDER_ROWS, "more place"))
          .tag(" with less blocked time not shown.</p>\n");
    }
  }

  /** A timeline row: one hub, or the hubs that did not get a row of their own. */
  private record Row(String label, String tooltip, List<Blockage> episodes, long drawnMs) {}

  private void timeline() throws IOException {
    List<Row> rows = timelineRows();
    long start = totals.firstMillis();
    double span = Math.max(1, totals.lastMillis() - start);
    double plotWidth = WIDTH - LABEL_WIDTH;
    int height = AXIS_HEIGHT + rows.size() * ROW_HEIGHT;
    html.tag("<h2>Timeline</h2>\n<p class=\"legend\">");
    for (String cause : CAUSES) {
      html.tag("<span class=\"").tag(cause).tag("\">").text(cause).tag("</span>");
    }
    html.tag("</p>\n<div class=\"chart\"><svg width=\"")
        .num(WIDTH)
        .tag("\" height=\"")
        .num(height)
        .tag("\">\n");
    for (int tick = 0; tick <= 5; tick++) {
      double x = LABEL_WIDTH + plotWidth * tick / 5;
      html.tag("<text class=\"axis\" x=\"")
          .num(Math.min(x, WIDTH - 60))
          .tag("\" y=\"14\">+")
          .text(duration(Math.round(span * tick / 5)))
          .tag("</text>");
    }
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      double y = AXIS_HEIGHT + i * ROW_HEIGHT;
      html.tag("\n<rect class=\"row\" x=\"0\" y=\"")
          .num(y)
          .tag("\" width=\"")
          .num(WIDTH)
          .tag("\" height=\"")
          .num(ROW_HEIGHT - 2)
          .tag("\"/><text x=\"4\" y=\"")
          .num(y + 11)
          .tag("\">")
          .text(fit(row.label(), LABEL_WIDTH - 8))
          .tag("<title>")
          .text(row.tooltip())
          .tag("</title></text>");
      for (Blockage episode : row.episodes()) {
        double x = LABEL_WIDTH + (episode.sinceMillis() - start) / span * plotWidth;
        double width = Math.max(1, episode.durationMs() / span * plotWidth);
        html.tag("\n<rect class=\"")
            .tag(causeClass(episode.cause()))
            .tag("\" x=\"")
            .num(x)
            .tag("\" y=\"")
            .num(y + 1)
            .tag("\" width=\"")
            .num(width)
            .tag("\" height=\"")
            .num(ROW_HEIGHT - 4)
            .tag("\"><title>")
            .text(tooltip(episode))
            .tag("</title></rect>");
      }
    }
    html.tag("\n</svg></div>\n");
    if (totals.undrawnEpisodes() > 0) {
      html.tag("<p class=\"note\">The ")
          .text(String.valueOf(Summary.MAX_TIMELINE))
          .tag(" longest episodes are drawn; ")
          .text(count(totals.undrawnEpisodes(), "shorter episode"))
          .tag(" (")
          .text(duration(totals.undrawnMs()))
          .tag(" in all) are not.</p>\n");
    }
  }

  /** One row per hub, ordered by kind then name, the rest folded into a last row. */
  private List<Row> timelineRows() {
    Map<String, List<Blockage>> byHub = new HashMap<>();
    for (Blockage episode : summary.timeline()) {
      byHub.computeIfAbsent(episode.hub(), hub -> new ArrayList<>()).add(episode);
    }
    List<Row> rows = new ArrayList<>();
    for (List<Blockage> episodes : byHub.values()) {
      Blockage first = episodes.get(0);
      rows.add(
          new Row(
              first.hub(),
              first.hub() + " (" + first.hubKind() + ")",
              episodes,
              episodes.stream().mapToLong(Blockage::durationMs).sum()));
    }
    rows.sort(Comparator.comparingLong(Row::drawnMs).reversed().thenComparing(Row::label));
    List<Row> shown = new ArrayList<>(rows.subList(0, Math.min(rows.size(), MAX_TIMELINE_ROWS)));
    shown.sort(
        Comparator.comparing((Row row) -> row.episodes().get(0).hubKind())
            .thenComparing(Row::label));
    if (rows.size() > MAX_TIMELINE_ROWS) {
      Row last = shown.remove(shown.size() - 1);
      List<Row> folded = new ArrayList<>(rows.subList(MAX_TIMELINE_ROWS, rows.size()));
      folded.add(last);
      String label = "(" + folded.size() + " other hubs)";
      shown.add(
          new Row(
              label,
              label,
              folded.stream().flatMap(row -> row.episodes().stream()).toList(),
              folded.stream().mapToLong(Row::drawnMs).sum()));
    }
    return shown;
  }

  private static String tooltip(Blockage episode) {
    StringBuilder text =
        new StringBuilder(256)
            .append(episode.task())
            .append(" on ")
            .append(episode.hub())
            .append("\n")
            .append(duration(episode.durationMs()))
            .append(episode.ended() ? "" : " (had not ended)")
            .append(", ")
            .append(episode.cause());
    Pauses pauses = episode.pauses();
    if (pauses.gcMs() != null) {
      text.append(", GC ").append(duration(pauses.gcMs()));
    }
    if (pauses.stallMs() != null) {
      text.append(", process stalled ").append(duration(pauses.stallMs()));
    }
    return text.append("\nsince ")
        .append(UTC_TIME.format(Instant.ofEpochMilli(episode.sinceMillis())))
        .append("\nculprit: ")
        .append(episode.place().culprit())
        .append("\nepisode ")
        .append(episode.id())
        .toString();
  }

  private void flameGraph() throws IOException {
    FlameGraph graph = summary.flameGraph();
    FlameGraph.Node root = graph.root();
    html.tag(
        "<h2>Flame graph of the blocked stacks</h2>\n<p class=\"note\">The outermost frame"
            + " at the top; widths are blocked time, each episode's time split over its sampled"
            + " stacks by sample count. Point at a frame for its full name.</p>\n");
    if (root.weight <= 0) {
      html.tag("<p class=\"note\">No blocked time with a stack.</p>\n");
      return;
    }
    List<Placed> frames = new ArrayList<>();
    place(root, 0, WIDTH / root.weight, frames);
    int depth = frames.stream().mapToInt(placed -> placed.node().depth).max().orElse(0);
    html.tag("<div class=\"chart\"><svg width=\"")
        .num(WIDTH)
        .tag("\" height=\"")
        .num((depth + 1) * FRAME_HEIGHT)
        .tag("\">");
    for (Placed placed : frames) {
      FlameGraph.Node node = placed.node();
      double y = node.depth * FRAME_HEIGHT;
      html.tag("\n<g><rect x=\"")
          .num(placed.x())
          .tag("\" y=\"")
          .num(y)
          .tag("\" width=\"")
          .num(placed.width())
          .tag("\" height=\"")
          .num(FRAME_HEIGHT - 1)
          .tag("\" fill=\"hsl(")
          .num(hue(node.frame))
          .tag(Blame.isPlatform(node.frame) ? ",15%,70%)" : ",75%,62%)")
          .tag("\"/>");
      String label =
          node.depth == 0
              ? "all: " + duration(Math.round(root.weight)) + " blocked"
              : shortFrame(node.frame);
      if (placed.width() >= 3 * CHAR_WIDTH) {
        html.tag("<text x=\"")
            .num(placed.x() + 3)
            .tag("\" y=\"")
            .num(y + 12)
            .tag("\">")
            .text(fit(label, placed.width() - 6))
            .tag("</text>");
      }
      html.tag("<title>")
          .text(node.frame)
          .text(
              String.format(
                  Locale.ROOT,
                  "\n%s, %.1f%%",
                  duration(Math.round(node.weight)),
                  100 * node.weight / root.weight))
          .tag("</title></g>");
    }
    html.tag("\n</svg></div>\n");
    if (graph.cutStacks() > 0) {
      html.tag("<p class=\"note\">")
          .text(count(graph.cutStacks(), "stack"))
          .tag(" lost inner frames: the graph holds at most ")
          .text(String.valueOf(FlameGraph.MAX_NODES))
          .tag(" frames.</p>\n");
    }
  }

  /** A flame-graph frame with its place on the page. */
  private record Placed(FlameGraph.Node node, double x, double width) {}

  /** Lays out {@code node} and its subtree from {@code x}, leaving out frames too narrow. */
  private static void place(
      FlameGraph.Node node, double x, double pixelsPerMs, List<Placed> placed) {
    double width = node.weight * pixelsPerMs;
    if (width < MIN_FRAME_WIDTH) {
      return;
    }
    placed.add(new Placed(node, x, width));
    double childX = x;
    for (FlameGraph.Node child : node.children()) {
      place(child, childX, pixelsPerMs, placed);
      childX += child.weight * pixelsPerMs;
    }
  }

  /** {@code Demo.sleep(Demo.java:9)} for {@code app//dev.x.Demo.sleep(Demo.java:9)}. */
  static String shortFrame(String frame) {
    int open = frame.indexOf('(');
    String qualified = Blame.qualifiedMethod(frame);
    int methodDot = qualified.lastIndexOf('.');
    int classDot = methodDot <= 0 ? -1 : qualified.lastIndexOf('.', methodDot - 1);
    return qualified.substring(classDot + 1) + (open < 0 ? "" : frame.substring(open));
  }

  /** A stable hue per frame, so a frame has the same colour wherever it appears. */
  private static int hue(String frame) {
    return Math.floorMod(frame.hashCode(), 60);
  }

  private static String causeClass(String cause) {
    return CAUSES.contains(cause) ? cause : "unknown";
  }

  /** {@code text}, cut with "…" to fit {@code pixels} of the monospace font. */
  private static String fit(String text, double pixels) {
    int chars = (int) (pixels / CHAR_WIDTH);
    return text.length() <= chars ? text : text.substring(0, Math.max(0, chars - 1)) + "\u2026";
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** {@code 850 ms}, {@code 3.01 s}, {@code 2 min 5 s}, {@code 3 h 20 min}. */
  static String duration(long millis) {
    if (millis < 1_000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
  }
}
