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
import org.openjdk.jcstress.infra.results.JJ_Result;

/*
 * Backs the claim of HubOwnerFields.switchSeq (HubFields.java) that "coherence guarantees it
 * never goes backwards": two successive acquire loads by the monitor never see an older seq
 * after a newer one. Watchdog relies on it when it treats any change of the seq as a switch and
 * an unchanged odd seq as the same task still running.
 *
 * Owner: enter(A); exit(); enter(B); exit() on a fresh hub (switchSeq 0, 1, 2, 3, 4: each switch
 * adds one). Results read "first seq, second seq".
 */
@JCStressTest
@Description("enter(A); exit(); enter(B); exit() against a monitor reading the seq twice")
@Outcome(
    id = {"0, [0-4]", "1, [1-4]", "2, [2-4]", "3, [34]", "4, 4"},
    expect = ACCEPTABLE,
    desc = "The second read is the same seq or a later one.")
@Outcome(expect = FORBIDDEN, desc = "The seq went backwards (or a value never written).")
@State
public class SeqNeverGoesBackwards {
  final Hub hub = StressTasks.newHub();

  @Actor
  public void owner() {
    StressTasks.enterAExitEnterB(hub);
    hub.exit();
  }

  @Actor
  public void monitor(JJ_Result r) {
    r.r1 = hub.switchSeqAcquire();
    r.r2 = hub.switchSeqAcquire();
  }
}
