/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

/**
 * The process's pauses during a blockage, each null when the file does not say.
 *
 * @param gcMs stop-the-world GC time
 * @param stallMs time the whole process stood still
 */
record Pauses(Long gcMs, Long stallMs) {
  /** Each figure from this, else from {@code older}: the latest event that has it. */
  Pauses orElse(Pauses older) {
    return new Pauses(gcMs != null ? gcMs : older.gcMs, stallMs != null ? stallMs : older.stallMs);
  }
}
