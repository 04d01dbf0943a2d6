/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps;

/** The smallest application: what an old JVM runs with the agent, unchanged. */
public final class Hello {
  private Hello() {}

  public static void main(String[] args) {
    System.out.println("hello from Java " + System.getProperty("java.specification.version"));
  }
}
