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
import org.openjdk.jcstress.infra.results.JCJ_Result;

/*
 * Backs the claim of HubOwnerFields.task (HubFields.java) that Hub.enter may skip the store of a
 * task the field holds already, its owner reading the field plainly: "the value the monitor can
 * read is then the same either way". The owner enters A, exits and enters A again, so its
 * release stores are task A, seq 1, seq 2, and (no task store) seq 3. A monitor reading as
 * Watchdog.begin does must still see A under either odd seq. Results read "s1, task, s2".
 */
@JCStressTest
@Description("enter(A); exit(); enter(A) (the second store skipped) against seq, task, seq")
@Outcome(
    id = "[13], -, .*",
    expect = FORBIDDEN,
    desc = "An odd seq seen without the task stored before the first of them.")
@Outcome(id = "2, -, .*", expect = FORBIDDEN, desc = "Seq 2 seen without A's store before it.")
@Outcome(
    id = {"0, [-A], [0-3]", "1, A, [1-3]", "2, A, [23]", "3, A, 3"},
    expect = ACCEPTABLE,
    desc = "Whatever seq is seen, the task read with it is A, or none before anything began.")
@Outcome(expect = FORBIDDEN, desc = "The seq went backwards, or another incoherent read.")
@State
public class SameTaskAgain {
  final Hub hub = StressTasks.newHub();

  @Actor
  public void owner() {
    hub.enter(StressTasks.A);
    hub.exit();
    hub.enter(StressTasks.A);
  }

  @Actor
  public void monitor(JCJ_Result r) {
    StressTasks.readSeqTaskSeq(hub, r);
  }
}
