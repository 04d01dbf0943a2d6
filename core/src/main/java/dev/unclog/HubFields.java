/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * The memory layout of a Hub, split over a class hierarchy:
 *
 *   [header][pad 64 bytes] [owner fields: task, switchSeq, seenSeq] [pad 64 bytes] [finals]
 *
 * The owner thread writes switchSeq and task on every switch; the monitor reads them once a
 * period. Its own bookkeeping lives in the hub's HubWatch, another object: the monitor's
 * writes there never invalidate the line the owner is writing, and the padding keeps two hubs
 * allocated side by side from sharing one (their owners would otherwise ping-pong it on every
 * task) and the hub's final fields off the owner's line.
 *
 * The padding is bytes, as JCTools pads: since JDK 15 a subclass's fields may fill gaps left in
 * its superclass's layout, so padding made of longs (which leaves alignment gaps) does not
 * reliably keep later fields out; bytes leave no gaps to fill.
 *
 * Access modes follow the suffix convention in package-info.java.
 */
abstract class HubPadBefore {
  byte p000,
      p001,
      p002,
      p003,
      p004,
      p005,
      p006,
      p007,
      p008,
      p009,
      p010,
      p011,
      p012,
      p013,
      p014,
      p015,
      p016,
      p017,
      p018,
      p019,
      p020,
      p021,
      p022,
      p023,
      p024,
      p025,
      p026,
      p027,
      p028,
      p029,
      p030,
      p031,
      p032,
      p033,
      p034,
      p035,
      p036,
      p037,
      p038,
      p039,
      p040,
      p041,
      p042,
      p043,
      p044,
      p045,
      p046,
      p047,
      p048,
      p049,
      p050,
      p051,
      p052,
      p053,
      p054,
      p055,
      p056,
      p057,
      p058,
      p059,
      p060,
      p061,
      p062,
      p063;
}

abstract class HubOwnerFields extends HubPadBefore {
  static final VarHandle SWITCH_SEQ;
  static final VarHandle TASK;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      SWITCH_SEQ = lookup.findVarHandle(HubOwnerFields.class, "switchSeq", long.class);
      TASK = lookup.findVarHandle(HubOwnerFields.class, "task", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /*
   * Bumped on every switch; odd while a task runs, even while the hub is back in its loop.
   * Written by one thread at a time (the owner, or for a heartbeat hub the poster and then the
   * runner, ordered by the executor's own hand-off) with a release store; read plainly by that
   * writer and with an acquire load by the monitor. Release is enough: the monitor only needs
   * to see a value eventually (coherence guarantees it never goes backwards) and, when it sees
   * a value, to see the task written before it. No volatile (sequentially consistent) store and
   * so no StoreLoad fence: on x86 a release store is a plain mov.
   */
  long switchSeq;

  /*
   * The task that the current odd switchSeq belongs to, or null. Written with a release store
   * *before* the switchSeq store that starts the task: release orders the previous switchSeq
   * store (the end of the last task) before this write, so a monitor that reads a task, then
   * re-reads an unchanged odd switchSeq (acquire loads both) knows that the task belongs to
   * that switchSeq and never blames the next task for the previous one's blockage. Left set
   * after the task ends (one store less per switch); replaced at the next enter, which skips
   * the store when the field holds that task already (its owner reads it plainly: it is the
   * only writer): the value the monitor can read is then the same either way.
   *
   * Cost: a reference store is where a garbage collector's write barrier runs. Hub.enter()
   * stores nothing once the field is null; storing a task into a hub that has been promoted to
   * the old generation takes G1's slow path on JDK 25 and earlier, a StoreLoad fence and a card
   * mark, about 6 ns (BENCHMARKS.md). That is why the task is optional.
   */
  Object task;

  /*
   * The switchSeq value the monitor saw at its last scan. Monitor bookkeeping (written and read
   * by the monitor thread only, plainly), but kept beside switchSeq rather than with the rest:
   * an idle hub's scan compares the two and stops, so it touches this one cache line. The
   * monitor writes it only when switchSeq has changed since its last scan, at most once per
   * period, and the owner's next store to the line costs what it would after the monitor's
   * read of switchSeq anyway: the line leaves the owner's cache either way.
   */
  long seenSeq = -1;

  final long switchSeqAcquire() {
    return (long) SWITCH_SEQ.getAcquire(this);
  }

  final Object taskAcquire() {
    return TASK.getAcquire(this);
  }
}

abstract class HubPadBetween extends HubOwnerFields {
  byte p100,
      p101,
      p102,
      p103,
      p104,
      p105,
      p106,
      p107,
      p108,
      p109,
      p110,
      p111,
      p112,
      p113,
      p114,
      p115,
      p116,
      p117,
      p118,
      p119,
      p120,
      p121,
      p122,
      p123,
      p124,
      p125,
      p126,
      p127,
      p128,
      p129,
      p130,
      p131,
      p132,
      p133,
      p134,
      p135,
      p136,
      p137,
      p138,
      p139,
      p140,
      p141,
      p142,
      p143,
      p144,
      p145,
      p146,
      p147,
      p148,
      p149,
      p150,
      p151,
      p152,
      p153,
      p154,
      p155,
      p156,
      p157,
      p158,
      p159,
      p160,
      p161,
      p162,
      p163;
}
