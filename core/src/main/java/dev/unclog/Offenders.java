/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/*
 * Adds up ended episodes by place (fingerprint); those whose cause is not the code's (class
 * loading, a starved or throttled CPU, GC, a stalled process, a debugger) are charged to no
 * place but counted apart, by cause. Fed by the reporter thread, after the filters,
 * and read by any thread on demand: the methods are synchronized, at a rate of episodes, not
 * switches. At most MAX_PLACES places are kept; episodes at further places are counted apart,
 * so a program that blocks everywhere cannot make this grow without bound.
 */
final class Offenders implements BlockingListener {
  /* A class, not Comparator.comparing: that spins classes at the first summary. */
  private static final Comparator<Offender> MOST_BLOCKED_FIRST =
      new Comparator<>() {
        @Override
        public int compare(Offender a, Offender b) {
          return b.total().compareTo(a.total());
        }
      };
  static final int MAX_PLACES = 1000;

  /* Monitor-side totals of one place; read under the offenders' lock (see Offender). */
  static final class Place {
    final String fingerprint;
    final String hubKind;
    final StackTraceElement culprit;
    String task;
    String lastEpisodeId;
    int episodes;
    long totalNanos;
    long longestNanos;
    final EnumMap<BlockingEvent.Cause, Integer> causes = new EnumMap<>(BlockingEvent.Cause.class);

    Place(BlockingEvent event) {
      this.fingerprint = event.fingerprint();
      this.hubKind = event.hubKind();
      this.culprit = event.culprit();
    }
  }

  private final Map<String, Place> places = new HashMap<>();
  private int episodesElsewhere;
  private final EnumMap<BlockingEvent.Cause, Integer> notTheCode =
      new EnumMap<>(BlockingEvent.Cause.class);
  private int notTheCodeEpisodes;
  private long notTheCodeNanos;

  @Override
  public synchronized void onEvent(BlockingEvent event) {
    if (event.type() != BlockingEvent.Type.UNBLOCKED) {
      return;
    }
    if (!event.cause().isTheCode()) {
      notTheCodeEpisodes++;
      notTheCodeNanos += event.blocked().toNanos();
      notTheCode.put(event.cause(), notTheCode.getOrDefault(event.cause(), 0) + 1);
      return;
    }
    Place place = places.get(event.fingerprint());
    if (place == null) {
      if (places.size() >= MAX_PLACES) {
        episodesElsewhere++;
        return;
      }
      place = new Place(event);
      places.put(event.fingerprint(), place);
    }
    long nanos = event.blocked().toNanos();
    place.episodes++;
    place.totalNanos += nanos;
    place.longestNanos = Math.max(place.longestNanos, nanos);
    place.task = event.task();
    place.lastEpisodeId = event.episodeId();
    place.causes.put(event.cause(), place.causes.getOrDefault(event.cause(), 0) + 1);
  }

  /** The places with the most blocked time, most first. */
  synchronized List<Offender> top(int limit) {
    List<Offender> all = new ArrayList<>(places.size());
    for (Place place : places.values()) {
      all.add(new Offender(place));
    }
    all.sort(MOST_BLOCKED_FIRST);
    return all.subList(0, Math.min(limit, all.size()));
  }

  /**
   * One line for the episodes that were not the code's, such as {@code not the code: 4 episodes,
   * 1900 ms, class-loading 3, cpu-starved 1}; empty if none.
   */
  synchronized String notTheCode() {
    if (notTheCodeEpisodes == 0) {
      return "";
    }
    StringBuilder line =
        new StringBuilder("not the code: ")
            .append(notTheCodeEpisodes)
            .append(notTheCodeEpisodes == 1 ? " episode, " : " episodes, ")
            .append(dev.unclog.internal.Durations.format(Duration.ofNanos(notTheCodeNanos)));
    notTheCode.entrySet().stream()
        .sorted(Map.Entry.<BlockingEvent.Cause, Integer>comparingByValue().reversed())
        .forEach(
            cause ->
                line.append(", ")
                    .append(cause.getKey().jsonName())
                    .append(' ')
                    .append(cause.getValue()));
    return line.toString();
  }

  /** Episodes at places beyond the first MAX_PLACES. */
  synchronized int episodesElsewhere() {
    return episodesElsewhere;
  }
}
