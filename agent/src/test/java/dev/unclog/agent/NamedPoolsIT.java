/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.agent.apps.NamedPoolsApp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code UNCLOG_HUB_THREADS} in a child JVM with the agent: the JDK pools it names are hubs of kind
 * {@code named-pool}, a sleep on each one episode with its frame; a pool it does not name is not
 * watched; carriers it names stay carriers. Given as the agent option, a comma in the pattern is
 * written {@code \,}; a bad pattern is one line, and the application runs.
 */
class NamedPoolsIT extends FrameworkAppIT {
  private static final String PATTERN = "orders-.*|ForkJoinPool-\\d+-worker-\\d+";
  private static final List<String> WATCHED =
      List.of("Errands.checkStock(", "Errands.reserveSeat(", "Errands.settleInvoice(");

  @Test
  void thePoolsTheKnobNames_areHubs_andCarriersStayCarriers() throws Exception {
    try (ChildJvm child =
        finished(
            ChildJvm.java(dir).env("UNCLOG_HUB_THREADS", PATTERN).start(NamedPoolsApp.class))) {
      assertOnlyTheNonBlockingSleeps(child, "named-pool", WATCHED, "callTheLegacyService");
      List<Map<String, Object>> spin = child.endedAt("NamedPoolsApp.spinOnACarrier(");
      assertEquals(1, spin.size(), child.describe());
      assertEquals("carrier", spin.get(0).get("hubKind"), child.describe());
    }
  }

  @Test
  void theAgentOption_carriesCommasEscaped() throws Exception {
    try (ChildJvm child =
        finished(
            ChildJvm.java(dir)
                .agentOptions(
                    "hubThreads=orders-(worker|timer|fj)-\\d{1\\,3},maxBlockingTime=100ms")
                .start(NamedPoolsApp.class))) {
      assertOnlyTheNonBlockingSleeps(child, "named-pool", WATCHED, "callTheLegacyService");
    }
  }

  @Test
  void aBadPattern_isOneLine_andNothingIsWatchedByName() throws Exception {
    try (ChildJvm child =
        finished(
            ChildJvm.java(dir).env("UNCLOG_HUB_THREADS", "orders-(").start(NamedPoolsApp.class))) {
      List<String> lines =
          child.err.stream().filter(l -> l.contains("UNCLOG_HUB_THREADS")).toList();
      assertEquals(1, lines.size(), child.describe());
      assertTrue(lines.get(0).contains("regular expression"), child.describe());
      assertTrue(
          child.events("unblocked").stream().noneMatch(e -> "named-pool".equals(e.get("hubKind"))),
          child.describe());
    }
  }

  /**
   * The JDK's own classes are not verified as they load, so a fault in their weaving would not
   * show: here the JVM verifies them too, every one the agent weaves (virtual threads, both pools,
   * thread starts for spawn stacks), and runs them.
   */
  @Test
  void everyJdkClassTheAgentWeaves_passesTheJvmsVerifier() throws Exception {
    try (ChildJvm child =
        finished(
            ChildJvm.java(dir)
                .jvmOption("-XX:+UnlockDiagnosticVMOptions")
                .jvmOption("-XX:+BytecodeVerificationLocal")
                .env("UNCLOG_HUB_THREADS", PATTERN)
                .env("UNCLOG_SPAWN_STACKS", "true")
                .start(NamedPoolsApp.class))) {
      assertEquals(List.of(), child.err, child.describe());
      assertOnlyTheNonBlockingSleeps(child, "named-pool", WATCHED, "callTheLegacyService");
    }
  }

  private static ChildJvm finished(ChildJvm child) throws Exception {
    try {
      child.assertFinished("named pools done");
      return child;
    } catch (Throwable failed) {
      child.close();
      throw failed;
    }
  }
}
