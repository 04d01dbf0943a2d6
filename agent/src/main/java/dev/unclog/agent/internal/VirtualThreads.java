/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.Hub;
import dev.unclog.agent.Hubs;
import dev.unclog.agent.Integration;
import dev.unclog.agent.SwitchPoint;
import java.util.List;

/**
 * Carriers as hubs: {@code java.lang.VirtualThread.runContinuation()}, whose name and signature are
 * the same from JDK 21 to 25 (the mount/unmount methods around it moved; they are left alone), is
 * the task a carrier runs for every mount: it mounts the virtual thread, runs it until it parks,
 * yields or ends, and unmounts it. At entry and exit the current thread is the carrier, so the
 * carrier is the hub and the virtual thread is its task.
 *
 * <p>The trap, which hangs the JVM silently if missed: the hooks run inside the JDK's mount
 * sequence, so every class they use must be loaded before (see AgentHooks.warmUp), and the
 * virtual-thread scheduler's classes too: one virtual thread starts before the class is woven.
 */
public final class VirtualThreads implements Integration {
  static final String TYPE = "java.lang.VirtualThread";

  @Override
  public String name() {
    return "virtual-thread carrier watching";
  }

  /** Every mount of a virtual thread is a switch of its carrier, which is a hub from its first. */
  @Override
  public List<SwitchPoint> switchPoints() {
    return List.of(
        new SwitchPoint(
            TYPE, "runContinuation", "()V", SwitchPoint.Task.THIS, Hubs.every(Hub.CARRIER)));
  }

  @Override
  public void prepare() throws InterruptedException {
    Thread.ofVirtual().name("unclog-warm-up").start(() -> {}).join();
  }
}
