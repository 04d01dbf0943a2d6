/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.Monitor;
import dev.unclog.spring.boot.app.BlockingApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The global monitor already runs when Spring starts (as with the agent, or code that used it
 * first): nothing is changed, and one warning line names the properties it does not use, and only
 * those.
 */
@ExtendWith(OutputCaptureExtension.class)
class AlreadyRunningTest {
  private static final String WARNING = "unclog: the global monitor was already running";

  @Test
  void propertiesTheMonitorDoesNotUse_areNamedInOneWarning(
      CapturedOutput output, @TempDir Path dir) {
    System.setProperty("unclog.repeatWindow", "2m"); // read by the monitor; Spring sees it too
    Monitor first = Monitor.global();
    assertEquals(Duration.ofMillis(100), first.maxBlockingTime());
    Path file = dir.resolve("unclog.jsonl");
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(BlockingApp.class)
            .web(WebApplicationType.NONE)
            .run(
                "--unclog.max-blocking-time=250ms", // differs: named
                "--unclog.monitor-period=25ms", // what the monitor uses already: not named
                "--unclog.report-file=" + file)) { // not what it read: named
      List<String> warnings = output.getAll().lines().filter(l -> l.contains(WARNING)).toList();
      assertEquals(1, warnings.size(), output.getAll());
      String warning = warnings.get(0);
      assertTrue(warning.contains("WARN"), warning);
      assertTrue(warning.contains("unclog.max-blocking-time=250ms (in use: 100ms)"), warning);
      assertTrue(warning.contains("unclog.report-file=" + file), warning);
      assertFalse(warning.contains("monitor-period"), warning);
      assertFalse(warning.contains("repeat-window"), warning);
      assertSame(first, Monitor.global());
      assertEquals(Duration.ofMillis(100), Monitor.global().maxBlockingTime());
      assertNull(System.getProperty("unclog.maxBlockingTime"), "a running monitor is left alone");
      assertTrue(context.isActive());
    }
  }
}
