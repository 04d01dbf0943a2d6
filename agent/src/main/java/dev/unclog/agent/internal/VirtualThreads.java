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
 * <p>The trap, which hangs the JVM silently if missed: the hooks run on a carrier, around the
 * mount, so every class they use must be loaded before (see AgentHooks.warmUp): a class load there
 * could wait for a lock held by an unmounted virtual thread that needs a carrier to go on. The
 * scheduler's own classes are not the hooks' concern: the first virtual thread loads them on the
 * thread that starts it, before any carrier runs. So no virtual thread is started here, and a
 * program that never uses them never pays for their scheduler.
 */
public final class VirtualThreads implements Integration, Weave.UsedLate {
  static final String TYPE = "java.lang.VirtualThread";
  /*
   * Loaded before the first virtual thread is made, by every way to make one (Thread.ofVirtual(),
   * Thread.startVirtualThread, their factories all call its newVirtualThread), from JDK 21 to 25,
   * and not at start: so a program that never makes one never pays for weaving VirtualThread's
   * 27 KB, about 30 ms and several MiB at start-up. Not a class that VirtualThread's own
   * verification needs (VThreadContinuation, CarrierThread): woven while one of those loads, it
   * would fail with a ClassCircularityError. Thread.ofPlatform() loads it too, which only weaves
   * early.
   */
  static final String FIRST_USE = "java.lang.ThreadBuilders";

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
  public String firstUse() {
    return FIRST_USE;
  }
}
