/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.bench;

import java.lang.instrument.Instrumentation;

/**
 * A Java agent that does nothing: the baseline for what loading <em>any</em> agent costs. Its
 * mere presence loads the JVM's instrumentation support (a JVMTI agent), which on JDK 21+ makes
 * the JVM post JVMTI events on every virtual-thread mount and unmount. The build packages it
 * alone as {@code bench/target/empty-agent.jar}, with a {@code Premain-Class} manifest entry:
 * <pre>
 * java -javaagent:bench/target/empty-agent.jar ...
 * </pre>
 * {@code bench/agent-cost.sh} compares it with no agent and with unclog's agent.
 */
public final class EmptyAgent {
  private EmptyAgent() {}

  /** Does nothing. */
  public static void premain(String options, Instrumentation instrumentation) {
    // nothing: the cost measured is that of the JVM having an agent at all
  }
}
