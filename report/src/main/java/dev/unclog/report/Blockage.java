/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

/**
 * One episode as the report shows it, put together from its events.
 *
 * @param durationMs the measured duration, or the longest {@code blockedMs} seen if it never ended
 *     in the file
 * @param place where it blocked: its fingerprint and the frame to blame
 * @param ended whether its {@code unblocked} event was in the file
 */
record Blockage(
    String id,
    Where where,
    long sinceMillis,
    long durationMs,
    String cause,
    Place place,
    boolean ended,
    Pauses pauses)
    implements Where.Located {

  /** The place's fingerprint and the frame to blame (or the task, without a stack). */
  record Place(String fingerprint, String culprit) {}

  long endMillis() {
    return sinceMillis + durationMs;
  }
}
