/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.bench;

/** What the hello-world servers of bench/fixed_rate.py share: the answer and the port line. */
final class Hello {
  static final String TEXT = "Hello, World!";

  private Hello() {}

  /** Prints {@code listening PORT}, the line the benchmark scripts wait for. */
  static void listening(int port) {
    System.out.println("listening " + port);
    System.out.flush();
  }
}
