/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.util.List;

/**
 * What the monitor saw of a blockage when it found it: the task, the culprit's stack and state
 * (taken while it still blocked, checked against the switch sequence), or why there is none.
 *
 * @param task the task object, or null if it could not be trusted to be the blockage's own
 * @param stack the culprit's stack, innermost first; empty if not taken
 * @param state the culprit's state when its stack was taken, or null
 * @param threadId the culprit's thread id, or -1
 * @param suspended whether a debugger had the hub's thread suspended
 * @param onMonitor for a BLOCKED culprit, whether it waits for a monitor (else for the JVM, as for
 *     another thread's class initialisation)
 * @param noStackReason why the stack is empty, or null
 */
record Sighting(
    Object task,
    List<StackTraceElement> stack,
    Thread.State state,
    long threadId,
    boolean suspended,
    boolean onMonitor,
    String noStackReason) {}
