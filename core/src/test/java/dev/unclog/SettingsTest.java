/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.internal.Durations;
import dev.unclog.internal.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The settings, read from their three sources and applied through the builder's setters. */
class SettingsTest {
  final List<String> errors = new ArrayList<>();

  /** What the settings gave, read back from the builder they were applied to. */
  record Config(
      boolean enabled,
      Duration maxBlockingTime,
      Duration period,
      Path reportFile,
      boolean printReports,
      String onBlock,
      long memoryLimitBytes,
      boolean spawnStacks) {
    static Config load(
        Map<String, String> arguments,
        Function<String, String> properties,
        Function<String, String> environment,
        java.util.function.Consumer<String> errors) {
      Settings.Loaded loaded = Settings.load(arguments, properties, environment, errors);
      Monitor.Builder builder = loaded.builder;
      return new Config(
          loaded.enabled,
          builder.maxBlockingTime,
          builder.effectivePeriod(),
          builder.reportFile,
          builder.printTo != null,
          builder.onBlock.name().toLowerCase(Locale.ROOT),
          builder.memoryLimitBytes,
          loaded.spawnStacks);
    }
  }

  Config load(Map<String, String> environment) {
    return Config.load(Map.of(), name -> null, environment::get, errors::add);
  }

  @ParameterizedTest
  @CsvSource({
    "250ms, 250",
    "2s, 2000",
    "0.1, 100",
    "1.5s, 1500",
    "' 300 MS ', 300",
    "1m, 60000",
    "500us, 0.5",
    "2, 2000"
  })
  void durations_acceptUnitsAndBareSeconds(String text, double millis) {
    assertEquals(Math.round(millis * 1_000_000), Durations.parse(text).toNanos());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", " ", "abc", "-1", "1h", "1.2.3", "ms", "1e3", "99999999999999999s", "0x10"})
  void durations_rejectGarbage(String text) {
    assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
  }

  @Test
  void defaults() {
    Config config = load(Map.of());
    assertTrue(config.enabled());
    assertEquals(Duration.ofMillis(100), config.maxBlockingTime());
    assertEquals(Duration.ofMillis(25), config.period());
    assertNull(config.reportFile());
    assertTrue(config.printReports());
    assertFalse(config.spawnStacks());
    assertEquals(List.of(), errors);
  }

  @Test
  void everyKnob_isRead() {
    Config config =
        load(
            Map.of(
                "UNCLOG_MONITOR_ENABLE",
                "true",
                "UNCLOG_MAX_BLOCKING_TIME",
                "2s",
                "UNCLOG_MONITOR_PERIOD",
                "100ms",
                "UNCLOG_REPORT_FILE",
                "/tmp/x.jsonl",
                "UNCLOG_PRINT_REPORTS",
                "off",
                "UNCLOG_ON_BLOCK",
                "Interrupt"));
    assertEquals("interrupt", config.onBlock());
    assertEquals(Duration.ofSeconds(2), config.maxBlockingTime());
    assertEquals(Duration.ofMillis(100), config.period());
    assertEquals(Path.of("/tmp/x.jsonl"), config.reportFile());
    assertFalse(config.printReports());
    assertEquals(List.of(), errors);
  }

  @Test
  void precedence_isArgumentThenPropertyThenEnvironment() {
    Map<String, String> properties =
        Map.of("unclog.maxBlockingTime", "200ms", "unclog.monitorPeriod", "20ms");
    Config config =
        Config.load(
            Map.of("maxBlockingTime", "300ms"),
            properties::get,
            Map.of("UNCLOG_MAX_BLOCKING_TIME", "400ms", "UNCLOG_MONITOR_PERIOD", "40ms")::get,
            errors::add);
    assertEquals(Duration.ofMillis(300), config.maxBlockingTime());
    assertEquals(Duration.ofMillis(20), config.period());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "UNCLOG_MAX_BLOCKING_TIME|abc|UNCLOG_MAX_BLOCKING_TIME=\"abc\" is not valid: expected a duration such as 250ms, 2s or 0.1 (seconds); using 100 ms",
        "UNCLOG_MAX_BLOCKING_TIME|0|UNCLOG_MAX_BLOCKING_TIME=\"0\" is not valid: expected between 1ms and 1h; using 100 ms",
        "UNCLOG_MAX_BLOCKING_TIME|-5ms|UNCLOG_MAX_BLOCKING_TIME=\"-5ms\" is not valid: expected a duration such as 250ms, 2s or 0.1 (seconds); using 100 ms",
        "UNCLOG_MAX_BLOCKING_TIME|2h|UNCLOG_MAX_BLOCKING_TIME=\"2h\" is not valid: expected a duration such as 250ms, 2s or 0.1 (seconds); using 100 ms",
        "UNCLOG_MAX_BLOCKING_TIME|9999999999|UNCLOG_MAX_BLOCKING_TIME=\"9999999999\" is not valid: expected a duration such as 250ms, 2s or 0.1 (seconds); using 100 ms",
        "UNCLOG_MONITOR_PERIOD|1s|UNCLOG_MONITOR_PERIOD=\"1s\" is not valid: expected between 1ms and the maximum blocking time (100 ms); using 25 ms",
        "UNCLOG_MONITOR_ENABLE|maybe|UNCLOG_MONITOR_ENABLE=\"maybe\" is not valid: expected true or false; using true",
        "UNCLOG_PRINT_REPORTS|''|UNCLOG_PRINT_REPORTS=\"\" is not valid: expected true or false; using true",
        "UNCLOG_REPORT_FILE|' '|UNCLOG_REPORT_FILE=\" \" is not valid: expected a file path; using no report file",
        "UNCLOG_ON_BLOCK|explode|UNCLOG_ON_BLOCK=\"explode\" is not valid: expected one of report, interrupt, halt; using report",
      })
  void badValue_isOneLineNamingTheVariable_andTheDefaultIsUsed(
      String name, String value, String message) {
    Config config = load(Map.of(name, value));
    assertEquals(List.of(message), errors);
    assertEquals(Duration.ofMillis(100), config.maxBlockingTime());
    assertTrue(config.enabled());
  }

  @Test
  void badValue_withControlCharacters_staysOnOneLine() {
    load(Map.of("UNCLOG_MAX_BLOCKING_TIME", "1\nUNCLOG: fake\u001b[31m" + "x".repeat(200)));
    assertEquals(1, errors.size());
    assertFalse(errors.get(0).contains("\n"));
    assertFalse(errors.get(0).contains("\u001b"));
    assertTrue(errors.get(0).length() < 250, errors.get(0));
  }

  @Test
  void badSystemProperty_isNamedAsSuch() {
    Config.load(Map.of(), Map.of("unclog.maxBlockingTime", "soon")::get, name -> null, errors::add);
    assertTrue(
        errors.get(0).startsWith("system property unclog.maxBlockingTime=\"soon\""), errors.get(0));
  }

  @ParameterizedTest
  @CsvSource({
    "512m, 536870912",
    "2g, 2147483648",
    "1048576, 1048576",
    "64K, 65536",
    "50%, 500",
    "100%, 1000"
  })
  void memoryLimit_acceptsSizesAndPercentagesOfTheHeap(String text, long bytes) {
    Config config =
        Config.load(
            Map.of(), name -> null, Map.of("UNCLOG_MONITOR_MEMORY_MAX", text)::get, errors::add);
    long expected =
        text.endsWith("%")
            ? (long)
                (Runtime.getRuntime().maxMemory() * Double.parseDouble(text.replace("%", "")) / 100)
            : bytes;
    assertEquals(expected, config.memoryLimitBytes());
    assertEquals(List.of(), errors);
  }

  @ParameterizedTest
  @ValueSource(strings = {"lots", "0", "-5m", "150%", "0%", "9999999999g", "m"})
  void memoryLimit_rejectsGarbage(String text) {
    Config config =
        Config.load(
            Map.of(), name -> null, Map.of("UNCLOG_MONITOR_MEMORY_MAX", text)::get, errors::add);
    assertEquals(0, config.memoryLimitBytes());
    assertEquals(
        List.of(
            "UNCLOG_MONITOR_MEMORY_MAX=\""
                + text
                + "\" is not valid: expected a"
                + " heap size such as 512m, 2g or 80%; using no memory limit"),
        errors);
  }

  @Test
  void spawnStacks_isReadFromEachSource_andABadValueIsOneLine() {
    assertTrue(load(Map.of("UNCLOG_SPAWN_STACKS", "true")).spawnStacks());
    assertTrue(
        Config.load(Map.of(), Map.of("unclog.spawnStacks", "on")::get, name -> null, errors::add)
            .spawnStacks());
    assertTrue(
        Config.load(
                Map.of("spawnStacks", "yes"),
                name -> null,
                Map.of("UNCLOG_SPAWN_STACKS", "false")::get,
                errors::add)
            .spawnStacks());
    assertEquals(List.of(), errors);
    assertFalse(load(Map.of("UNCLOG_SPAWN_STACKS", "always")).spawnStacks());
    assertEquals(
        List.of(
            "UNCLOG_SPAWN_STACKS=\"always\" is not valid: expected true or false;"
                + " using false"),
        errors);
  }

  @Test
  void defaultPeriod_isAQuarter_neverUnder1ms() {
    assertEquals(Duration.ofMillis(500), Settings.defaultPeriod(Duration.ofSeconds(2)));
    assertEquals(Duration.ofMillis(1), Settings.defaultPeriod(Duration.ofMillis(2)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "UNCLOG_MAX_BLOCKING_TIME|0|between 1ms and 1h",
        "UNCLOG_MONITOR_MEMORY_PERIOD|7200s|between 1ms and 1h",
        "UNCLOG_REPEAT_WINDOW|100000s|0 or between 1ms and 1d",
        "UNCLOG_MAX_REPORTS_PER_MINUTE|2000000|a whole number from 0 to 1000000",
      })
  void theEnvironmentAndTheBuilder_refuseTheSameValues(String name, String value, String expected) {
    load(Map.of(name, value));
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("expected " + expected + ";"), errors.get(0));
    Monitor.Builder builder = Monitor.builder();
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> {
              switch (name) {
                case "UNCLOG_MAX_BLOCKING_TIME" -> builder.maxBlockingTime(Durations.parse(value));
                case "UNCLOG_MONITOR_MEMORY_PERIOD" -> builder.memoryPeriod(Durations.parse(value));
                case "UNCLOG_REPEAT_WINDOW" -> builder.repeatWindow(Durations.parse(value));
                default -> builder.maxReportsPerMinute(Integer.parseInt(value));
              }
            });
    assertTrue(refused.getMessage().contains("must be " + expected), refused.getMessage());
  }

  @Test
  void aPeriodLongerThanTheThreshold_isRefusedByTheBuilderToo() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Monitor.builder()
                    .maxBlockingTime(Duration.ofMillis(50))
                    .period(Duration.ofMillis(80))
                    .build());
    assertTrue(refused.getMessage().contains("maximum blocking time 50 ms"), refused.getMessage());
  }

  @Test
  void openTelemetry_isOnByDefault_andTurnedOffByItsVariable() {
    assertTrue(Settings.load(Map.of(), name -> null, name -> null, errors::add).openTelemetry);
    Settings.Loaded off =
        Settings.load(
            Map.of(), name -> null, Map.of("UNCLOG_OPENTELEMETRY", "no")::get, errors::add);
    assertEquals(false, off.openTelemetry);
    assertEquals(List.of(), errors);
  }

  @Test
  void hubThreads_isAPatternOfWholeNames_andABadOneIsOneLine() {
    Settings.Loaded named =
        Settings.load(
            Map.of(),
            name -> null,
            Map.of("UNCLOG_HUB_THREADS", " orders-\\d+ ")::get,
            errors::add);
    assertEquals("orders-\\d+", named.hubThreads.pattern());
    assertEquals(List.of(), errors);

    Settings.Loaded bad =
        Settings.load(
            Map.of(), name -> null, Map.of("UNCLOG_HUB_THREADS", "orders-(")::get, errors::add);
    assertEquals(null, bad.hubThreads);
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(
        errors.get(0).startsWith("UNCLOG_HUB_THREADS=\"orders-(\" is not valid: expected a regular")
            && errors.get(0).endsWith("; using no named pools"),
        errors.get(0));
  }

  @Test
  void eachSettingHasOneOptionAndOneVariable_inTheSameOrder() {
    List<String> options = Settings.argumentNames();
    List<String> variables = Settings.environmentNames();
    assertEquals(17, options.size());
    assertEquals(options.size(), variables.size());
    assertEquals(options.size(), Set.copyOf(options).size());
    assertEquals("maxBlockingTime", options.get(1));
    assertEquals("UNCLOG_MAX_BLOCKING_TIME", variables.get(1));
  }
}
