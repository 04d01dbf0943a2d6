/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.bench;

import java.lang.instrument.Instrumentation;

/**
 * A Java agent that does nothing: the baseline for what loading <em>any</em> agent costs. Its mere
 * presence loads the JVM's instrumentation support (a JVMTI agent), which on JDK 21+ makes the JVM
 * post JVMTI events on every virtual-thread mount and unmount, whether it is given on the command
 * line or attached later. The build packages it alone as {@code bench/target/empty-agent.jar}, with
 * the manifest of unclog's agent minus its code ({@code Premain-Class}, {@code Agent-Class}, {@code
 * Can-Redefine-Classes}, {@code Can-Retransform-Classes}), so that unclog's agent minus this one is
 * unclog's own cost:
 *
 * <pre>
 * java -javaagent:bench/target/empty-agent.jar ...
 * jcmd PID JVMTI.agent_load bench/target/empty-agent.jar
 * </pre>
 *
 * {@code bench/agent-cost.sh} compares it with no agent and with unclog's agent.
 */
public final class EmptyAgent {
  private EmptyAgent() {}

  /** Does nothing: the agent given on the command line. */
  public static void premain(String options, Instrumentation instrumentation) {
    // nothing: the cost measured is that of the JVM having an agent at all
  }

  /** Does nothing: the agent attached to a running JVM. */
  public static void agentmain(String options, Instrumentation instrumentation) {
    // nothing
  }
}
