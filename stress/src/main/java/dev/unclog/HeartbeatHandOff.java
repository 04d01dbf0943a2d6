/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZJ_Result;

/*
 * Backs the claim of HubOwnerFields.switchSeq (HubFields.java) that the seq is "written by one
 * thread at a time (the owner, or for a heartbeat hub the poster and then the runner, ordered
 * by the executor's own hand-off) ... read plainly by that writer": enter() and exit() compute
 * the next seq from a plain read, and each writer's stores must land after the previous
 * writer's. A heartbeat hub (Heartbeats.Probe) has two writers taking turns:
 *
 *  - PostThenRun: the poster's enter() reaches the runner's exit() through the executor's
 *    queue (a ConcurrentLinkedQueue here, as in most executors). exit() is right only if its
 *    plain read sees the poster's odd seq: from a stale even seq it would store that seq again.
 *  - RunThenRepost: the runner's exit() reaches the poster's next enter() through the poster's
 *    own check, switchSeqAcquire() even, in Probe.post. Here a stale plain read would do no
 *    harm: it could only return the poster's own earlier odd seq, and enter() from an odd seq
 *    first ends that task (the same store as the runner's exit) and then starts the next, so
 *    the stores are the same either way. What this test checks is that the poster's stores
 *    land after the runner's exit, which its acquire check of the seq orders before them.
 *
 * Results read "whether the second writer wrote, final seq" (the final seq read after both).
 */
public final class HeartbeatHandOff {
  private HeartbeatHandOff() {}

  /*
   * The state both tests share: the hub the two writers take turns on, whether the second writer
   * wrote, and the arbiter's reading of them (jcstress wants the @Arbiter on each test class).
   */
  abstract static class TwoWriters {
    final Hub hub = StressTasks.newHub();
    boolean secondWrote;

    final void record(ZJ_Result r) {
      r.r1 = secondWrote;
      r.r2 = hub.switchSeqAcquire();
    }
  }

  @JCStressTest
  @Description("Poster: enter(); execute(probe). Runner: take the probe; exit().")
  @Outcome(
      id = "false, 1",
      expect = ACCEPTABLE,
      desc = "The probe is still queued: seq 1, running.")
  @Outcome(
      id = "true, 2",
      expect = ACCEPTABLE,
      desc = "The probe ran: the runner ended the poster's task.")
  @Outcome(
      id = "true, [01]",
      expect = FORBIDDEN,
      desc =
          "The runner's exit() worked from the stale seq 0, or its store landed before the "
              + "poster's: the probe's task would never end.")
  @Outcome(expect = FORBIDDEN, desc = "Impossible.")
  @State
  public static class PostThenRun extends TwoWriters {
    final Queue<Object> executor = new ConcurrentLinkedQueue<>();

    @Actor
    public void poster() {
      hub.enter(null);
      executor.offer(StressTasks.A);
    }

    @Actor
    public void runner() {
      if (executor.poll() != null) {
        hub.exit();
        secondWrote = true;
      }
    }

    @Arbiter
    public void after(ZJ_Result r) {
      record(r);
    }
  }

  @JCStressTest
  @Description("A probe is out (seq 1). Runner: exit(). Poster: if the seq is even, enter().")
  @Outcome(
      id = "false, 2",
      expect = ACCEPTABLE,
      desc = "The poster saw the probe still out and skipped; then the runner ended it.")
  @Outcome(
      id = "true, 3",
      expect = ACCEPTABLE,
      desc = "The poster saw the runner's exit and posted the next probe: a fresh odd seq.")
  @Outcome(
      id = "true, 2",
      expect = FORBIDDEN,
      desc =
          "The runner's exit landed after the poster's enter() although the poster had "
              + "seen it: the new probe would look idle and its blockage go unseen.")
  @Outcome(expect = FORBIDDEN, desc = "Impossible.")
  @State
  public static class RunThenRepost extends TwoWriters {
    public RunThenRepost() {
      hub.enter(null); // the previous post; it reached the runner through the executor
    }

    @Actor
    public void runner() {
      hub.exit();
    }

    @Actor
    public void poster() {
      if ((hub.switchSeqAcquire() & 1L) == 0) { // as in Heartbeats.Probe.post
        hub.enter(null);
        secondWrote = true;
      }
    }

    @Arbiter
    public void after(ZJ_Result r) {
      record(r);
    }
  }
}
