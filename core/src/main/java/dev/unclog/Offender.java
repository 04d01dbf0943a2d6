/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.time.Duration;
import java.util.Map;

/**
 * A place where hubs blocked, with what the episodes there added up to: one row of the
 * top-offenders summary ({@link Monitor#topOffenders(int)}, printed at exit). A snapshot, made by
 * the monitor.
 */
public final class Offender {
  private final String fingerprint;
  private final String hubKind;
  private final StackTraceElement culprit;
  private final String task;
  private final int episodes;
  private final Duration total;
  private final Duration longest;
  private final Map<BlockingEvent.Cause, Integer> causes;
  private final String lastEpisodeId;

  /* A snapshot of the place's running totals, taken under the offenders' lock. */
  Offender(Offenders.Place place) {
    this.fingerprint = place.fingerprint;
    this.hubKind = place.hubKind;
    this.culprit = place.culprit;
    this.task = place.task;
    this.episodes = place.episodes;
    this.total = Duration.ofNanos(place.totalNanos);
    this.longest = Duration.ofNanos(place.longestNanos);
    this.causes = Map.copyOf(place.causes);
    this.lastEpisodeId = place.lastEpisodeId;
  }

  /** Where it blocked (see {@link BlockingEvent#fingerprint()}). */
  public String fingerprint() {
    return fingerprint;
  }

  /** The kind of hub it blocked. */
  public String hubKind() {
    return hubKind;
  }

  /** The frame to blame, or null if no stack was taken. */
  public StackTraceElement culprit() {
    return culprit;
  }

  /** The task of its latest episode. */
  public String task() {
    return task;
  }

  /** How many episodes ended there. */
  public int episodes() {
    return episodes;
  }

  /** Their durations added up. */
  public Duration total() {
    return total;
  }

  /** The longest of them. */
  public Duration longest() {
    return longest;
  }

  /** How many episodes had each cause. */
  public Map<BlockingEvent.Cause, Integer> causes() {
    return causes;
  }

  /** The latest episode's id, to find its full report. */
  public String lastEpisodeId() {
    return lastEpisodeId;
  }

  @Override
  public String toString() {
    return "Offender["
        + fingerprint
        + ", "
        + hubKind
        + ", "
        + culprit
        + ", "
        + episodes
        + " episodes, "
        + total.toMillis()
        + " ms in all]";
  }
}
