/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the MBean hands out is bounded: a thread name of any length, any number of hubs. */
class MonitorBeanTest {
  @Test
  void longLinesAreCut_andLinesPastTheBoundAreCounted() {
    List<String> lines = new ArrayList<>();
    lines.add("x".repeat(5_000));
    for (int i = 1; i < 1_500; i++) {
      lines.add("hub-" + i);
    }
    String[] bounded = MonitorBean.bounded(lines);
    assertEquals(MonitorBean.MAX_LINES + 1, bounded.length);
    assertEquals(MonitorBean.MAX_LINE + 3, bounded[0].length());
    assertEquals("hub-999", bounded[999]);
    assertEquals("... 500 more", bounded[MonitorBean.MAX_LINES]);
    assertEquals(List.of("a", "b"), List.of(MonitorBean.bounded(List.of("a", "b"))));
  }
}
