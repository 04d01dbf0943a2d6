/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.time.Instant;

/**
 * The heap went over the monitor's memory limit, or came back under it: gevent's memory threshold
 * events. Sent once when usage first exceeds the limit, and once when it has fallen back under it;
 * nothing in between, however long it stays over.
 */
public final class MemoryEvent {
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

  private final Type type;
  private final Instant time;
  private final long usedBytes;
  private final long limitBytes;
  private final long maxBytes;

  MemoryEvent(Type type, Instant time, long usedBytes, long limitBytes, long maxBytes) {
    this.type = type;
    this.time = time;
    this.usedBytes = usedBytes;
    this.limitBytes = limitBytes;
    this.maxBytes = maxBytes;
  }

  /** Over or back under. */
  public Type type() {
    return type;
  }

  /** When the monitor saw it. */
  public Instant time() {
    return time;
  }

  /** Heap bytes in use then. */
  public long usedBytes() {
    return usedBytes;
  }

  /** The limit ({@code UNCLOG_MONITOR_MEMORY_MAX}) in bytes. */
  public long limitBytes() {
    return limitBytes;
  }

  /** The heap's maximum size in bytes, or -1 if it has none. */
  public long maxBytes() {
    return maxBytes;
  }

  @Override
  public String toString() {
    return type.jsonName() + " used=" + usedBytes + " limit=" + limitBytes;
  }
}
