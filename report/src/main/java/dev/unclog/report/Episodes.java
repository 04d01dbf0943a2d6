/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts episodes together from their events, which arrive interleaved, and hands each to the {@link
 * Summary} once it ends. An episode whose {@code unblocked} is missing (the file was cut, or the
 * program died) is handed over at the end of the file, as not ended.
 *
 * <p>Only open episodes are held, with their first stack. A hostile file could open episodes
 * without end, so at most {@value #MAX_OPEN} are held, and {@value #MAX_OPEN_CHARS} characters of
 * stacks: past either, the oldest is handed over as not ended (if it ends later, its end counts as
 * an episode of its own).
 */
final class Episodes {
  static final int MAX_OPEN = 4096;
  static final long MAX_OPEN_CHARS = 4_000_000;

  private final Summary summary;
  private final Map<String, Open> open = new LinkedHashMap<>();
  private long openChars;

  Episodes(Summary summary) {
    this.summary = summary;
  }

  /** The first event seen of an episode, and what its later events changed. */
  private static final class Open {
    final EventLine first;
    EventLine latest;
    /* What first and latest hold in strings, counted against the budget of open episodes. */
    long chars;
    long longestMillis;

    Open(EventLine first) {
      this.first = first;
      this.latest = first;
      this.longestMillis = first.millis();
      this.chars = charsOf(first);
    }
  }

  /** The characters an event's stack and samples hold: what keeping it open costs. */
  private static long charsOf(EventLine event) {
    long chars = event.stack().stream().mapToLong(String::length).sum();
    for (EventLine.Sample sample : event.samples()) {
      chars += sample.stack().stream().mapToLong(String::length).sum();
    }
    return chars;
  }

  void accept(EventLine event) {
    Open episode = open.get(event.id());
    if (episode == null) {
      if (event.event().equals(EventLine.UNBLOCKED)) {
        handOver(new Open(event), event, true);
        return;
      }
      episode = new Open(event);
      open.put(event.id(), episode);
      openChars += episode.chars;
      evictWhileOverBudget();
      return;
    }
    if (event.event().equals(EventLine.UNBLOCKED)) {
      close(open.remove(event.id()), event, true);
      return;
    }
    long before = episode.chars;
    episode.chars = charsOf(episode.first) + charsOf(event);
    openChars += episode.chars - before;
    episode.latest = event;
    episode.longestMillis = Math.max(episode.longestMillis, event.millis());
    evictWhileOverBudget();
  }

  /** Hands over every episode still open: the file ended before they did. */
  void endOfFile() {
    for (Open episode : List.copyOf(open.values())) {
      close(episode, episode.latest, false);
    }
    open.clear();
    openChars = 0;
  }

  private void evictWhileOverBudget() {
    Iterator<Open> oldestFirst = open.values().iterator();
    while (open.size() > MAX_OPEN || openChars > MAX_OPEN_CHARS) {
      Open oldest = oldestFirst.next();
      oldestFirst.remove();
      close(oldest, oldest.latest, false);
    }
  }

  private void close(Open episode, EventLine last, boolean ended) {
    openChars -= episode.chars;
    handOver(episode, last, ended);
  }

  private void handOver(Open episode, EventLine last, boolean ended) {
    summary.add(
        blockage(episode, last, ended),
        blamedStack(episode.first, last),
        samples(episode.first, last));
  }

  private static Blockage blockage(Open episode, EventLine last, boolean ended) {
    EventLine first = episode.first;
    List<String> stack = blamedStack(first, last);
    String fingerprint = firstNonNull(first.fingerprint(), last.fingerprint());
    String culprit = firstNonNull(first.culprit(), last.culprit());
    Blockage.Place place =
        new Blockage.Place(
            fingerprint != null ? fingerprint : Blame.fingerprint(first.hubKind(), stack),
            culprit != null ? culprit : Blame.culprit(stack));
    return new Blockage(
        first.id(),
        first.where(),
        first.sinceMillis(),
        ended ? last.millis() : Math.max(episode.longestMillis, last.millis()),
        last.cause(),
        place,
        ended,
        last.pauses().orElse(first.pauses()));
  }

  /** The stack taken when the episode was found: the first event's, else the last's. */
  private static List<String> blamedStack(EventLine first, EventLine last) {
    return first.stack().isEmpty() ? last.stack() : first.stack();
  }

  /** The stacks to weigh in the flame graph: the samples if any, else the blamed stack. */
  private static List<EventLine.Sample> samples(EventLine first, EventLine last) {
    if (!last.samples().isEmpty()) {
      return last.samples();
    }
    List<String> stack = blamedStack(first, last);
    return stack.isEmpty() ? List.of() : List.of(new EventLine.Sample(1, stack));
  }

  private static <T> T firstNonNull(T first, T second) {
    return first != null ? first : second;
  }
}
