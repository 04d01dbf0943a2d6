/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UNCLOG_HUB_THREADS is matched on application threads: whole names, and never for long. */
class HubThreadsTest {
  @AfterEach
  void unset() {
    HubThreads.set(null);
  }

  @Test
  void theWholeNameMustMatch() {
    HubThreads.set(Pattern.compile("orders-\\d+"));
    assertTrue(HubThreads.matches("orders-12"));
    assertFalse(HubThreads.matches("orders-12-extra"));
    assertFalse(HubThreads.matches("legacy-orders-12"));
  }

  @Test
  void noPattern_matchesNothing() {
    assertFalse(HubThreads.matches("orders-1"));
  }

  /** (a|aa)+ backtracks exponentially on a long run of a's followed by b; bounded, it is quick. */
  @Test
  void aPatternThatBacktracksWithoutEnd_givesUpQuickly_andTheThreadIsNoHub() {
    HubThreads.set(Pattern.compile("(a|aa)+"));
    String name = "a".repeat(60) + "b";
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertFalse(HubThreads.matches(name)));
  }
}
