/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import dev.unclog.BlockingEvent;
import dev.unclog.BlockingListener;
import dev.unclog.MemoryEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The human report, in the layout of gevent's monitor without its noise: a rule, the time and "task
 * blocked hub for N ms" with the real duration, the blocked stack, then {@code Info:} with the
 * process's threads. {@code still_blocked} and {@code unblocked} are one or two lines each, so a
 * long blockage is dumped once.
 *
 * <p>Repeats are brief: an episode blocked at a place (its fingerprint) already reported in full
 * within the repeat window gets one line naming the place and how often it was seen, and so does
 * any episode past the limit of full reports per minute. The JSON lines file and the listeners
 * still get every event.
 *
 * <p>Episodes whose cause is not the code (class loading, a starved or throttled CPU, GC, a stalled
 * process: {@link BlockingEvent.Cause#isTheCode()} false) get one line each when they end, never a
 * stack or a thread dump (the dump is not even taken: it is costly on a starved machine); hubs that
 * ended such an episode together at one place (loops that waited for the same class initialisation)
 * share one line. If the final cause turns out to be the code's after all, the full report comes
 * with the end.
 *
 * <p>One instance per destination, used by one reporter thread: its state is unsynchronized.
 */
public final class TextSink implements BlockingListener {
  /** The longest log record: 32,768 characters, a deep stack's whole report and more. */
  public static final int MAX_RECORD_CHARS = 32_768;

  /* Places and episodes remembered: enough for any real program; a flood of distinct places
   * forgets the oldest, which then get a full report again. */
  private static final int MAX_REMEMBERED = 4096;
  private static final long MINUTE_NANOS = 60_000_000_000L;

  /** Where the text goes: a stream, or a {@link System.Logger} at a level per event type. */
  private interface Out {
    void write(System.Logger.Level level, String text);

    /**
     * A blocked report, then, for a full one ({@code info} not null), its {@code Info:} section: on
     * a stream the report goes out before the dump is taken, which may be slow; a logger gets the
     * two as one record.
     */
    default void report(System.Logger.Level level, String report, BlockingEvent info) {
      write(level, report);
      if (info != null) {
        write(level, ThreadTree.GLOBAL.info(info));
      }
    }

    /** Whether text at this level goes anywhere: if not, no report (or dump) is built. */
    default boolean enabled(System.Logger.Level level) {
      return true;
    }
  }

  /* A class, not a lambda: made at every start (each lambda spins a class at its first use). */
  private static final class Printing implements Out {
    private final PrintStream stream;

    Printing(PrintStream stream) {
      this.stream = stream;
    }

    @Override
    public void write(System.Logger.Level level, String text) {
      stream.print(text);
      stream.flush();
    }
  }

  private static final class Place {
    int episodes;
    String fullEpisodeId;
    long lastFullNanos;
  }

  private final Out out;
  private final long repeatWindowNanos;
  private final int maxFullPerMinute;
  private final Map<String, Place> places = lru();
  private final Map<String, Boolean> briefEpisodes = lru();
  private final ArrayDeque<Long> fullReportTimes = new ArrayDeque<>();
  /* Episodes found with a cause that is not the code's: nothing printed for them yet. */
  private final Map<String, Boolean> quietEpisodes = lru();
  /* Ended not-the-code episodes waiting to share a line: same cause and place, ended together. */
  private final List<BlockingEvent> group = new ArrayList<>();
  private long groupSinceNanos;
  /* How long a line waits for more hubs: the events of one scan arrive within this. */
  private static final long GROUP_NANOS = 50_000_000L;

  private TextSink(Out out, Duration repeatWindow, int maxFullPerMinute) {
    this.out = out;
    this.repeatWindowNanos = repeatWindow.toNanos();
    this.maxFullPerMinute = maxFullPerMinute;
  }

  /**
   * Prints reports to {@code stream}.
   *
   * @param repeatWindow a place reported in full is reported in brief for this long; zero reports
   *     every episode in full
   * @param maxFullPerMinute full reports per minute at most, the rest brief; 0 for no limit
   */
  public static TextSink printingTo(
      PrintStream stream, Duration repeatWindow, int maxFullPerMinute) {
    return new TextSink(new Printing(stream), repeatWindow, maxFullPerMinute);
  }

  /**
   * Logs reports to {@code logger}: blocked and still-blocked at WARNING, unblocked at INFO, a heap
   * over its limit at WARNING and back under at INFO; each report one message, its {@code Info:}
   * section included, of at most {@link #MAX_RECORD_CHARS} characters (a log pipeline may refuse or
   * split a bigger record).
   */
  public static TextSink loggingTo(
      System.Logger logger, Duration repeatWindow, int maxFullPerMinute) {
    return new TextSink(
        new Out() {
          @Override
          public void write(System.Logger.Level level, String text) {
            logger.log(level, record(text.stripTrailing()));
          }

          @Override
          public void report(System.Logger.Level level, String report, BlockingEvent info) {
            write(level, info != null ? report + ThreadTree.GLOBAL.info(info) : report);
          }

          @Override
          public boolean enabled(System.Logger.Level level) {
            return logger.isLoggable(level);
          }
        },
        repeatWindow,
        maxFullPerMinute);
  }

  @Override
  public void onEvent(BlockingEvent event) {
    System.Logger.Level level =
        event.type() == BlockingEvent.Type.UNBLOCKED
            ? System.Logger.Level.INFO
            : System.Logger.Level.WARNING;
    if (!group.isEmpty() && !joins(event)) {
      flushGroup();
    }
    if (quiet(event) || !out.enabled(level)) {
      return;
    }
    switch (event.type()) {
      case BLOCKED -> {
        String report = blocked(event);
        out.report(level, report, briefEpisodes.containsKey(event.episodeId()) ? null : event);
      }
      case STILL_BLOCKED, UNBLOCKED ->
          out.write(
              level,
              briefEpisodes.containsKey(event.episodeId())
                  ? ReportText.briefLine(event, "")
                  : ReportText.format(event));
    }
    if (event.type() == BlockingEvent.Type.UNBLOCKED) {
      briefEpisodes.remove(event.episodeId());
    }
  }

  /**
   * Whether this event is one of an episode that is not the code's and so prints nothing now: found
   * so (nothing until it ends), or ending so after being found so (one line, perhaps shared). An
   * episode found not the code's whose end is the code's prints its full report now.
   */
  private boolean quiet(BlockingEvent event) {
    boolean theCode = event.cause().isTheCode();
    switch (event.type()) {
      case BLOCKED -> {
        if (!theCode) {
          quietEpisodes.put(event.episodeId(), Boolean.TRUE);
          return true;
        }
        return false;
      }
      case STILL_BLOCKED -> {
        if (!quietEpisodes.containsKey(event.episodeId())) {
          return false;
        }
        if (theCode) { // found not the code's, but now it is: the full report, from now on
          quietEpisodes.remove(event.episodeId());
          writeWhole(event);
        }
        return true;
      }
      default -> {
        if (quietEpisodes.remove(event.episodeId()) == null) {
          return false;
        }
        if (theCode) {
          writeWhole(event);
        } else {
          if (group.isEmpty()) {
            groupSinceNanos = System.nanoTime();
          }
          group.add(event);
        }
        return true;
      }
    }
  }

  private void writeWhole(BlockingEvent event) {
    if (out.enabled(System.Logger.Level.WARNING)) {
      out.write(System.Logger.Level.WARNING, ReportText.format(event, true));
    }
  }

  private boolean joins(BlockingEvent event) {
    BlockingEvent first = group.get(0);
    return event.type() == BlockingEvent.Type.UNBLOCKED
        && !event.cause().isTheCode()
        && event.cause() == first.cause()
        && event.fingerprint().equals(first.fingerprint())
        && System.nanoTime() - groupSinceNanos < GROUP_NANOS;
  }

  /**
   * Called by the reporter thread when it has nothing to deliver: a line that has waited long
   * enough for company goes out. Returns whether a line still waits.
   */
  public boolean idle() {
    if (!group.isEmpty() && System.nanoTime() - groupSinceNanos >= GROUP_NANOS) {
      flushGroup();
    }
    return !group.isEmpty();
  }

  /** Whether a line waits for company. */
  public boolean holds() {
    return !group.isEmpty();
  }

  /** Prints the waiting line now (at close). */
  public void flush() {
    if (!group.isEmpty()) {
      flushGroup();
    }
  }

  private void flushGroup() {
    try {
      if (out.enabled(System.Logger.Level.INFO)) {
        out.write(System.Logger.Level.INFO, ReportText.notTheCodeLine(group));
      }
    } finally {
      group.clear();
    }
  }

  @Override
  public void onMemoryEvent(MemoryEvent event) {
    out.write(
        event.type() == MemoryEvent.Type.EXCEEDED
            ? System.Logger.Level.WARNING
            : System.Logger.Level.INFO,
        ReportText.format(event));
  }

  /** The full report, or one line if the place was reported lately or the minute is full. */
  private String blocked(BlockingEvent event) {
    long now = System.nanoTime();
    Place place = places.get(event.fingerprint());
    if (place == null) {
      place = new Place();
      places.put(event.fingerprint(), place);
    }
    place.episodes++;
    while (!fullReportTimes.isEmpty() && now - fullReportTimes.peekFirst() >= MINUTE_NANOS) {
      fullReportTimes.pollFirst();
    }
    String why = null;
    if (place.fullEpisodeId != null
        && repeatWindowNanos > 0
        && now - place.lastFullNanos < repeatWindowNanos) {
      why =
          " (seen "
              + place.episodes
              + " times; reported in full as episode "
              + place.fullEpisodeId
              + ", again after "
              + Durations.format(Duration.ofNanos(repeatWindowNanos))
              + ")";
    } else if (maxFullPerMinute > 0 && fullReportTimes.size() >= maxFullPerMinute) {
      why =
          " (" + maxFullPerMinute + " full reports in the last minute: brief until it" + " passes)";
    }
    if (why != null) {
      briefEpisodes.put(event.episodeId(), Boolean.TRUE);
      return ReportText.briefLine(event, why);
    }
    place.lastFullNanos = now;
    place.fullEpisodeId = event.episodeId();
    fullReportTimes.addLast(now);
    return ReportText.format(event);
  }

  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > MAX_REMEMBERED;
      }
    };
  }

  /** {@code text}, cut at a line's end to fit in a log record, saying how much was left out. */
  static String record(String text) {
    if (text.length() <= MAX_RECORD_CHARS) {
      return text;
    }
    int end = text.lastIndexOf('\n', MAX_RECORD_CHARS - 160);
    int cut = end > 0 ? end : MAX_RECORD_CHARS - 160;
    long lines = text.substring(cut).lines().filter(l -> !l.isEmpty()).count();
    return text.substring(0, cut)
        + "\n    ... "
        + lines
        + " more lines cut (a log record holds at"
        + " most "
        + MAX_RECORD_CHARS
        + " characters; the report file has them all)";
  }
}
