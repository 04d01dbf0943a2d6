/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

/**
 * One episode as the report shows it, put together from its events.
 *
 * @param durationMs the measured duration, or the longest {@code blockedMs} seen if it never ended
 *     in the file
 * @param ended whether its {@code unblocked} event was in the file
 * @param gcMs GC time during the episode, if the file says
 * @param stallMs time the whole process stood still during the episode, if the file says
 */
record Blockage(
    String id,
    String hubKind,
    String hub,
    String task,
    long sinceMillis,
    long durationMs,
    String cause,
    String culprit,
    String fingerprint,
    boolean ended,
    Long gcMs,
    Long stallMs) {

  long endMillis() {
    return sinceMillis + durationMs;
  }
}
