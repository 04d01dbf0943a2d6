/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

/*
 * Backs the claim of HubWatch.lagNanos that a volatile long gives the metrics threads "a whole
 * long": the monitor writes a lag whose halves differ, then zero, and a metrics thread reading
 * Hub.lag() sees one of the values written, never half of one (a plain long may be torn on
 * 32-bit JVMs, JLS 17.7). Results read the lag in nanoseconds.
 */
@JCStressTest
@Description("The monitor sets a lag and clears it; a metrics thread reads Hub.lag()")
@Outcome(
    id = {"0", "81985529216486895"},
    expect = ACCEPTABLE,
    desc = "A value the monitor wrote.")
@Outcome(expect = FORBIDDEN, desc = "Half of one value and half of another.")
@State
public class LagIsWhole {
  /* 0x0123456789ABCDEF: its two halves differ from each other and from zero's. */
  static final long LAG = 0x0123_4567_89AB_CDEFL;

  final Hub hub = StressTasks.newHub();

  @Actor
  public void monitor() {
    hub.watch.lagNanos = LAG;
    hub.watch.lagNanos = 0;
  }

  @Actor
  public void metrics(J_Result r) {
    r.r1 = hub.lag().toNanos();
  }
}
