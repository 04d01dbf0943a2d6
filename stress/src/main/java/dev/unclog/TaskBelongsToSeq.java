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
import org.openjdk.jcstress.infra.results.JCJ_Result;

/*
 * Backs the claim of HubOwnerFields.task (HubFields.java): "a monitor that reads a task, then
 * fences, then re-reads an unchanged odd switchSeq knows that the task belongs to that
 * switchSeq and never blames the next task for the previous one's blockage". The monitor actor
 * reads exactly as Watchdog.begin does: switchSeqAcquire(), taskAcquire(), switchSeqAcquire().
 *
 * Results read "s1, task, s2", the task being '-' (none yet), 'A' or 'B'. Every outcome not
 * listed is forbidden (jcstress's default), which includes a switchSeq that goes backwards.
 */
public final class TaskBelongsToSeq {
  private TaskBelongsToSeq() {}

  /*
   * The normal loop: enter(A); exit(); enter(B) on a fresh hub. The owner's release stores, in
   * order: task A, seq 1, seq 2 (exit), task B, seq 3.
   */
  @JCStressTest
  @Description("enter(A); exit(); enter(B) against a monitor reading seq, task, seq")
  @Outcome(id = "1, B, 1", expect = FORBIDDEN,
      desc = "Blames the later task: B read under an unchanged seq 1, which is A's.")
  @Outcome(id = "3, [-A], 3", expect = FORBIDDEN,
      desc = "Seq 3 (B's) seen twice, but the task read is not B.")
  @Outcome(id = "[13], -, .*", expect = FORBIDDEN,
      desc = "An odd seq seen without the task stored before it.")
  @Outcome(id = "2, -, .*", expect = FORBIDDEN,
      desc = "Seq 2 (A ended) seen without A's task store, which precedes it.")
  @Outcome(id = "[012], B, [01]", expect = FORBIDDEN,
      desc = "B read, but the re-read seq predates exit() (2), which B's release store follows.")
  @Outcome(id = {"0, [-A], [0-3]", "0, B, [23]"}, expect = ACCEPTABLE,
      desc = "Seq 0 first (idle, nothing entered yet); task and second seq from any later point.")
  @Outcome(id = "1, A, 1", expect = ACCEPTABLE,
      desc = "A runs, seen consistently: the monitor may blame A.")
  @Outcome(id = "1, A, [23]", expect = ACCEPTABLE,
      desc = "A was running, then the seq moved on: the monitor drops the task it read.")
  @Outcome(id = "1, B, [23]", expect = ACCEPTABLE_INTERESTING,
      desc = "Saw A's seq, then read B: only the re-read keeps the monitor from blaming B.")
  @Outcome(id = "2, [AB], [23]", expect = ACCEPTABLE,
      desc = "Idle after A (task left set until the next enter), then possibly B started.")
  @Outcome(id = "3, B, 3", expect = ACCEPTABLE,
      desc = "B runs, seen consistently: the monitor may blame B.")
  @Outcome(expect = FORBIDDEN, desc = "Impossible: the seq went backwards, or another incoherent read.")
  @State
  public static class ExitThenEnter {
    final Hub hub = StressTasks.newHub();

    @Actor
    public void owner() {
      hub.enter(StressTasks.A);
      hub.exit();
      hub.enter(StressTasks.B);
    }

    @Actor
    public void monitor(JCJ_Result r) {
      r.r1 = hub.switchSeqAcquire();
      r.r2 = StressTasks.name(hub.taskAcquire());
      r.r3 = hub.switchSeqAcquire();
    }
  }

  /*
   * The same with the exit() missed: Hub.enter allows it ("an enter without an exit simply
   * starts a new task"). enter(B) finds the odd seq 1 and first ends A's task itself (seq 2),
   * then stores B and starts it (seq 3), so the owner's release stores are exactly those of
   * ExitThenEnter: task A, seq 1, seq 2, task B, seq 3. The claim above holds here too, and the
   * outcomes are graded the same: in particular a monitor that reads B can no longer re-read
   * A's seq 1 ("1, B, 1"), since B's release store follows the store of 2.
   */
  @JCStressTest
  @Description("enter(A); enter(B) (exit missed) against a monitor reading seq, task, seq")
  @Outcome(id = "1, B, 1", expect = FORBIDDEN,
      desc = "Blames the later task: B read under an unchanged seq 1, which is A's, although "
          + "enter(B) ends A's task (seq 2) before its release store of B.")
  @Outcome(id = "3, [-A], 3", expect = FORBIDDEN,
      desc = "Seq 3 (B's) seen twice, but the task read is not B.")
  @Outcome(id = "[13], -, .*", expect = FORBIDDEN,
      desc = "An odd seq seen without the task stored before it.")
  @Outcome(id = "2, -, .*", expect = FORBIDDEN,
      desc = "Seq 2 (A ended by enter(B)) seen without A's task store, which precedes it.")
  @Outcome(id = "[012], B, [01]", expect = FORBIDDEN,
      desc = "B read, but the re-read seq predates the store of 2 that B's release store follows.")
  @Outcome(id = {"0, [-A], [0-3]", "0, B, [23]"}, expect = ACCEPTABLE,
      desc = "Seq 0 first (idle, nothing entered yet); task and second seq from any later point.")
  @Outcome(id = "1, A, 1", expect = ACCEPTABLE,
      desc = "A runs, seen consistently: the monitor may blame A.")
  @Outcome(id = "1, A, [23]", expect = ACCEPTABLE,
      desc = "A was running, then the seq moved on: the monitor drops the task it read.")
  @Outcome(id = "1, B, [23]", expect = ACCEPTABLE_INTERESTING,
      desc = "Saw A's seq, then read B: only the re-read keeps the monitor from blaming B.")
  @Outcome(id = "2, [AB], [23]", expect = ACCEPTABLE,
      desc = "A ended by enter(B) (an even seq: idle to the monitor), then possibly B started.")
  @Outcome(id = "3, B, 3", expect = ACCEPTABLE,
      desc = "B runs, seen consistently: the monitor may blame B.")
  @Outcome(expect = FORBIDDEN, desc = "Impossible: the seq went backwards, or another incoherent read.")
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
      r.r1 = hub.switchSeqAcquire();
      r.r2 = StressTasks.name(hub.taskAcquire());
      r.r3 = hub.switchSeqAcquire();
    }
  }
}
