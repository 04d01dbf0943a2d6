/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.time.Duration;
import java.util.Map;

/**
 * A place where hubs blocked, with what the episodes there added up to: one row of the
 * top-offenders summary ({@link Monitor#topOffenders(int)}, printed at exit).
 *
 * @param fingerprint where it blocked (see {@link BlockingEvent#fingerprint()})
 * @param hubKind the kind of hub it blocked
 * @param culprit the frame to blame, or null if no stack was taken
 * @param task the task of its latest episode
 * @param episodes how many episodes ended there
 * @param total their durations added up
 * @param longest the longest of them
 * @param causes how many episodes had each cause
 * @param lastEpisodeId the latest episode's id, to find its full report
 */
public record Offender(String fingerprint, String hubKind, StackTraceElement culprit,
    String task, int episodes, Duration total, Duration longest,
    Map<BlockingEvent.Cause, Integer> causes, String lastEpisodeId) {
  /** Makes an offender; the causes are copied. */
  public Offender {
    causes = Map.copyOf(causes);
  }
}
