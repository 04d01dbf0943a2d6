/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JC_Result;

/*
 * Backs the claim of HubOwnerFields.switchSeq (HubFields.java) that release/acquire is enough
 * for the monitor "when it sees a value, to see the task written before it": the release store
 * of the seq that starts a task pairs with the monitor's acquire load, so seeing B's odd seq 3
 * implies seeing task B. The monitor here reads only switchSeq then task, with no re-read; the
 * interesting outcome "1, B" shows why Watchdog.begin still needs the re-read
 * (TaskBelongsToSeq).
 *
 * Owner: enter(A); exit(); enter(B) on a fresh hub (switchSeq 0, 1, 2, 3). Results read
 * "seq, task", the task being '-' (none yet), 'A' or 'B'.
 */
@JCStressTest
@Description("enter(A); exit(); enter(B) against a monitor reading seq, then task")
@Outcome(
    id = "3, [-A]",
    expect = FORBIDDEN,
    desc = "Seq 3 seen without task B, whose store precedes it.")
@Outcome(
    id = "[12], -",
    expect = FORBIDDEN,
    desc = "Seq 1 or 2 seen without task A, whose store precedes it.")
@Outcome(
    id = "0, [-AB]",
    expect = ACCEPTABLE,
    desc = "Seq 0 (nothing entered yet); the task read may be from any later point.")
@Outcome(
    id = {"1, A", "2, [AB]"},
    expect = ACCEPTABLE,
    desc = "A's seq and A, or idle after A (seq 2) with A or already B.")
@Outcome(
    id = "1, B",
    expect = ACCEPTABLE_INTERESTING,
    desc = "Saw A's seq, then read B: without a re-read of the seq, the monitor would blame B.")
@Outcome(id = "3, B", expect = ACCEPTABLE, desc = "B's seq and B.")
@Outcome(expect = FORBIDDEN, desc = "Impossible.")
@State
public class SeqPublishesTask {
  final Hub hub = StressTasks.newHub();

  @Actor
  public void owner() {
    StressTasks.enterAExitEnterB(hub);
  }

  @Actor
  public void monitor(JC_Result r) {
    r.r1 = hub.switchSeqAcquire();
    r.r2 = StressTasks.name(hub.taskAcquire());
  }
}
