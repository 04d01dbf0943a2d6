/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import dev.unclog.BlockingEvent;
import dev.unclog.BlockingListener;
import dev.unclog.MemoryEvent;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The human report, in the layout of gevent's monitor without its noise: a rule, the time and
 * "task blocked hub for N ms" with the real duration, the blocked stack, then {@code Info:}
 * with the process's threads. {@code still_blocked} and {@code unblocked} are one or two lines
 * each, so a long blockage is dumped once.
 */
public final class TextSink implements BlockingListener {
  static final String RULE = "=".repeat(80);
  static final String STARS = "*".repeat(80);

  private final PrintStream out;

  public TextSink(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onEvent(BlockingEvent event) {
    out.print(format(event));
    out.flush();
    if (event.type() == BlockingEvent.Type.BLOCKED) {
      out.print(ThreadTree.GLOBAL.info(event)); // after the report: a dump can take seconds
      out.flush();
    }
  }

  @Override
  public void onMemoryEvent(MemoryEvent event) {
    out.print(format(event));
    out.flush();
  }

  /** One line: the time, which way the heap crossed the limit, usage and limit. */
  public static String format(MemoryEvent event) {
    return event.time().truncatedTo(ChronoUnit.MILLIS) + " : heap "
        + (event.type() == MemoryEvent.Type.EXCEEDED ? "over" : "back under")
        + " the memory limit: " + mib(event.usedBytes()) + " used, limit "
        + mib(event.limitBytes()) + (event.maxBytes() > 0 ? ", max " + mib(event.maxBytes()) : "")
        + "\n";
  }

  private static String mib(long bytes) {
    return (bytes >> 20) + " MiB";
  }

  /** The report of one event, ending with a newline. */
  public static String format(BlockingEvent event) {
    StringBuilder text = new StringBuilder(1024);
    String header = event.time().truncatedTo(ChronoUnit.MILLIS) + " : " + event.task();
    String hub = "hub " + event.hub() + " (" + event.hubKind() + ")";
    String duration = Durations.format(event.blocked());
    switch (event.type()) {
      case BLOCKED -> {
        text.append(RULE).append('\n');
        text.append(header).append(" blocked ").append(hub).append(" for ").append(duration)
            .append(causeText(event)).append('\n');
        text.append("    episode ").append(event.episodeId()).append(", threshold ")
            .append(Durations.format(event.threshold())).append(", since ")
            .append(event.since().truncatedTo(ChronoUnit.MILLIS)).append('\n');
        text.append("Blocked Stack");
        if (event.threadId() >= 0) {
          text.append(" (thread #").append(event.threadId()).append(", ")
              .append(event.threadState()).append(')');
        }
        text.append(":\n");
        appendStack(text, event.stack(), Integer.MAX_VALUE);
        ThreadTree.appendSite(text, event.spawnSite());
      }
      case STILL_BLOCKED -> {
        text.append(header).append(" still blocks ").append(hub).append(": ").append(duration)
            .append(" so far (episode ").append(event.episodeId()).append("), now at\n");
        appendStack(text, event.stack(), depthToCulprit(event.stack()));
      }
      case UNBLOCKED -> {
        text.append(header).append(" unblocked ").append(hub).append(" after ").append(duration)
            .append(causeText(event)).append(" (episode ").append(event.episodeId()).append(", ")
            .append(event.samplesTaken()).append(event.samplesTaken() == 1 ? " sample" : " samples")
            .append(")\n");
        for (BlockingEvent.Sample sample : event.samples()) {
          if (sample.stack().isEmpty()) {
            continue;
          }
          StackTraceElement top = sample.stack().get(0);
          StackTraceElement culprit = culprit(sample.stack());
          text.append("    ").append(sample.count()).append(" x ").append(culprit);
          if (culprit != top) {
            text.append(" in ").append(top);
          }
          text.append('\n');
          if (text.length() > 4096) {
            break;
          }
        }
      }
    }
    return text.toString();
  }

  private static void appendStack(StringBuilder text, List<StackTraceElement> stack, int max) {
    if (stack.isEmpty()) {
      text.append("    (not taken: the task returned while it was being sampled,"
          + " or its thread is not known)\n");
      return;
    }
    int shown = Math.min(max, stack.size());
    for (int i = 0; i < shown; i++) {
      text.append("    at ").append(stack.get(i)).append('\n');
    }
    if (shown < stack.size()) {
      text.append("    ... ").append(stack.size() - shown).append(" more\n");
    }
  }

  /** ", on CPU" or ", waiting" with the CPU time, or nothing while unknown. */
  private static String causeText(BlockingEvent event) {
    return switch (event.cause()) {
      case ON_CPU -> ", on CPU (" + Durations.format(event.cpuTime()) + " CPU)";
      case WAITING -> ", waiting (" + Durations.format(event.cpuTime()) + " CPU)";
      case UNKNOWN -> "";
    };
  }

  /** How many frames it takes to show the culprit frame, at least 3 and at most 12. */
  private static int depthToCulprit(List<StackTraceElement> stack) {
    int culprit = stack.isEmpty() ? 0 : stack.indexOf(culprit(stack));
    return Math.max(3, Math.min(12, culprit + 1));
  }

  /** The innermost frame outside the JDK, or the innermost frame if all are the JDK's. */
  static StackTraceElement culprit(List<StackTraceElement> stack) {
    for (StackTraceElement frame : stack) {
      String type = frame.getClassName();
      if (!(type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.")
          || type.startsWith("sun.") || type.startsWith("com.sun."))) {
        return frame;
      }
    }
    return stack.get(0);
  }
}
