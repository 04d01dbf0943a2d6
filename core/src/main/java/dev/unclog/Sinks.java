/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.internal.JfrSink;
import dev.unclog.internal.JsonLinesSink;
import dev.unclog.internal.JsonPrintSink;
import dev.unclog.internal.TextSink;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a monitor's events go, from its builder: unclog's own sinks on the reporter lane, and on
 * the listener lane the application's listeners, the logger first (a logging backend is application
 * code).
 */
record Sinks(List<BlockingListener> own, List<BlockingListener> listeners) {
  static Sinks of(Monitor.Builder builder) {
    List<BlockingListener> own = new ArrayList<>();
    if (builder.printTo != null) {
      own.add(
          builder.printJson
              ? new JsonPrintSink(builder.printTo)
              : TextSink.printingTo(
                  builder.printTo, builder.repeatWindow, builder.maxReportsPerMinute));
    }
    if (builder.reportFile != null) {
      own.add(new JsonLinesSink(builder.reportFile));
    }
    if (builder.jfr && ModuleLayer.boot().findModule("jdk.jfr").isPresent()) {
      own.add(new JfrSink(new EventThreads()));
    }
    if (builder.onBlock != Monitor.OnBlock.REPORT) {
      own.add(new OnBlockAction(builder.onBlock, System.err)); // after the report is written
    }
    List<BlockingListener> listeners = new ArrayList<>();
    if (builder.logTo != null) {
      listeners.add(
          TextSink.loggingTo(builder.logTo, builder.repeatWindow, builder.maxReportsPerMinute));
    }
    listeners.addAll(builder.listeners);
    return new Sinks(own, listeners);
  }

  /* What JfrSink may not reach from its package: an event's threads, held weakly. */
  private static final class EventThreads implements JfrSink.Threads {
    @Override
    public Thread hub(BlockingEvent event) {
      Hub hub = event.hubIfAlive();
      return hub != null ? hub.owner() : null; // a heartbeat's hub has none
    }

    @Override
    public Thread culprit(BlockingEvent event) {
      return event.culpritIfAlive();
    }
  }
}
