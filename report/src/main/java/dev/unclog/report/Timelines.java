/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import static dev.unclog.report.HtmlReport.count;
import static dev.unclog.report.HtmlReport.duration;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One section per JVM run, each with a timeline on a wall-clock axis of its own, from its first
 * episode's start to its last one's end: runs minutes apart in one file would leave each a sliver
 * of a shared axis. A row per hub, an episode a mark coloured by its cause.
 */
final class Timelines {
  /** Sections; past that, the runs with the least blocked time share the last one. */
  static final int MAX_SECTIONS = 20;

  /** Rows per section; the hubs with the least drawn time share the last row past that. */
  static final int MAX_ROWS = 200;

  private static final int ROW_HEIGHT = 16;
  private static final int AXIS_HEIGHT = 20;

  /** Pixels between ticks at least: room for a label with the day. */
  private static final int TICK_SPACING = 130;

  /** Tick steps a person reads at a glance; longer axes step by whole days. */
  private static final long[] TICK_STEPS = {
    1,
    2,
    5,
    10,
    20,
    50,
    100,
    200,
    500,
    1_000,
    2_000,
    5_000,
    10_000,
    15_000,
    30_000,
    60_000,
    120_000,
    300_000,
    600_000,
    900_000,
    1_800_000,
    3_600_000,
    7_200_000,
    10_800_000,
    21_600_000,
    43_200_000,
    86_400_000
  };

  private static final long DAY = 86_400_000;

  private static final DateTimeFormatter TIME_OF_DAY =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_AND_MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** A section: one run, or the runs that did not get a section of their own. */
  private record Section(String title, Summary.RunTotals totals) {}

  /** A timeline row: one hub, or the hubs that did not get a row of their own. */
  private record Row(String label, String tooltip, List<Blockage> episodes, long drawnMs) {}

  private final List<Section> sections = new ArrayList<>();
  private final Map<JvmRun, Integer> sectionOf = new HashMap<>();

  Timelines(List<Summary.RunTotals> runs) {
    List<Summary.RunTotals> byBlockedTime = new ArrayList<>(runs);
    byBlockedTime.sort(
        Comparator.comparingLong((Summary.RunTotals run) -> run.totalMs)
            .reversed()
            .thenComparingLong(Timelines::start));
    int own = byBlockedTime.size() <= MAX_SECTIONS ? byBlockedTime.size() : MAX_SECTIONS - 1;
    List<Summary.RunTotals> shown = new ArrayList<>();
    for (Summary.RunTotals run : byBlockedTime.subList(0, own)) {
      if (run.jvmRun != null) {
        shown.add(run);
      }
    }
    shown.sort(Comparator.comparingLong(Timelines::start));
    for (Summary.RunTotals run : shown) {
      sectionOf.put(run.jvmRun, sections.size());
      String label = run.jvmRun.label();
      sections.add(new Section(Character.toUpperCase(label.charAt(0)) + label.substring(1), run));
    }
    List<Summary.RunTotals> rest = new ArrayList<>(byBlockedTime);
    rest.removeAll(shown);
    if (!rest.isEmpty()) {
      Summary.RunTotals others = new Summary.RunTotals(null);
      rest.forEach(others::addAll);
      boolean untracked = rest.stream().anyMatch(run -> run.jvmRun == null);
      int named = rest.size() - (untracked ? 1 : 0);
      sections.add(
          new Section(
              untracked
                  ? "Other runs: "
                      + (named > 0 ? named + " and " : "")
                      + "those past the first "
                      + Summary.MAX_RUNS
                  : named + " other runs, with less blocked time",
              others));
    }
  }

  private static long start(Summary.RunTotals run) {
    return Math.min(run.firstEventMillis, run.firstMillis);
  }

  /** The section an episode's run is drawn in, for a link to {@code #run-N}. */
  int section(JvmRun jvmRun) {
    return sectionOf.getOrDefault(jvmRun, sections.size() - 1);
  }

  void write(Html html, List<Blockage> drawn, Filters filters) throws IOException {
    List<List<Blockage>> bySection = new ArrayList<>();
    sections.forEach(section -> bySection.add(new ArrayList<>()));
    for (Blockage episode : drawn) {
      bySection.get(section(episode.jvmRun())).add(episode);
    }
    for (int i = 0; i < sections.size(); i++) {
      Section section = sections.get(i);
      Summary.RunTotals run = section.totals();
      html.tag("<section class=\"run\" id=\"run-")
          .num(i)
          .tag("\"><h3>")
          .text(section.title())
          .tag("</h3>\n<p class=\"note\">");
      if (run.hasEventTimes()) {
        html.tag("Events from ")
            .text(HtmlReport.UTC_TIME.format(Instant.ofEpochMilli(run.firstEventMillis)))
            .tag(" to ")
            .text(HtmlReport.UTC_TIME.format(Instant.ofEpochMilli(run.lastEventMillis)))
            .tag(" (")
            .text(duration(run.lastEventMillis - run.firstEventMillis))
            .tag("); ");
      }
      html.text(count(run.episodes, "episode"))
          .tag(", ")
          .text(duration(run.totalMs))
          .tag(" blocked.</p>\n");
      if (!bySection.get(i).isEmpty()) {
        timeline(html, run, bySection.get(i), filters);
      }
      html.tag("</section>\n");
    }
  }

  private static void timeline(
      Html html, Summary.RunTotals run, List<Blockage> episodes, Filters filters)
      throws IOException {
    List<Row> rows = rows(episodes);
    long start = run.firstMillis;
    long span = Math.max(1, run.lastMillis - start);
    double plotWidth = HtmlReport.WIDTH - HtmlReport.LABEL_WIDTH;
    int height = AXIS_HEIGHT + rows.size() * ROW_HEIGHT;
    html.tag("<div class=\"chart\"><svg width=\"")
        .num(HtmlReport.WIDTH)
        .tag("\" height=\"")
        .num(height)
        .tag("\">\n");
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      double y = AXIS_HEIGHT + i * ROW_HEIGHT;
      html.tag("<rect class=\"row\" x=\"0\" y=\"")
          .num(y)
          .tag("\" width=\"")
          .num(HtmlReport.WIDTH)
          .tag("\" height=\"")
          .num(ROW_HEIGHT - 2)
          .tag("\"/><text x=\"4\" y=\"")
          .num(y + 11)
          .tag("\">")
          .text(HtmlReport.fit(row.label(), HtmlReport.LABEL_WIDTH - 8))
          .tag("<title>")
          .text(row.tooltip())
          .tag("</title></text>\n");
    }
    axis(html, start, span, plotWidth, height);
    for (int i = 0; i < rows.size(); i++) {
      double y = AXIS_HEIGHT + i * ROW_HEIGHT;
      for (Blockage episode : rows.get(i).episodes()) {
        double x = HtmlReport.LABEL_WIDTH + (episode.sinceMillis() - start) * plotWidth / span;
        double width = Math.max(1, episode.durationMs() * plotWidth / span);
        html.tag("<rect class=\"").tag(HtmlReport.causeClass(episode.cause())).tag("\"");
        filters.attributes(html, episode);
        html.tag(" x=\"")
            .num(x)
            .tag("\" y=\"")
            .num(y + 1)
            .tag("\" width=\"")
            .num(width)
            .tag("\" height=\"")
            .num(ROW_HEIGHT - 4)
            .tag("\"><title>")
            .text(HtmlReport.tooltip(episode))
            .tag("</title></rect>\n");
      }
    }
    html.tag("</svg></div>\n");
  }

  /**
   * Ticks from the axis's start, a round step apart, labelled with the time of day (UTC), or with
   * the day too on an axis longer than a day; a line down through the rows at each.
   */
  private static void axis(Html html, long start, long span, double plotWidth, int height)
      throws IOException {
    long step = tickStep(span, (int) (plotWidth / TICK_SPACING));
    DateTimeFormatter format = span < DAY ? TIME_OF_DAY : DAY_AND_MINUTE;
    for (long offset = 0; offset <= span; offset += step) {
      double x = HtmlReport.LABEL_WIDTH + offset * plotWidth / span;
      html.tag("<line class=\"grid\" x1=\"")
          .num(x)
          .tag("\" x2=\"")
          .num(x)
          .tag("\" y1=\"")
          .num(AXIS_HEIGHT - 4)
          .tag("\" y2=\"")
          .num(height)
          .tag("\"/>");
      String label = format.format(Instant.ofEpochMilli(start + offset));
      if (x + 2 + label.length() * HtmlReport.CHAR_WIDTH <= HtmlReport.WIDTH) {
        html.tag("<text class=\"tick\" x=\"")
            .num(x + 2)
            .tag("\" y=\"13\">")
            .text(label)
            .tag("<title>+")
            .text(duration(offset))
            .tag("</title></text>");
      }
      html.tag("\n");
    }
  }

  /** The smallest round step that makes at most {@code maxTicks} ticks over {@code span}. */
  static long tickStep(long span, int maxTicks) {
    for (long step : TICK_STEPS) {
      if (span / step < maxTicks) {
        return step;
      }
    }
    return (span / maxTicks / DAY + 1) * DAY;
  }

  /** One row per hub, ordered by kind then name, the rest folded into a last row. */
  private static List<Row> rows(List<Blockage> drawn) {
    Map<String, List<Blockage>> byHub = new HashMap<>();
    for (Blockage episode : drawn) {
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
    List<Row> shown = new ArrayList<>(rows.subList(0, Math.min(rows.size(), MAX_ROWS)));
    shown.sort(
        Comparator.comparing((Row row) -> row.episodes().get(0).hubKind())
            .thenComparing(Row::label));
    if (rows.size() > MAX_ROWS) {
      Row last = shown.remove(shown.size() - 1);
      List<Row> folded = new ArrayList<>(rows.subList(MAX_ROWS, rows.size()));
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
}
