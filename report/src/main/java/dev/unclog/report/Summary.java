/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the page shows, gathered one episode at a time in bounded memory: totals, the JVM
 * runs, the offenders by fingerprint with a stack each, the {@value #MAX_TIMELINE} longest episodes
 * for the timelines and the table (the rest only counted), and the flame graph.
 */
final class Summary {
  static final int MAX_TIMELINE = 5_000;

  /** Distinct fingerprints tracked; episodes of further ones are counted as "other places". */
  static final int MAX_OFFENDERS = 5_000;

  /** Distinct hubs counted exactly for the header; past that it says "more than". */
  static final int MAX_HUBS = 10_000;

  /** Distinct causes kept per offender; rarer ones are counted as "other". */
  static final int MAX_CAUSES = 8;

  /** JVM runs told apart; the events of further ones are put together as "other runs". */
  static final int MAX_RUNS = 1_000;

  /**
   * Characters of offenders' stacks kept: realistic stacks of every tracked place fit, a hostile
   * file's cannot exhaust the heap (a place first seen past that shows no stack).
   */
  static final long MAX_STACK_CHARS = 2_000_000;

  /** The episodes blocked at one place, as grouped by their fingerprint. */
  static final class Offender {
    final String fingerprint;
    final String culprit;
    final String hubKind;
    long count;
    long totalMs;
    long maxMs;
    final Map<String, Long> causes = new TreeMap<>();

    /** Its first episode's stack, innermost frame first; empty if none or not kept. */
    List<String> stack = List.of();

    /** The episode {@link #stack} is from. */
    String stackEpisode;

    Offender(String fingerprint, String culprit, String hubKind) {
      this.fingerprint = fingerprint;
      this.culprit = culprit;
      this.hubKind = hubKind;
    }

    void add(Blockage blockage) {
      count++;
      totalMs += blockage.durationMs();
      maxMs = Math.max(maxMs, blockage.durationMs());
      String cause =
          causes.containsKey(blockage.cause()) || causes.size() < MAX_CAUSES - 1
              ? blockage.cause()
              : "other";
      causes.merge(cause, 1L, Long::sum);
    }
  }

  private static final Comparator<Blockage> SHORTEST_FIRST =
      Comparator.comparingLong(Blockage::durationMs).thenComparing(Blockage::id);

  /** One JVM run's events and episodes, or those of the runs past {@link #MAX_RUNS}. */
  static final class RunTotals {
    /** Null for the runs past {@link #MAX_RUNS}, or for several runs shown together. */
    final JvmRun jvmRun;

    long firstEventMillis = Long.MAX_VALUE;
    long lastEventMillis = Long.MIN_VALUE;

    /* From the first episode's start to the last one's end: the axis of the run's timeline. */
    long firstMillis = Long.MAX_VALUE;
    long lastMillis = Long.MIN_VALUE;

    long episodes;
    long totalMs;

    RunTotals(JvmRun jvmRun) {
      this.jvmRun = jvmRun;
    }

    void event(long timeMillis) {
      firstEventMillis = Math.min(firstEventMillis, timeMillis);
      lastEventMillis = Math.max(lastEventMillis, timeMillis);
    }

    void add(Blockage blockage) {
      episodes++;
      totalMs += blockage.durationMs();
      firstMillis = Math.min(firstMillis, blockage.sinceMillis());
      lastMillis = Math.max(lastMillis, blockage.endMillis());
    }

    /** Adds another run's figures to these. */
    void addAll(RunTotals other) {
      firstEventMillis = Math.min(firstEventMillis, other.firstEventMillis);
      lastEventMillis = Math.max(lastEventMillis, other.lastEventMillis);
      firstMillis = Math.min(firstMillis, other.firstMillis);
      lastMillis = Math.max(lastMillis, other.lastMillis);
      episodes += other.episodes;
      totalMs += other.totalMs;
    }

    boolean hasEventTimes() {
      return firstEventMillis <= lastEventMillis;
    }
  }

  private final Map<JvmRun, RunTotals> runs = new LinkedHashMap<>();
  private final RunTotals otherRuns = new RunTotals(null);
  private long keptStackChars;
  private final Map<String, Offender> offenders = new HashMap<>();
  private final Offender otherPlaces = new Offender("", "(other places)", "");
  private final Set<String> hubs = new HashSet<>();
  private boolean moreHubs;
  private final PriorityQueue<Blockage> timeline = new PriorityQueue<>(SHORTEST_FIRST);
  private long undrawnEpisodes;
  private long undrawnMs;
  private final FlameGraph flameGraph = new FlameGraph();
  private long episodes;
  private long unended;
  private long totalMs;
  private long firstMillis = Long.MAX_VALUE;
  private long lastMillis = Long.MIN_VALUE;
  private long memoryEvents;

  /** Counts an event, any event, of {@code jvmRun}, emitted at {@code timeMillis} if known. */
  void event(JvmRun jvmRun, Long timeMillis) {
    RunTotals run = run(jvmRun);
    if (timeMillis != null) {
      run.event(timeMillis);
    }
  }

  private RunTotals run(JvmRun jvmRun) {
    RunTotals run = runs.get(jvmRun);
    if (run == null && runs.size() < MAX_RUNS) {
      run = new RunTotals(jvmRun);
      runs.put(jvmRun, run);
    }
    return run != null ? run : otherRuns;
  }

  /**
   * Adds a finished episode, with the stack it was found at and the stacks its time is split over,
   * by sample count.
   */
  void add(Blockage blockage, List<String> stack, List<EventLine.Sample> samples) {
    episodes++;
    unended += blockage.ended() ? 0 : 1;
    totalMs += blockage.durationMs();
    firstMillis = Math.min(firstMillis, blockage.sinceMillis());
    lastMillis = Math.max(lastMillis, blockage.endMillis());
    Blockage.Place place = blockage.place();
    Offender offender = offenders.get(place.fingerprint());
    if (offender == null && offenders.size() < MAX_OFFENDERS) {
      offender = new Offender(place.fingerprint(), place.culprit(), blockage.hubKind());
      offenders.put(place.fingerprint(), offender);
      long chars = stack.stream().mapToLong(String::length).sum();
      if (keptStackChars + chars <= MAX_STACK_CHARS) {
        keptStackChars += chars;
        offender.stack = stack;
        offender.stackEpisode = blockage.id();
      }
    }
    (offender != null ? offender : otherPlaces).add(blockage);
    run(blockage.jvmRun()).add(blockage);
    if (hubs.size() < MAX_HUBS) {
      hubs.add(blockage.hub());
    } else {
      moreHubs |= !hubs.contains(blockage.hub());
    }
    timeline.add(blockage);
    if (timeline.size() > MAX_TIMELINE) {
      Blockage shortest = timeline.poll();
      undrawnEpisodes++;
      undrawnMs += shortest.durationMs();
    }
    long sampleCount = samples.stream().mapToLong(EventLine.Sample::count).sum();
    for (EventLine.Sample sample : samples) {
      flameGraph.add(sample.stack(), (double) blockage.durationMs() * sample.count() / sampleCount);
    }
  }

  /** Counts a memory event ({@code memory_exceeded}, {@code memory_recovered}). */
  void memoryEvent() {
    memoryEvents++;
  }

  /** Offenders, most total blocked time first; "other places" last if any. */
  List<Offender> offenders() {
    List<Offender> sorted = new ArrayList<>(offenders.values());
    sorted.sort(
        Comparator.comparingLong((Offender offender) -> offender.totalMs)
            .reversed()
            .thenComparing(offender -> offender.fingerprint));
    if (otherPlaces.count > 0) {
      sorted.add(otherPlaces);
    }
    return sorted;
  }

  /** The runs seen, as a number or "more than N". */
  String runCount() {
    return (runs().size() > runs.size() ? "more than " : "") + runs.size();
  }

  /** The runs in the order first seen, then the runs past {@link #MAX_RUNS} if any. */
  List<RunTotals> runs() {
    List<RunTotals> all = new ArrayList<>(runs.values());
    if (otherRuns.hasEventTimes() || otherRuns.episodes > 0) {
      all.add(otherRuns);
    }
    return all;
  }

  /** The episodes drawn on the timelines, in no particular order. */
  List<Blockage> timeline() {
    return List.copyOf(timeline);
  }

  FlameGraph flameGraph() {
    return flameGraph;
  }

  /**
   * The counts so far, for the page's header and the timeline's note.
   *
   * @param unended episodes that had not ended when the file did
   * @param hubs the hubs seen, as a number or "more than N"
   * @param span from the start of the first episode to the end of the last; only if {@code
   *     episodes} > 0
   * @param undrawnEpisodes the episodes left off the timeline, shorter than all drawn
   * @param undrawnMs their blocked time in all
   */
  record Totals(
      long episodes,
      long unended,
      long totalMs,
      String hubs,
      Span span,
      long memoryEvents,
      long undrawnEpisodes,
      long undrawnMs) {

    /**
     * From the start of the first episode to the end of the last, in epoch milliseconds.
     *
     * @param firstMillis the first episode's start
     * @param lastMillis the last episode's end
     */
    record Span(long firstMillis, long lastMillis) {}

    long firstMillis() {
      return span.firstMillis();
    }

    long lastMillis() {
      return span.lastMillis();
    }
  }

  Totals totals() {
    return new Totals(
        episodes,
        unended,
        totalMs,
        (moreHubs ? "more than " : "") + hubs.size(),
        new Totals.Span(firstMillis, lastMillis),
        memoryEvents,
        undrawnEpisodes,
        undrawnMs);
  }
}
