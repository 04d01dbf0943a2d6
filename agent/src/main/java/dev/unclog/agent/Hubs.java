/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which threads that reach a switch point are hubs, of which kind, and which of their tasks are
 * switches. {@code threads} is asked once per thread, on that thread, the first time it reaches a
 * point with these rules; a thread it declines is asked again by no point that shares them (past
 * the first 64 distinct rules in a JVM, at each of its tasks). A test that throws declines. A
 * thread is a hub of one kind: a point of another kind on it is no switch. Switch points that share
 * one {@code Hubs} object share one hook.
 *
 * @param kind the hub kind, as reports, JSON {@code hubKind} and metrics tags show it ({@code
 *     event-loop}, or one of the library's own)
 * @param threads whether a thread becomes a hub; it must not block, and may not throw
 * @param tasks which tasks are switches, asked per task; null for all. A pool that runs blocking
 *     and non-blocking tasks on the same threads (Kotlin's) watches only the latter: between them,
 *     the thread is between tasks to the monitor
 */
public record Hubs(String kind, Predicate<Thread> threads, Predicate<Object> tasks) {
  public Hubs {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(threads, "threads");
  }

  /** Every task of the threads {@code threads} accepts is a switch. */
  public static Hubs of(String kind, Predicate<Thread> threads) {
    return new Hubs(kind, threads, null);
  }

  /** Every thread that reaches a switch point is a hub, and every task a switch. */
  public static Hubs every(String kind) {
    return new Hubs(kind, EVERY_THREAD, null);
  }

  /* One predicate for every kind, and a class, not a lambda: each lambda spins a class at the
   * agent's start. */
  private static final Predicate<Thread> EVERY_THREAD =
      new Predicate<>() {
        @Override
        public boolean test(Thread thread) {
          return true;
        }
      };
}
