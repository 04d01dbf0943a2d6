/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.internal.Diagnostics;
import java.io.PrintStream;

/**
 * What a monitor does about a blockage besides reporting it ({@code UNCLOG_ON_BLOCK}). Runs in
 * unclog's own reporting lane, after the report is written, never on the monitor thread.
 */
final class OnBlockAction implements BlockingListener {
  private final Monitor.OnBlock action;
  private final PrintStream err;

  OnBlockAction(Monitor.OnBlock action, PrintStream err) {
    this.action = action;
    this.err = err;
  }

  @Override
  public void onEvent(BlockingEvent event) {
    if (event.type() != BlockingEvent.Type.BLOCKED || !event.cause().isTheCode()) {
      return; // a stall the code did not cause (class loading, a starved CPU, ...) is not acted on
    }
    switch (action) {
      case REPORT -> {}
      case INTERRUPT -> interrupt(event);
      case HALT -> {
        Diagnostics.line(
            err, "halting the JVM (UNCLOG_ON_BLOCK=halt) after episode " + event.episodeId());
        err.flush();
        Runtime.getRuntime().halt(HALT_STATUS);
      }
    }
  }

  static final int HALT_STATUS = 3;

  /*
   * Interrupting is safe for a task of a watched executor (the pool clears the interrupt
   * before its next task) and for a virtual thread (it is the task); not for an event loop,
   * where an interrupt closes NIO channels the loop serves. The hub's sequence is checked just
   * before, so a task that has returned meanwhile is left alone; a return in between the check
   * and the interrupt can still interrupt the next task on that worker, a window of
   * nanoseconds after a blockage of at least the threshold.
   */
  private void interrupt(BlockingEvent event) {
    Hub hub = event.hubIfAlive();
    Thread culprit = hub != null ? event.culpritIfAlive() : null;
    String kind = event.hubKind();
    if (culprit == null || !(kind.equals(Hub.EXECUTOR) || kind.equals(Hub.CARRIER))) {
      Diagnostics.line(
          err,
          "episode "
              + event.episodeId()
              + " not interrupted: interrupting "
              + (culprit == null ? "an unknown thread" : "an " + kind + " thread")
              + " is unsafe");
      return;
    }
    if (hub.switchSeqAcquire() == event.episodeSeq) {
      culprit.interrupt();
      Diagnostics.line(
          err,
          "interrupted "
              + culprit.getName()
              + " (UNCLOG_ON_BLOCK=interrupt),"
              + " episode "
              + event.episodeId());
    }
  }
}
