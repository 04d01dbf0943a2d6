/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.util.List;
import java.util.function.BiConsumer;

/*
 * Whether an episode is reported, decided once by the filters on its blocked event and then
 * applied to all its events on every reporter lane. The first lane to ask runs the filters;
 * a lane asking meanwhile waits for the answer (the lock), so the lanes always agree.
 */
final class Verdict {
  private static final int UNDECIDED = 0;
  private static final int REPORT = 1;
  private static final int DROP = 2;

  /* Guarded by this; a lane reads it under the lock, once per event. */
  private int state = UNDECIDED;

  /**
   * Whether to report {@code event}'s episode. Each filter sees the event once per episode; one
   * that throws counts as reporting it (a broken filter must not hide blockages), and is named
   * through {@code failed}.
   */
  synchronized boolean report(
      BlockingEvent event,
      List<BlockingFilter> filters,
      BiConsumer<BlockingFilter, Throwable> failed) {
    if (state == UNDECIDED) {
      state = REPORT;
      for (BlockingFilter filter : filters) {
        try {
          if (!filter.report(event)) {
            state = DROP;
            break;
          }
        } catch (Throwable t) {
          failed.accept(filter, t);
        }
      }
    }
    return state == REPORT;
  }
}
