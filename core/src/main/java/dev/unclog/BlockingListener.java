/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

/**
 * Receives the events of blocking episodes.
 *
 * <p>Callbacks run on the monitor's listener thread ({@code unclog-listeners}), never on the
 * monitor thread or on a hub, one event at a time and in order. A listener should still return
 * quickly: while it runs, later events wait in a bounded queue, and events that overflow it are
 * dropped (and counted on stderr). One that blocks delays the other listeners but never the monitor
 * or the text and JSON reports. A listener that throws is reported once on stderr and keeps
 * receiving events.
 */
@FunctionalInterface
public interface BlockingListener {
  /** Called for each event: {@code blocked}, any {@code still_blocked}, then {@code unblocked}. */
  void onEvent(BlockingEvent event);

  /** Called when the heap crosses the monitor's memory limit, if it has one; does nothing. */
  default void onMemoryEvent(MemoryEvent event) {}
}
