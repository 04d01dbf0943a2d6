/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a {@link Summary} as one self-contained page: static HTML, inline SVG and one small
 * inline script, nothing fetched. Tooltips are SVG {@code <title>} elements, which browsers show on
 * hover. The script only sorts and filters what the HTML holds: without it the page shows all of
 * it, in a sensible order. Its content security policy lets no other script run, should a name from
 * the file ever get past {@link Html#text}, and the page fetch nothing.
 */
final class HtmlReport {
  static final int MAX_OFFENDER_ROWS = 50;

  /** Places whose stack the page shows; the offenders and the episodes of others link to none. */
  static final int MAX_STACKS = 100;

  /** Rows of the episodes table: the longest episodes, the others counted. */
  static final int MAX_EPISODE_ROWS = 1_000;

  static final int WIDTH = 1200;
  static final int LABEL_WIDTH = 260;
  private static final int FRAME_HEIGHT = 17;

  /** Narrower flame-graph frames are not drawn: they could not be seen or pointed at. */
  private static final double MIN_FRAME_WIDTH = 1;

  static final double CHAR_WIDTH = 6.6;

  static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /* The table's times: the header says UTC, and the text sorts as the times do. */
  private static final DateTimeFormatter TABLE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

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
      h3{font-size:1em;margin:1em 0 .2em}
      dl.summary{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}
      dt{color:#666}dd{margin:0}
      table{border-collapse:collapse}th,td{padding:.2em .6em;border-bottom:1px solid #ddd;
      text-align:left;vertical-align:top}td.n{text-align:right;white-space:nowrap}
      code{font:12px ui-monospace,monospace;word-break:break-all}a code{color:inherit}
      .note{color:#666;margin:.2em 0}.chart{overflow-x:auto}svg{font:11px ui-monospace,monospace}
      svg rect:hover{stroke:#000}.legend span{display:inline-block;padding:0 .5em;margin-right:.3em}
      .on-cpu{fill:#d9534f;background:#d9534f}.waiting{fill:#428bca;background:#428bca}
      .gc{fill:#e0a800;background:#e0a800}.process-stall{fill:#777;background:#777}
      .debugger{fill:#8e44ad;background:#8e44ad}.unknown{fill:#aaa;background:#aaa}
      .class-loading{fill:#5cb85c;background:#5cb85c}.cpu-starved{fill:#f0ad4e;background:#f0ad4e}
      .cpu-throttled{fill:#a0522d;background:#a0522d}
      .legend span{color:#fff}.row{fill:#f4f4f4}.tick{fill:#555}.grid{stroke:#ccc}
      .swatch{display:inline-block;width:.7em;height:.7em;margin-right:.4em}
      .filters{position:sticky;top:0;z-index:1;background:#fff;padding:.4em 0;
      border-bottom:1px solid #ddd}.filters label{margin-right:1em}.filters output{color:#666}
      section.run,.stack{scroll-margin-top:3em}.stack:target{background:#fff5cc}
      .stack h3 code{font-size:13px;font-weight:bold}
      pre{font:12px ui-monospace,monospace;margin:.2em 0 1em;white-space:pre-wrap}
      #episodes th{cursor:pointer;white-space:nowrap}
      #episodes th[aria-sort=ascending]::after{content:" \\25B2"}
      #episodes th[aria-sort=descending]::after{content:" \\25BC"}
      .off{display:none}
      """;

  /**
   * Sorts the episodes table by the column whose header is clicked (again: the other way), by each
   * cell's {@code data-v} if it has one, else its text; shows the filters and hides the rows and
   * marks whose hub, kind or cause is not the one chosen.
   */
  private static final String SCRIPT =
      """
      const boxes = [...document.querySelectorAll('.filters select')];
      const table = document.getElementById('episodes');
      function filter() {
        let rows = 0, shown = 0;
        for (const e of document.querySelectorAll('[data-h]')) {
          const on = boxes.every(b => !b.value || e.dataset[b.dataset.f] === b.value);
          e.classList.toggle('off', !on);
          if (e.tagName === 'TR') { rows++; if (on) shown++; }
        }
        document.getElementById('shown').textContent = shown + ' of ' + rows + ' table rows shown';
      }
      for (const b of boxes) b.onchange = filter;
      document.querySelector('.filters').hidden = false;
      filter();
      for (const th of table.tHead.rows[0].cells) {
        th.onclick = () => {
          const up = th.getAttribute('aria-sort') !== 'ascending', i = th.cellIndex;
          for (const other of th.parentNode.cells) other.removeAttribute('aria-sort');
          th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
          const key = r => r.cells[i].dataset.v !== undefined ? +r.cells[i].dataset.v
              : r.cells[i].textContent;
          const rows = [...table.tBodies[0].rows].sort((a, b) => {
            const x = key(a), y = key(b);
            const d = typeof x === 'number' ? x - y : x.localeCompare(y, 'en', {numeric: true});
            return up ? d : -d;
          });
          table.tBodies[0].append(...rows);
        };
      }
      """;

  private static final String POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-" + sha256(SCRIPT) + "'";

  /**
   * What the header says about the input.
   *
   * @param badLines lines skipped as bad
   */
  record Source(String name, long lines, long badLines) {}

  private final Summary summary;
  private final Summary.Totals totals;
  private final Html html;

  /* The places whose stack the page shows, by fingerprint: the number of their #place-N. */
  private final Map<String, Integer> placeIds = new HashMap<>();

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
        .tag("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .tag(POLICY)
        .tag("\"><title>unclog report: ")
        .text(source.name())
        .tag("</title><style>")
        .tag(STYLE)
        .tag("</style></head><body>\n<h1>unclog report</h1>\n");
    header(source);
    if (totals.episodes() > 0) {
      List<Summary.Offender> offenders = summary.offenders();
      for (Summary.Offender offender : offenders) {
        if (placeIds.size() < MAX_STACKS && !offender.stack.isEmpty()) {
          placeIds.put(offender.fingerprint, placeIds.size());
        }
      }
      offenders(offenders);
      List<Blockage> drawn = summary.timeline();
      Filters filters = new Filters(drawn);
      Timelines timelines = new Timelines(summary.runs());
      timelines(timelines, drawn, filters);
      episodes(timelines, drawn, filters);
      flameGraph();
      stacks(offenders);
      html.tag("<script>").tag(SCRIPT).tag("</script>\n");
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
    item("JVM runs").text(summary.runCount()).tag("</dd>");
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

  private void offenders(List<Summary.Offender> offenders) throws IOException {
    html.tag(
        "<h2>Top offenders</h2>\n<p class=\"note\">Episodes grouped by where they blocked"
            + " (fingerprint), most blocked time first; a culprit links to its stack.</p>\n"
            + "<table><thead><tr><th>Culprit</th>"
            + "<th>Hub kind</th><th>Episodes</th><th>Total</th><th>Longest</th><th>Causes</th>"
            + "<th>Fingerprint</th></tr></thead><tbody>\n");
    for (Summary.Offender offender :
        offenders.subList(0, Math.min(offenders.size(), MAX_OFFENDER_ROWS))) {
      html.tag("<tr><td>");
      culprit(offender.fingerprint, offender.culprit);
      html.tag("</td><td>")
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

  /** A culprit, linked to its place's stack if the page shows it. */
  private void culprit(String fingerprint, String culprit) throws IOException {
    Integer place = placeIds.get(fingerprint);
    if (place != null) {
      html.tag("<a href=\"#place-").num(place).tag("\">");
    }
    html.tag("<code>").text(culprit).tag("</code>");
    if (place != null) {
      html.tag("</a>");
    }
  }

  private void timelines(Timelines timelines, List<Blockage> drawn, Filters filters)
      throws IOException {
    html.tag(
        "<h2>Timelines</h2>\n<p class=\"note\">One per JVM run, each on its own axis of wall-clock"
            + " time (UTC); a row per hub, an episode a mark coloured by its cause. Point at a mark"
            + " for its task, duration, cause and culprit. The filters apply to the marks and to"
            + " the table of episodes below.</p>\n");
    filters.write(html);
    html.tag("<p class=\"legend\">");
    for (String cause : CAUSES) {
      html.tag("<span class=\"").tag(cause).tag("\">").text(cause).tag("</span>");
    }
    html.tag("</p>\n");
    timelines.write(html, drawn, filters);
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

  /**
   * One table of the longest episodes, with a column for the run, rather than one per run: sorted
   * by duration, it ranks the runs' episodes together, and one cap bounds it. In start order.
   */
  private void episodes(Timelines timelines, List<Blockage> drawn, Filters filters)
      throws IOException {
    List<Blockage> rows = new ArrayList<>(drawn);
    rows.sort(Comparator.comparingLong(Blockage::durationMs).reversed());
    rows = new ArrayList<>(rows.subList(0, Math.min(rows.size(), MAX_EPISODE_ROWS)));
    rows.sort(Comparator.comparingLong(Blockage::sinceMillis).thenComparing(Blockage::id));
    html.tag("<h2>Episodes</h2>\n<p class=\"note\">");
    long unlisted = totals.episodes() - rows.size();
    if (unlisted > 0) {
      html.tag("The ")
          .text(String.valueOf(rows.size()))
          .tag(" longest episodes; ")
          .text(String.valueOf(unlisted))
          .tag(" more, shorter, not shown. ");
    }
    html.tag(
        "Click a column's header to sort by it; a culprit links to its place's stack.</p>\n"
            + "<table id=\"episodes\"><thead><tr><th aria-sort=\"ascending\">Start (UTC)</th>"
            + "<th>Run</th><th>Hub</th><th>Hub kind</th><th>Cause</th><th>Duration</th>"
            + "<th>Culprit</th><th>Episode</th></tr></thead><tbody>\n");
    for (Blockage episode : rows) {
      html.tag("<tr");
      filters.attributes(html, episode);
      html.tag("><td data-v=\"")
          .tag(Long.toString(episode.sinceMillis()))
          .tag("\">")
          .text(TABLE_TIME.format(Instant.ofEpochMilli(episode.sinceMillis())))
          .tag("</td><td><a href=\"#run-")
          .num(timelines.section(episode.jvmRun()))
          .tag("\">")
          .text(episode.jvmRun().shortLabel())
          .tag("</a></td><td>")
          .text(episode.hub())
          .tag("</td><td>")
          .text(episode.hubKind())
          .tag("</td><td><span class=\"swatch ")
          .tag(causeClass(episode.cause()))
          .tag("\"></span>")
          .text(episode.cause())
          .tag("</td><td class=\"n\" data-v=\"")
          .tag(Long.toString(episode.durationMs()))
          .tag("\">")
          .text(duration(episode.durationMs()) + (episode.ended() ? "" : " (had not ended)"))
          .tag("</td><td>");
      culprit(episode.place().fingerprint(), episode.place().culprit());
      html.tag("</td><td><code>").text(episode.id()).tag("</code></td></tr>\n");
    }
    html.tag("</tbody></table>\n");
  }

  /** Each linked place's stack, from the episode that first blocked there. */
  private void stacks(List<Summary.Offender> offenders) throws IOException {
    html.tag(
        "<h2>Stacks by place</h2>\n<p class=\"note\">The stack of the first episode at each of"
            + " the places with the most blocked time, innermost frame first.</p>\n");
    for (Summary.Offender offender : offenders) {
      Integer place = placeIds.get(offender.fingerprint);
      if (place == null) {
        continue;
      }
      html.tag("<div class=\"stack\" id=\"place-")
          .num(place)
          .tag("\"><h3><code>")
          .text(offender.culprit)
          .tag("</code></h3><p class=\"note\">")
          .text(offender.hubKind)
          .tag("; ")
          .text(count(offender.count, "episode"))
          .tag(", ")
          .text(duration(offender.totalMs))
          .tag(" in all; fingerprint <code>")
          .text(offender.fingerprint)
          .tag("</code>; stack of episode <code>")
          .text(offender.stackEpisode)
          .tag("</code></p><pre>")
          .text(String.join("\n", offender.stack))
          .tag("</pre></div>\n");
    }
  }

  static String tooltip(Blockage episode) {
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

  static String causeClass(String cause) {
    return CAUSES.contains(cause) ? cause : "unknown";
  }

  /** {@code text}, cut with "…" to fit {@code pixels} of the monospace font. */
  static String fit(String text, double pixels) {
    int chars = (int) (pixels / CHAR_WIDTH);
    return text.length() <= chars ? text : text.substring(0, Math.max(0, chars - 1)) + "\u2026";
  }

  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** The SHA-256 hash of {@code text} in Base64, as a content security policy names a script. */
  private static String sha256(String text) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
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
