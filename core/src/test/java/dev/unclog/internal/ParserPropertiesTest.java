/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

/**
 * Every parser fed from outside the program, on generated input: what a user, a file or another
 * process can hand it. Each property says what must hold for any input: a value or a clear refusal,
 * never another exception, never a line that is not one line.
 */
class ParserPropertiesTest {
  @Property(tries = 2000)
  void durations_anyText_isADurationOrARefusal(@ForAll @StringLength(max = 40) String text) {
    try {
      assertTrue(!Durations.parse(text).isNegative(), text);
    } catch (IllegalArgumentException refused) {
      assertEquals("not a duration", refused.getMessage());
    }
  }

  @Property(tries = 2000)
  void durations_likeUsersWriteThem_meanWhatTheySay(
      @ForAll @LongRange(min = 0, max = 9_000_000) long amount, @ForAll("units") String unit) {
    Duration expected =
        switch (unit.trim()) {
          case "ns" -> Duration.ofNanos(amount);
          case "us" -> Duration.ofNanos(amount * 1_000);
          case "ms", "MS" -> Duration.ofMillis(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofSeconds(amount);
        };
    assertEquals(expected, Durations.parse(" " + amount + unit + " "));
  }

  /**
   * UNCLOG_HUB_THREADS is matched on application threads as they run their first task: whatever the
   * pattern, nested quantifiers over a long name included, a match ends within its bound.
   */
  @Property(tries = 300)
  void hubThreads_anyPatternOnAnyName_endsWithinItsBound(
      @ForAll("patterns") String pattern, @ForAll("names") String name) {
    java.util.regex.Pattern compiled;
    try {
      compiled = java.util.regex.Pattern.compile(pattern);
    } catch (java.util.regex.PatternSyntaxException refused) {
      return; // refused by the setting's reader, in one line (settings_anyValues_...)
    }
    HubThreads.set(compiled);
    try {
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
          Duration.ofSeconds(10), () -> HubThreads.matches(name), pattern + " on " + name);
    } finally {
      HubThreads.set(null);
    }
  }

  @Provide
  Arbitrary<String> patterns() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("ab()|*+?{}.\\d1,").ofMaxLength(16),
        Arbitraries.of("(a|aa)+", "(a+)+b", "(a*)*b", "((a|b)*)*c", "(.*a){12}", "orders-.*"));
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("ab-1").ofMaxLength(80),
        Arbitraries.integers().between(20, 200).map(n -> "a".repeat(n) + "!"));
  }

  @Provide
  Arbitrary<String> units() {
    return Arbitraries.of("ns", "us", "ms", "MS", " ms", "s", "", "m");
  }

  @Property(tries = 500)
  void settings_anyValues_neverThrow_andEachRefusalIsOneShortPrintableLine(
      @ForAll("settings") Map<String, String> environment) {
    List<String> errors = new ArrayList<>();
    Settings.Loaded settings = Settings.load(Map.of(), name -> null, environment::get, errors::add);
    assertTrue(!settings.threshold().isNegative());
    for (String error : errors) {
      assertTrue(
          error.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029), error);
      assertTrue(error.length() < 400, error);
    }
  }

  @Provide
  Arbitrary<Map<String, String>> settings() {
    Arbitrary<String> names = Arbitraries.of(Settings.environmentNames());
    Arbitrary<String> values =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(30),
            Arbitraries.strings().withChars("0123456789.-+eE msuhMin\n\u001b").ofMaxLength(12),
            Arbitraries.of(
                "true",
                "false",
                "TRUE",
                "0",
                "1",
                "yes",
                "",
                " ",
                "-1ms",
                "1h",
                "9999999999999999999s",
                "report",
                "interrupt",
                "halt",
                "/dev/null"));
    return Arbitraries.maps(names, values).ofMaxSize(8);
  }

  @Property(tries = 2000)
  void json_anyString_survivesTheWriterAndTheReader(@ForAll String value) {
    StringBuilder json = new StringBuilder();
    Json.string(json, value);
    assertTrue(
        json.chars().noneMatch(c -> c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029),
        "one line");
    assertEquals(value, JsonReader.parse(json.toString()));
  }

  @Property(tries = 3000)
  void json_anyText_isAValueOrARefusal(@ForAll("jsonish") String text) {
    try {
      JsonReader.parse(text);
    } catch (IllegalArgumentException refused) {
      assertTrue(refused.getMessage() != null && !refused.getMessage().isEmpty());
    }
  }

  @Provide
  Arbitrary<String> jsonish() {
    return Arbitraries.strings()
        .withChars("{}[]\":,\\/ 0123456789-+.eEtrufalsn\u00e9\ud83d")
        .ofMaxLength(60);
  }

  @Property(tries = 50)
  void json_nestedAnyDeep_isRefused_notAStackOverflow(
      @ForAll @net.jqwik.api.constraints.IntRange(min = 65, max = 200_000) int depth) {
    String text = "[".repeat(depth) + "]".repeat(depth);
    assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(text));
  }

  /**
   * The JDK's JSON thread dump, as {@code ThreadTree} reads it for the {@code Info:} section: any
   * structure of the right outline, with any value anywhere in it (another JDK's format, a damaged
   * file), is rendered or refused in words, never another exception.
   */
  @Property(tries = 1000)
  void threadDump_anyShape_isRenderedOrRefused(@ForAll("dumps") Object dump) {
    try {
      String text = ThreadTree.render(Map.of("threadDump", dump), 7, "loop", Map.of());
      assertTrue(text.startsWith("Info:"), text);
    } catch (IllegalArgumentException refused) {
      assertTrue(refused.getMessage() != null && !refused.getMessage().isEmpty());
    }
  }

  @Provide
  Arbitrary<Object> dumps() {
    Arbitrary<Object> thread =
        Arbitraries.maps(
                Arbitraries.of("tid", "name", "state", "virtual", "carrier", "stack"),
                Arbitraries.oneOf(
                    anyValue(),
                    Arbitraries.of(
                            "7", "8", "RUNNABLE", "java.base/java.lang.Thread.run(Thread.java:1)")
                        .map(v -> (Object) v),
                    Arbitraries.of("java.base/java.lang.VirtualThread.run(VirtualThread.java:1)")
                        .list()
                        .ofMaxSize(3)
                        .map(v -> (Object) v)))
            .ofMaxSize(6)
            .map(v -> (Object) v);
    Arbitrary<Object> container =
        Arbitraries.maps(
                Arbitraries.of("container", "parent", "threads"),
                Arbitraries.oneOf(
                    anyValue(),
                    Arbitraries.of("<root>", "pool").map(v -> (Object) v),
                    Arbitraries.oneOf(thread, anyValue()).list().ofMaxSize(4).map(v -> (Object) v)))
            .ofMaxSize(3)
            .map(v -> (Object) v);
    return Arbitraries.oneOf(
        anyValue(),
        Arbitraries.maps(
                Arbitraries.of("threadContainers", "processId"),
                Arbitraries.oneOf(
                    anyValue(),
                    Arbitraries.oneOf(container, anyValue())
                        .list()
                        .ofMaxSize(4)
                        .map(v -> (Object) v)))
            .ofMaxSize(2)
            .map(v -> (Object) v));
  }

  /* What a JSON value can be, as JsonReader gives it: null aside, which Map.of refuses. */
  private static Arbitrary<Object> anyValue() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(8).map(v -> (Object) v),
        Arbitraries.longs().map(v -> (Object) v),
        Arbitraries.doubles().map(v -> (Object) v),
        Arbitraries.of(true, false).map(v -> (Object) v),
        Arbitraries.just(List.of()).map(v -> (Object) v),
        Arbitraries.just(Map.of()).map(v -> (Object) v));
  }
}
