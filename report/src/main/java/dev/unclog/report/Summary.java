/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the page shows, gathered one episode at a time in bounded memory: totals, the
 * offenders by fingerprint, the {@value #MAX_TIMELINE} longest episodes for the timeline (the rest
 * only counted), and the flame graph.
 */
final class Summary {
  static final int MAX_TIMELINE = 5_000;

  /** Distinct fingerprints tracked; episodes of further ones are counted as "other places". */
  static final int MAX_OFFENDERS = 5_000;

  /** Distinct hubs counted exactly for the header; past that it says "more than". */
  static final int MAX_HUBS = 10_000;

  /** Distinct causes kept per offender; rarer ones are counted as "other". */
  static final int MAX_CAUSES = 8;

  /** The episodes blocked at one place, as grouped by their fingerprint. */
  static final class Offender {
    final String fingerprint;
    final String culprit;
    final String hubKind;
    long count;
    long totalMs;
    long maxMs;
    final Map<String, Long> causes = new TreeMap<>();

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

  /** Adds a finished episode, with the stacks its time is split over, by sample count. */
  void add(Blockage blockage, List<EventLine.Sample> samples) {
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
    }
    (offender != null ? offender : otherPlaces).add(blockage);
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

  /** The episodes drawn on the timeline, in no particular order. */
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
