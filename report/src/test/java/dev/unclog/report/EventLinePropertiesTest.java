/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The JSON-lines reader behind {@code unclog report}, on generated events: a file's line can hold
 * any value in any field (another version's, a damaged or a hostile file), and each event is read
 * or refused in words (the report then counts it a bad line), never another exception.
 */
class EventLinePropertiesTest {
  private static final List<String> FIELDS =
      List.of(
          "id",
          "since",
          "time",
          "blockedMs",
          "durationMs",
          "hub",
          "hubKind",
          "task",
          "cause",
          "fingerprint",
          "culprit",
          "stack",
          "samples",
          "host",
          "pid",
          "run",
          "gcMs",
          "stallMs");

  @Property(tries = 2000)
  void anEpisodeEvent_withAnyFields_isReadOrRefused(@ForAll("events") Map<String, Object> json) {
    try {
      EventLine line = EventLine.of(json);
      assertTrue(line != null);
    } catch (IllegalArgumentException refused) {
      assertTrue(refused.getMessage() != null && !refused.getMessage().isEmpty());
    }
  }

  @Provide
  Arbitrary<Map<String, Object>> events() {
    Arbitrary<Object> frames =
        Arbitraries.oneOf(value(), Arbitraries.of("app//a.B.c(B.java:1)").map(v -> (Object) v))
            .list()
            .ofMaxSize(4)
            .map(v -> (Object) v);
    Arbitrary<Object> samples =
        Arbitraries.maps(Arbitraries.of("count", "stack"), Arbitraries.oneOf(value(), frames))
            .ofMaxSize(2)
            .map(v -> (Object) v)
            .list()
            .ofMaxSize(3)
            .map(v -> (Object) v);
    Arbitrary<Object> good =
        Arbitraries.of("loop-1", "2026-11-21T10:21:14.250Z", "3f9c2a71b04e-1", "120", "event-loop")
            .map(v -> (Object) v);
    return Arbitraries.maps(
            Arbitraries.of(FIELDS), Arbitraries.oneOf(value(), good, frames, samples))
        .ofMaxSize(FIELDS.size())
        .flatMap(
            fields ->
                Arbitraries.of("blocked", "still-blocked", "unblocked")
                    .map(
                        event -> {
                          Map<String, Object> json = new HashMap<>(fields);
                          json.put("event", event);
                          return json;
                        }));
  }

  /* Any JSON value, as the reader gives them (numbers as Long or Double). */
  private static Arbitrary<Object> value() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(30).map(v -> (Object) v),
        Arbitraries.longs().map(v -> (Object) v),
        Arbitraries.doubles().map(v -> (Object) v),
        Arbitraries.of(true, false).map(v -> (Object) v),
        Arbitraries.just(List.of()).map(v -> (Object) v),
        Arbitraries.just(Map.of()).map(v -> (Object) v),
        Arbitraries.just("x").map(v -> (Object) null));
  }
}
