/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

/*
 * Shared by the jcstress tests of this package: the two task objects an owner enters, and the
 * one-character name that a result records for the task a monitor read ('-' for none yet).
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
}
