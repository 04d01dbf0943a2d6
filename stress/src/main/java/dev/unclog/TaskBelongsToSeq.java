/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JCJ_Result;

/*
 * Backs the claim of HubOwnerFields.task (HubFields.java): "a monitor that reads a task, then
 * fences, then re-reads an unchanged odd switchSeq knows that the task belongs to that
 * switchSeq and never blames the next task for the previous one's blockage". The monitor actor
 * reads exactly as Watchdog.begin does: switchSeqAcquire(), taskAcquire(), switchSeqAcquire().
 *
 * Both tests' owners make the same release stores, in order: task A, seq 1, seq 2, task B, seq 3.
 * So their outcomes are graded the same, and are listed once, here, for both (@JCStressMeta).
 * Results read "s1, task, s2", the task being '-' (none yet), 'A' or 'B'. Every outcome not
 * listed is forbidden (jcstress's default), which includes a switchSeq that goes backwards.
 */
@Outcome(
    id = "1, B, 1",
    expect = FORBIDDEN,
    desc =
        "Blames the later task: B read under an unchanged seq 1, which is A's, although the "
            + "store of 2 that ends A precedes the release store of B.")
@Outcome(
    id = "3, [-A], 3",
    expect = FORBIDDEN,
    desc = "Seq 3 (B's) seen twice, but the task read is not B.")
@Outcome(
    id = "[13], -, .*",
    expect = FORBIDDEN,
    desc = "An odd seq seen without the task stored before it.")
@Outcome(
    id = "2, -, .*",
    expect = FORBIDDEN,
    desc = "Seq 2 (A ended) seen without A's task store, which precedes it.")
@Outcome(
    id = "[012], B, [01]",
    expect = FORBIDDEN,
    desc = "B read, but the re-read seq predates the store of 2 that B's release store follows.")
@Outcome(
    id = {"0, [-A], [0-3]", "0, B, [23]"},
    expect = ACCEPTABLE,
    desc = "Seq 0 first (idle, nothing entered yet); task and second seq from any later point.")
@Outcome(
    id = "1, A, 1",
    expect = ACCEPTABLE,
    desc = "A runs, seen consistently: the monitor may blame A.")
@Outcome(
    id = "1, A, [23]",
    expect = ACCEPTABLE,
    desc = "A was running, then the seq moved on: the monitor drops the task it read.")
@Outcome(
    id = "1, B, [23]",
    expect = ACCEPTABLE_INTERESTING,
    desc = "Saw A's seq, then read B: only the re-read keeps the monitor from blaming B.")
@Outcome(
    id = "2, [AB], [23]",
    expect = ACCEPTABLE,
    desc =
        "A ended (an even seq: idle to the monitor; the task is left set until the next "
            + "enter), then possibly B started.")
@Outcome(
    id = "3, B, 3",
    expect = ACCEPTABLE,
    desc = "B runs, seen consistently: the monitor may blame B.")
@Outcome(
    expect = FORBIDDEN,
    desc = "Impossible: the seq went backwards, or another incoherent read.")
public final class TaskBelongsToSeq {
  private TaskBelongsToSeq() {}

  /* The normal loop: enter(A); exit(); enter(B) on a fresh hub. */
  @JCStressTest
  @JCStressMeta(TaskBelongsToSeq.class)
  @Description("enter(A); exit(); enter(B) against a monitor reading seq, task, seq")
  @State
  public static class ExitThenEnter {
    final Hub hub = StressTasks.newHub();

    @Actor
    public void owner() {
      StressTasks.enterAExitEnterB(hub);
    }

    @Actor
    public void monitor(JCJ_Result r) {
      StressTasks.readSeqTaskSeq(hub, r);
    }
  }

  /*
   * The same with the exit() missed: Hub.enter allows it ("an enter without an exit simply
   * starts a new task"). enter(B) finds the odd seq 1 and first ends A's task itself (seq 2),
   * then stores B and starts it (seq 3), so the owner's release stores are exactly those of
   * ExitThenEnter. The claim above holds here too: in particular a monitor that reads B can no
   * longer re-read A's seq 1 ("1, B, 1"), since B's release store follows the store of 2.
   */
  @JCStressTest
  @JCStressMeta(TaskBelongsToSeq.class)
  @Description("enter(A); enter(B) (exit missed) against a monitor reading seq, task, seq")
  @State
  public static class MissedExit {
    final Hub hub = StressTasks.newHub();

    @Actor
    public void owner() {
      hub.enter(StressTasks.A);
      hub.enter(StressTasks.B);
    }

    @Actor
    public void monitor(JCJ_Result r) {
      StressTasks.readSeqTaskSeq(hub, r);
    }
  }
}
