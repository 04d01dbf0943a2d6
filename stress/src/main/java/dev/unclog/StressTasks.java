/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import org.openjdk.jcstress.infra.results.JCJ_Result;

/*
 * Shared by the jcstress tests of this package: the two task objects an owner enters, the
 * one-character name that a result records for the task a monitor read ('-' for none yet), and
 * the owner's and the monitor's steps that more than one test takes. What stays alike from test
 * to test is what jcstress wants of each: its own @Actor, @Signal and @Arbiter methods (they
 * call these), and its own @Outcome table, the claim's data.
 */
final class StressTasks {
  static final Object A = new Object();
  static final Object B = new Object();

  private StressTasks() {}

  static char name(Object task) {
    if (task == null) {
      return '-';
    }
    if (task == A) {
      return 'A';
    }
    return task == B ? 'B' : '?';
  }

  /** A hub as a loop thread would have one, minus the monitor (close() is never called). */
  static Hub newHub() {
    return new Hub(null, Hub.EVENT_LOOP, null, "stress");
  }

  /**
   * The owner's normal loop on a fresh hub: enter(A); exit(); enter(B). Its release stores, in
   * order: task A, seq 1, seq 2 (exit), task B, seq 3.
   */
  static void enterAExitEnterB(Hub hub) {
    hub.enter(A);
    hub.exit();
    hub.enter(B);
  }

  /** Reads as Watchdog.begin does: switchSeqAcquire(), taskAcquire(), switchSeqAcquire(). */
  static void readSeqTaskSeq(Hub hub, JCJ_Result r) {
    r.r1 = hub.switchSeqAcquire();
    r.r2 = name(hub.taskAcquire());
    r.r3 = hub.switchSeqAcquire();
  }

  /**
   * Spins on switchSeqAcquire() while the seq is {@code seq}: an empty loop, the easiest for a JIT
   * to hoist a plain read out of.
   */
  static void spinWhileSeqIs(Hub hub, long seq) {
    while (hub.switchSeqAcquire() == seq) {
      // spin
    }
  }
}
