/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/*
 * Backs the claim of HubOwnerFields.switchSeq (HubFields.java) that a release store is enough
 * because "the monitor only needs to see a value eventually": a switch made with a release
 * store and no fence is seen by a monitor that keeps reading with acquire loads, so a finished
 * task is never reported as still blocked forever, and a new task is never missed. Each test
 * spins on switchSeqAcquire() (StressTasks.spinWhileSeqIs) until the seq changes; jcstress
 * reports STALE if it never does. The two tests look alike because jcstress wants each to
 * declare its own outcomes, @Actor and @Signal.
 */
public final class SeqEventuallyVisible {
  private SeqEventuallyVisible() {}

  /* A task is running (seq 1); the owner's exit() must become visible. */
  @JCStressTest(Mode.Termination)
  @Description("A monitor spinning on the seq of a running task sees the owner's exit()")
  @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The monitor saw the task end.")
  @Outcome(
      id = "STALE",
      expect = FORBIDDEN,
      desc = "The monitor never saw exit(): a task would stay blocked forever.")
  @State
  public static class Exit {
    final Hub hub = StressTasks.newHub();
    final long running;

    public Exit() {
      hub.enter(StressTasks.A);
      running = hub.switchSeq;
    }

    @Actor
    public void monitor() {
      StressTasks.spinWhileSeqIs(hub, running);
    }

    @Signal
    public void owner() {
      hub.exit();
    }
  }

  /* The hub is idle after a task (seq 2); the owner's next enter(B) must become visible. */
  @JCStressTest(Mode.Termination)
  @Description("A monitor spinning on the seq of an idle hub sees the owner's next enter()")
  @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The monitor saw the new task start.")
  @Outcome(
      id = "STALE",
      expect = FORBIDDEN,
      desc = "The monitor never saw enter(): a blocking task would be missed.")
  @State
  public static class Enter {
    final Hub hub = StressTasks.newHub();
    final long idle;

    public Enter() {
      hub.enter(StressTasks.A);
      hub.exit();
      idle = hub.switchSeq;
    }

    @Actor
    public void monitor() {
      StressTasks.spinWhileSeqIs(hub, idle);
    }

    @Signal
    public void owner() {
      hub.enter(StressTasks.B);
    }
  }
}
