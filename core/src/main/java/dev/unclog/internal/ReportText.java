/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import dev.unclog.BlockingEvent;
import dev.unclog.MemoryEvent;
import dev.unclog.Offender;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text of unclog's human reports, as functions of the events: a full report, a brief line, the
 * line of episodes that were not the code's, a memory line and the exit summary. What is printed
 * when, and how often, is {@link TextSink}'s.
 */
public final class ReportText {
  static final String RULE = "=".repeat(80);
  static final String STARS = "*".repeat(80);

  private ReportText() {}

  /**
   * One line for not-the-code episodes that ended together at one place: the time, the cause in
   * words, the hubs, the longest duration, the figures, the episodes and the frame.
   */
  static String notTheCodeLine(List<BlockingEvent> events) {
    BlockingEvent first = events.get(0);
    StringBuilder hubs = new StringBuilder();
    StringBuilder ids = new StringBuilder();
    Duration longest = Duration.ZERO;
    for (BlockingEvent event : events) {
      hubs.append(hubs.length() > 0 ? ", " : "").append(whole(event.hub()));
      ids.append(ids.length() > 0 ? ", " : "").append(event.episodeId());
      longest = event.blocked().compareTo(longest) > 0 ? event.blocked() : longest;
    }
    StackTraceElement culprit = first.culprit();
    boolean one = events.size() == 1;
    return first.time().truncatedTo(ChronoUnit.MILLIS)
        + " : "
        + whole(first.task())
        + " blocked "
        + (one ? "hub " : events.size() + " hubs ")
        + hubs
        + " ("
        + first.hubKind()
        + ") for "
        + (one ? "" : "up to ")
        + Durations.format(longest)
        + causeText(first)
        + ": not the code ("
        + (one ? "episode " : "episodes ")
        + ids
        + ")"
        + (culprit != null ? ", at " + culprit : "")
        + "\n";
  }

  /** One line: the time, task, verb, hub, duration, cause and the culprit frame. */
  static String briefLine(BlockingEvent event, String why) {
    String verb =
        switch (event.type()) {
          case BLOCKED -> " blocked ";
          case STILL_BLOCKED -> " still blocks ";
          case UNBLOCKED -> " unblocked ";
        };
    StackTraceElement culprit = event.culprit();
    return event.time().truncatedTo(ChronoUnit.MILLIS)
        + " : "
        + whole(event.task())
        + verb
        + "hub "
        + whole(event.hub())
        + " ("
        + event.hubKind()
        + ") "
        + (event.type() == BlockingEvent.Type.UNBLOCKED ? "after " : "for ")
        + Durations.format(event.blocked())
        + causeText(event)
        + ", episode "
        + event.episodeId()
        + (culprit != null ? ", at " + culprit : "")
        + why
        + "\n";
  }

  /**
   * The top-offenders summary: a heading, then per place its total blocked time, episodes, longest,
   * causes and culprit frame. Empty if nothing blocked.
   */
  public static String format(List<Offender> offenders, int episodesElsewhere, String notTheCode) {
    if (offenders.isEmpty()) {
      return notTheCode.isEmpty()
          ? ""
          : RULE + "\n" + notTheCode + " (charged to no place: see docs/causes.md)\n";
    }
    StringBuilder text = new StringBuilder(256 + 160 * offenders.size());
    text.append(RULE)
        .append("\nWhere hubs blocked longest in all (unclog, top ")
        .append(offenders.size())
        .append(")\n");
    text.append(
        String.format(
            Locale.ROOT,
            "%10s %8s %10s  %-24s %s%n",
            "total",
            "episodes",
            "longest",
            "causes",
            "place"));
    for (Offender offender : offenders) {
      StringBuilder causes = new StringBuilder();
      offender.causes().entrySet().stream()
          .sorted(Map.Entry.<BlockingEvent.Cause, Integer>comparingByValue().reversed())
          .forEach(
              cause ->
                  causes
                      .append(causes.length() > 0 ? ", " : "")
                      .append(cause.getKey().jsonName())
                      .append(' ')
                      .append(cause.getValue()));
      text.append(
          String.format(
              Locale.ROOT,
              "%10s %8d %10s  %-24s %s (%s, %s, last episode %s)%n",
              Durations.format(offender.total()),
              offender.episodes(),
              Durations.format(offender.longest()),
              causes,
              offender.culprit() != null ? offender.culprit() : whole(offender.task()),
              offender.hubKind(),
              offender.fingerprint(),
              offender.lastEpisodeId()));
    }
    if (episodesElsewhere > 0) {
      text.append("... and ").append(episodesElsewhere).append(" episodes at other places\n");
    }
    if (!notTheCode.isEmpty()) {
      text.append(notTheCode).append(" (charged to no place: see docs/causes.md)\n");
    }
    return text.toString();
  }

  /** One line: the time, which way the heap crossed the limit, usage and limit. */
  public static String format(MemoryEvent event) {
    return event.time().truncatedTo(ChronoUnit.MILLIS)
        + " : heap "
        + (event.type() == MemoryEvent.Type.EXCEEDED ? "over" : "back under")
        + " the memory limit: "
        + mib(event.usedBytes())
        + " used, limit "
        + mib(event.limitBytes())
        + (event.maxBytes() > 0 ? ", max " + mib(event.maxBytes()) : "")
        + "\n";
  }

  private static String mib(long bytes) {
    return (bytes >> 20) + " MiB";
  }

  /** The report of one event, ending with a newline. */
  public static String format(BlockingEvent event) {
    return format(event, false);
  }

  /**
   * The report of one event; with {@code whole}, for an episode whose blocked report was not
   * printed (it was not the code's when found), with its cause and whole stack.
   */
  static String format(BlockingEvent event, boolean whole) {
    StringBuilder text = new StringBuilder(1024);
    String header = event.time().truncatedTo(ChronoUnit.MILLIS) + " : " + whole(event.task());
    String hub = "hub " + whole(event.hub()) + " (" + event.hubKind() + ")";
    String duration = Durations.format(event.blocked());
    switch (event.type()) {
      case BLOCKED -> {
        text.append(RULE).append('\n');
        text.append(header)
            .append(" blocked ")
            .append(hub)
            .append(" for ")
            .append(duration)
            .append(causeText(event))
            .append('\n');
        text.append("    episode ")
            .append(event.episodeId())
            .append(", threshold ")
            .append(Durations.format(event.threshold()))
            .append(", since ")
            .append(event.since().truncatedTo(ChronoUnit.MILLIS))
            .append(", place ")
            .append(event.fingerprint())
            .append('\n');
        appendBlockedStack(text, event);
        ThreadTree.appendSite(text, event.spawnSite());
      }
      case STILL_BLOCKED -> {
        if (whole) {
          text.append(RULE).append('\n');
        }
        String cause = whole ? causeText(event) : "";
        text.append(
            String.format(
                Locale.ROOT,
                "%s still blocks %s: %s%s so far (episode %s)",
                header,
                hub,
                duration,
                cause,
                event.episodeId()));
        if (whole) { // the first report of an episode found not the code's: in full
          text.append('\n');
          appendBlockedStack(text, event);
        } else {
          text.append(", now at\n");
          appendStack(text, event.stack(), depthToCulprit(event.stack()), event.noStackReason());
        }
      }
      case UNBLOCKED -> {
        if (whole) {
          text.append(RULE).append('\n');
        }
        int samples = event.samplesTaken();
        text.append(
            String.format(
                Locale.ROOT,
                "%s unblocked %s after %s%s (episode %s, %d %s)\n",
                header,
                hub,
                duration,
                causeText(event),
                event.episodeId(),
                samples,
                samples == 1 ? "sample" : "samples"));
        if (whole) {
          text.append("Blocked Stack:\n");
          appendStack(text, event.stack(), Integer.MAX_VALUE, event.noStackReason());
        }
        for (BlockingEvent.Sample sample : event.samples()) {
          if (sample.stack().isEmpty()) {
            continue;
          }
          StackTraceElement top = sample.stack().get(0);
          StackTraceElement culprit = Frames.culprit(sample.stack());
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

  /** The heading of a full report's stack, naming the thread, then the stack itself. */
  private static void appendBlockedStack(StringBuilder text, BlockingEvent event) {
    text.append("Blocked Stack");
    if (event.threadId() >= 0) {
      text.append(" (thread #")
          .append(event.threadId())
          .append(", ")
          .append(event.threadState())
          .append(')');
    }
    text.append(":\n");
    appendStack(text, event.stack(), Integer.MAX_VALUE, event.noStackReason());
  }

  private static void appendStack(
      StringBuilder text, List<StackTraceElement> stack, int max, String noStackReason) {
    if (stack.isEmpty()) {
      text.append("    (no stack: ")
          .append(noStackReason != null ? noStackReason : "no sample was taken")
          .append(")\n");
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

  /** The cause in words with the times that back it, or nothing while unknown. */
  private static String causeText(BlockingEvent event) {
    return switch (event.cause()) {
      case ON_CPU -> ", on CPU (" + cpu(event) + ")";
      case WAITING -> ", waiting (" + cpu(event) + ")";
      case CLASS_LOADING -> ", loading or initialising classes (" + cpu(event) + ")";
      case CPU_STARVED ->
          ", starved of CPU ("
              + Durations.format(event.runQueueTime())
              + " waiting for a CPU, "
              + Durations.format(event.cpuTime())
              + " on it)";
      case CPU_THROTTLED ->
          ", CPU-throttled by its cgroup's quota ("
              + Durations.format(event.throttledTime())
              + " throttled)";
      case GC -> ", in GC pauses (" + Durations.format(event.gcTime()) + " stop-the-world)";
      case PROCESS_STALL ->
          ", the whole process stalled (" + Durations.format(event.stallTime()) + ")";
      case DEBUGGER -> ", suspended by a debugger";
      case UNKNOWN -> "";
    };
  }

  /** "12 ms CPU", with the run-queue time where the kernel gave it. */
  private static String cpu(BlockingEvent event) {
    String cpu =
        event.cpuTime() != null ? Durations.format(event.cpuTime()) + " CPU" : "CPU unknown";
    return event.runQueueTime() != null && event.runQueueTime().toMillis() > 0
        ? cpu + ", " + Durations.format(event.runQueueTime()) + " waiting for a CPU"
        : cpu;
  }

  /** An application's name, uncut, as part of one line (see Text.printable). */
  private static String whole(String name) {
    return Text.printable(name, Integer.MAX_VALUE);
  }

  /** How many frames it takes to show the culprit frame, at least 3 and at most 12. */
  private static int depthToCulprit(List<StackTraceElement> stack) {
    int culprit = stack.isEmpty() ? 0 : stack.indexOf(Frames.culprit(stack));
    return Math.max(3, Math.min(12, culprit + 1));
  }
}
