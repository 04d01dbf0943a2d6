/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

/** One line on stderr, prefixed {@code unclog: }; never throws. */
final class Say {
  private Say() {}

  static void line(String text) {
    try {
      System.err.println("unclog: " + text);
    } catch (Throwable ignored) {
      // stderr is gone: nothing left to tell
    }
  }
}
