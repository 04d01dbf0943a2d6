/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import dev.unclog.BlockingEvent;
import dev.unclog.BlockingListener;
import dev.unclog.MemoryEvent;
import java.io.PrintStream;

/**
 * {@code UNCLOG_LOG_FORMAT=json}: every event on a stream (stderr) as one JSON object per line, the
 * schema of the report file, for log shippers that take a line as a record. A blocked event of the
 * code's own cause carries its {@code Info:} section as the field {@code info} (the thread dump is
 * rate-limited as in the text reports). One reporter thread calls it.
 */
public final class JsonPrintSink implements BlockingListener {

  private final PrintStream stream;

  public JsonPrintSink(PrintStream stream) {
    this.stream = stream;
  }

  @Override
  public void onEvent(BlockingEvent event) {
    boolean dump = event.type() == BlockingEvent.Type.BLOCKED && event.cause().isTheCode();
    String info = dump ? TextSink.record(ThreadTree.GLOBAL.info(event)) : null;
    print(Json.line(event, info, Frames.MAX_EXPORTED));
  }

  @Override
  public void onMemoryEvent(MemoryEvent event) {
    print(Json.line(event));
  }

  private void print(String line) {
    stream.print(line + "\n"); // one write: a line is never split by another thread's output
    stream.flush();
  }

  @Override
  public String toString() {
    return "JSON lines on " + (stream == System.err ? "stderr" : "a stream");
  }
}
