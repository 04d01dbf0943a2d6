/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.time.Instant;

/**
 * The heap went over the monitor's memory limit, or came back under it: gevent's memory threshold
 * events. Sent once when usage first exceeds the limit, and once when it has fallen back under it;
 * nothing in between, however long it stays over.
 *
 * @param type over or back under
 * @param time when the monitor saw it
 * @param usedBytes heap bytes in use then
 * @param limitBytes the limit ({@code UNCLOG_MONITOR_MEMORY_MAX}) in bytes
 * @param maxBytes the heap's maximum size in bytes, or -1 if it has none
 */
public record MemoryEvent(Type type, Instant time, long usedBytes, long limitBytes, long maxBytes) {
  /** Which way the heap crossed the limit. */
  public enum Type {
    /** Heap usage went over the limit. */
    EXCEEDED("memory_exceeded"),
    /** Heap usage is back under the limit. */
    RECOVERED("memory_recovered");

    private final String jsonName;

    Type(String jsonName) {
      this.jsonName = jsonName;
    }

    /** The name used in JSON lines: {@code memory_exceeded} or {@code memory_recovered}. */
    public String jsonName() {
      return jsonName;
    }
  }

  @Override
  public String toString() {
    return type.jsonName() + " used=" + usedBytes + " limit=" + limitBytes;
  }
}
