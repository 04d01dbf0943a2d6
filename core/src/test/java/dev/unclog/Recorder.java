/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** A listener that keeps every event, and waits on conditions with generous deadlines. */
final class Recorder implements BlockingListener {
  static final Duration DEADLINE = Duration.ofSeconds(20);

  final List<BlockingEvent> events = new CopyOnWriteArrayList<>();
  final List<MemoryEvent> memory = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(BlockingEvent event) {
    events.add(event);
  }

  @Override
  public void onMemoryEvent(MemoryEvent event) {
    memory.add(event);
  }

  List<BlockingEvent> of(BlockingEvent.Type type) {
    return events.stream().filter(e -> e.type() == type).toList();
  }

  /** Waits until at least {@code count} events of {@code type} arrived. */
  List<BlockingEvent> await(BlockingEvent.Type type, int count) {
    awaitTrue(() -> of(type).size() >= count, count + " " + type + " events");
    return of(type);
  }

  void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("waited " + DEADLINE.toSeconds() + " s for " + what + "; events: " + events);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** Waits until the monitor has finished {@code count} more scans. */
  static void awaitScans(Monitor monitor, int count) {
    long target = monitor.scans() + count;
    new Recorder().awaitTrue(() -> monitor.scans() >= target, count + " monitor scans");
  }
}
