/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import dev.unclog.BlockingEvent;
import dev.unclog.BlockingListener;
import jdk.jfr.FlightRecorder;

/**
 * Records episodes as JDK Flight Recorder events, for {@code jfr print} and JDK Mission Control
 * (the events are described in {@link JfrEvents}).
 *
 * <p>Nothing happens, and no event class is even loaded, until the recorder has been started in
 * this JVM ({@code -XX:StartFlightRecording}, {@code jcmd JFR.start}, or the API): loading the
 * first subclass of {@code jdk.jfr.Event} starts JFR's own machinery, about 120 ms and 18 MiB on
 * this machine, which a JVM that never records must not pay. So this class names no event type, not
 * even in a signature the verifier would check, and the events live in their own class, made at the
 * first event after the recorder started. One reporter thread calls it: plain fields.
 */
public final class JfrSink implements BlockingListener {
  /** The threads of an event, while they live: what the public event does not hand out. */
  public interface Threads {
    /** The hub's thread, or null (a heartbeat-probed executor's hub has none). */
    Thread hub(BlockingEvent event);

    /** The thread that blocked: the mounted virtual thread on a carrier, else the hub's. */
    Thread culprit(BlockingEvent event);
  }

  private final Threads threads;
  private JfrEvents events;

  public JfrSink(Threads threads) {
    this.threads = threads;
  }

  @Override
  public void onEvent(BlockingEvent event) {
    if (!FlightRecorder.isInitialized()) {
      return;
    }
    if (events == null) {
      events = new JfrEvents(threads);
    }
    events.onEvent(event);
  }
}
