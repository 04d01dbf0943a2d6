/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.Monitor;
import java.time.Duration;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;

/**
 * The settings' hand-over without a context: values the monitor refuses are named, and property
 * values are compared with the monitor's in its own formats, not Spring's (a bare number is
 * seconds).
 */
class GlobalSettingsTest {
  @Test
  void aValueTheMonitorRefuses_isNamed_andItsDefaultApplies() {
    UnclogProperties properties = new UnclogProperties();
    properties.setMaxBlockingTime("2h"); // over core's bound of 1 h
    properties.setJfr("false");
    String line =
        new GlobalSettings(new StandardEnvironment(), name -> null, LogFactory.getLog("test"))
            .apply(properties);
    assertEquals(Duration.ofMillis(100), Monitor.global().maxBlockingTime());
    assertEquals("2h", System.getProperty("unclog.maxBlockingTime"), "handed over as it was");
    assertEquals("false", System.getProperty("unclog.jfr"));
    assertTrue(line != null && line.contains("refused"), line);
    assertTrue(line.contains("unclog.max-blocking-time=2h (in use: 100ms)"), line);
    assertTrue(!line.contains("jfr"), line);
  }

  @Test
  void durations_readAsTheMonitorReadsThem() {
    assertEquals(Duration.ofMillis(250), GlobalSettings.duration("250ms"));
    assertEquals(Duration.ofMillis(100), GlobalSettings.duration("0.1"));
    assertEquals(Duration.ofSeconds(2), GlobalSettings.duration(" 2s "));
    assertEquals(Duration.ofMinutes(1), GlobalSettings.duration("1m"));
    assertEquals(Duration.ofMinutes(1), GlobalSettings.duration("1min"));
    assertEquals(Duration.ofNanos(500_000), GlobalSettings.duration("500us"));
    assertEquals(Duration.ofNanos(500_000), GlobalSettings.duration("500\u00b5s"));
    assertEquals(Duration.ofNanos(7), GlobalSettings.duration("7ns"));
    assertNull(GlobalSettings.duration("abc"));
    assertNull(GlobalSettings.duration("PT1S"), "Spring's ISO form is not the monitor's");
    assertNull(GlobalSettings.duration("5d"));
    assertEquals(Boolean.TRUE, GlobalSettings.bool("Yes"));
    assertEquals(Boolean.FALSE, GlobalSettings.bool("off"));
    assertNull(GlobalSettings.bool("maybe"));
  }

  @Test
  void theKnobs_areCoresSettings_inItsOrder() {
    java.util.List<String> options = new java.util.ArrayList<>();
    java.util.List<String> variables = new java.util.ArrayList<>();
    for (GlobalSettings.Knob knob : GlobalSettings.Knob.values()) {
      options.add(knob.systemProperty.substring("unclog.".length()));
      variables.add(knob.environmentVariable);
    }
    assertEquals(dev.unclog.internal.Settings.argumentNames(), options);
    assertEquals(dev.unclog.internal.Settings.environmentNames(), variables);
  }
}
