/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps;

/** A program with nothing to watch: no event loop, no virtual thread, no named pool. */
public final class HelloApp {
  private HelloApp() {}

  public static void main(String[] args) {
    System.out.println("hello");
  }
}
