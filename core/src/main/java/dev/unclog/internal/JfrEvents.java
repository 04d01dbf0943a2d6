/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import dev.unclog.BlockingEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;

/**
 * The JFR events of {@link JfrSink}: {@code dev.unclog.Blocked} when a hub is found blocked (with
 * its stack), and {@code dev.unclog.Episode} when it is free again, spanning from the moment it was
 * found to its end (JFR events begin when they are made); its {@code since} and {@code blocked}
 * fields are the blockage's real start and length, and its description says so. The events carry
 * the blocked thread's stack as text (a JFR event's own stack would be the reporter thread's), and
 * the hub's and the culprit's threads as {@code Thread} fields, the culprit being the virtual
 * thread on a carrier. One reporter thread calls it: its map is unsynchronized.
 */
final class JfrEvents {

  private final JfrSink.Threads threads;

  JfrEvents(JfrSink.Threads threads) {
    this.threads = threads;
  }

  /* Episodes found while a recording ran, by id, until they end: one per blocked hub, unless
   * an unblocked event was lost (a lane over capacity, a monitor that gave up); the oldest are
   * forgotten past MAX_IN_PROGRESS, so lost ends cannot make it grow. */
  private static final int MAX_IN_PROGRESS = 4096;
  private final Map<String, EpisodeEvent> inProgress =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EpisodeEvent> eldest) {
          return size() > MAX_IN_PROGRESS;
        }
      };

  void onEvent(BlockingEvent event) {
    switch (event.type()) {
      case BLOCKED -> {
        BlockedEvent blocked = new BlockedEvent();
        if (blocked.shouldCommit()) {
          fill(blocked, event);
          blocked.commit();
        }
        EpisodeEvent episode = new EpisodeEvent();
        if (episode.isEnabled()) {
          episode.begin();
          inProgress.put(event.episodeId(), episode);
        }
      }
      case STILL_BLOCKED -> {}
      case UNBLOCKED -> {
        EpisodeEvent episode = inProgress.remove(event.episodeId());
        if (episode == null) {
          episode = new EpisodeEvent(); // found before the recording began: no span known
          episode.begin();
        }
        episode.end();
        if (episode.shouldCommit()) {
          fill(episode, event);
          episode.samplesTaken = event.samplesTaken();
          episode.commit();
        }
      }
    }
  }

  private void fill(Common jfr, BlockingEvent event) {
    jfr.hubThread = threads.hub(event);
    jfr.culpritThread = threads.culprit(event);
    jfr.episodeId = event.episodeId();
    jfr.run = Origin.run();
    jfr.host = Origin.host();
    jfr.pid = Origin.pid();
    jfr.hubKind = event.hubKind();
    jfr.hub = event.hub();
    jfr.task = event.task();
    jfr.cause = event.cause().jsonName();
    jfr.blocked = event.blocked().toNanos();
    jfr.since = event.since().toEpochMilli();
    jfr.threshold = event.threshold().toNanos();
    StackTraceElement culprit = event.culprit();
    jfr.culprit = culprit != null ? culprit.toString() : null;
    jfr.fingerprint = event.fingerprint();
    jfr.stack = text(event.stack());
    jfr.cpu = nanos(event.cpuTime());
    jfr.runQueue = nanos(event.runQueueTime());
    jfr.throttled = nanos(event.throttledTime());
    jfr.gc = nanos(event.gcTime());
    jfr.stall = nanos(event.stallTime());
  }

  /* JFR shows Long.MIN_VALUE as N/A: a figure this machine does not give. */
  private static long nanos(java.time.Duration duration) {
    return duration != null ? duration.toNanos() : Long.MIN_VALUE;
  }

  private static String text(List<StackTraceElement> stack) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < stack.size() && i < Frames.MAX_EXPORTED; i++) {
      text.append(stack.get(i)).append('\n');
    }
    if (stack.size() > Frames.MAX_EXPORTED) {
      text.append("... ").append(stack.size() - Frames.MAX_EXPORTED).append(" more\n");
    }
    return text.toString();
  }

  @Category("unclog")
  @StackTrace(false)
  abstract static class Common extends Event {
    @Label("Episode")
    @Description("The episode's id, the same on all its events")
    String episodeId;

    @Label("Run")
    @Description("This JVM run's random id, the prefix of its episode ids")
    String run;

    @Label("Host")
    @Description("The host's name, as in the JSON lines")
    String host;

    @Label("Process")
    @Description("The process id")
    long pid;

    @Label("Hub Kind")
    String hubKind;

    @Label("Hub")
    @Description("The loop, carrier or worker thread that was blocked")
    String hub;

    @Label("Hub Thread")
    @Description("The hub's thread, as the JVM knows it (none for a heartbeat-probed executor)")
    Thread hubThread;

    @Label("Culprit Thread")
    @Description("The thread that blocked: the virtual thread mounted on a carrier, else the hub's")
    Thread culpritThread;

    @Label("Task")
    String task;

    @Label("Cause")
    @Description(
        "on-cpu, waiting, class-loading, cpu-starved, cpu-throttled, gc,"
            + " process-stall, debugger or unknown")
    String cause;

    @Label("Blocked")
    @Description("How long the hub was blocked, from the task's start")
    @Timespan(Timespan.NANOSECONDS)
    long blocked;

    @Label("Since")
    @Description("When the blocking task began")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    long since;

    @Label("Threshold")
    @Timespan(Timespan.NANOSECONDS)
    long threshold;

    @Label("Culprit")
    @Description("The innermost frame outside the JDK")
    String culprit;

    @Label("Place")
    @Description("Fingerprint of where it blocked")
    String fingerprint;

    @Label("Blocked Stack")
    String stack;

    @Label("CPU")
    @Description("The hub thread's CPU time from half the threshold on")
    @Timespan(Timespan.NANOSECONDS)
    long cpu;

    @Label("Run Queue")
    @Description("Time it was runnable but waiting for a CPU, same span")
    @Timespan(Timespan.NANOSECONDS)
    long runQueue;

    @Label("Throttled")
    @Description("Time the CPU cgroup was throttled, same span")
    @Timespan(Timespan.NANOSECONDS)
    long throttled;

    @Label("GC")
    @Description("Stop-the-world GC time since the task began")
    @Timespan(Timespan.NANOSECONDS)
    long gc;

    @Label("Stall")
    @Description("Time the whole process stood still since the task began")
    @Timespan(Timespan.NANOSECONDS)
    long stall;
  }

  @Name("dev.unclog.Blocked")
  @Label("Hub Blocked")
  @Description("A hub was found inside one task for longer than the maximum blocking time")
  static final class BlockedEvent extends Common {}

  @Name("dev.unclog.Episode")
  @Label("Blocking Episode")
  @Description(
      "A blocking episode. The event itself spans from the moment it was found until the hub was"
          + " free; the blockage began at Since and lasted Blocked")
  static final class EpisodeEvent extends Common {
    @Label("Samples Taken")
    int samplesTaken;
  }
}
