/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

/**
 * Decides, once per episode, whether it is reported at all: a cheap veto that runs before any
 * report is written, any listener is called or any on-block action is taken. Use it to silence
 * blockages you know and accept (a startup task, a known slow path), by hub, task or frame.
 *
 * <p>It runs on one of unclog's reporter threads, never on the monitor thread and never on the
 * hub's thread, with the episode's {@link BlockingEvent.Type#BLOCKED blocked} event: its
 * {@linkplain BlockingEvent#stack() stack} and {@linkplain BlockingEvent#culprit() culprit frame}
 * are there already. A filter that throws counts as "report it" and is named once on stderr. Keep
 * it quick and never let it wait for the application: every report and listener waits for it, so a
 * filter that takes a lock the blocked hub holds stops all reporting until the hub is free
 * (detection goes on; events beyond the queue's capacity are dropped).
 *
 * <pre>{@code
 * Monitor.global().addFilter(event ->
 *     !event.stack().toString().contains("com.example.Startup.warmCaches"));
 * }</pre>
 */
@FunctionalInterface
public interface BlockingFilter {
  /** True to report this episode; false to drop all its events everywhere. */
  boolean report(BlockingEvent blocked);
}
