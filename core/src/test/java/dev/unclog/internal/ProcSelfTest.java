/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class ProcSelfTest {
  @Test
  void fields_areCountedFromTheLastParenthesis() {
    String stat = "4242 (a (b) c) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20\n";
    // field 3 is "S", field 4 is 1, ... field 14 is 11, field 15 is 12, field 22 is 19
    assertArrayEquals(new long[] {11, 12}, ProcSelf.fields(stat, 14, 15));
    assertArrayEquals(new long[] {19}, ProcSelf.fields(stat, 22));
  }

  @Test
  void fields_ofALineCutShort_orNotNumbers_areNull() {
    assertNull(ProcSelf.fields("4242 (java) S 1 2", 14));
    assertNull(ProcSelf.fields("4242 java S 1 2", 4));
    assertNull(ProcSelf.fields("4242 (java) S 1 2 3 4 5 6 7 8 9 10 x1 12", 14));
    assertNull(ProcSelf.fields("", 14));
  }

  @Test
  void thisProcess_isTheOneTheJdkKnows() {
    assumeTrue(new File("/proc/self/stat").canRead(), "not Linux");
    assertEquals(ProcessHandle.current().pid(), ProcSelf.pid());
    long jdkStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    long start = ProcSelf.startMillis();
    // the kernel's start is the process's (before the JVM's own clock starts), to about a second
    assertTrue(Math.abs(start - jdkStart) < 3_000, start + " against " + jdkStart);
  }
}
