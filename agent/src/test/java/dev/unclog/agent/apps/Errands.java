/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps;

/**
 * The blocking errands the scheduler apps run, one named method each, so that a report's stack says
 * which one blocked: 700 ms each.
 */
public final class Errands {
  private Errands() {}

  /** Run on a scheduler that must not block. */
  public static int checkStock() {
    Pause.millis(700);
    return 1;
  }

  /** Run on another scheduler that must not block. */
  public static int reserveSeat() {
    Pause.millis(700);
    return 1;
  }

  /** Run on a third scheduler that must not block. */
  public static int settleInvoice() {
    Pause.millis(700);
    return 1;
  }

  /** Run on the scheduler meant for blocking work. */
  public static int callTheLegacyService() {
    Pause.millis(700);
    return 1;
  }
}
