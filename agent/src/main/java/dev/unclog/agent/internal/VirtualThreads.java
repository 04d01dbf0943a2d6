/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import dev.unclog.Hub;
import dev.unclog.internal.Diagnostics;
import dev.unclog.internal.SpawnSites;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Carriers as hubs: weaves {@link CarrierAdvice} into {@code
 * java.lang.VirtualThread.runContinuation()}, whose name and signature are the same from JDK 21 to
 * 25 (the mount/unmount methods around it moved; they are left alone).
 *
 * <p>Two traps, both of which hang the JVM silently if missed: the advice must reach the hooks from
 * java.base (it does through {@link HookSlots}, a class of java.base); and the new class bytes are
 * made before redefinition, not inside a transformer, with every class the hooks use already
 * loaded.
 */
public final class VirtualThreads implements Integration {
  static final String CARRIER_ENTER = "carrierEnter";
  private static final String TYPE = "java.lang.VirtualThread";
  private static final ElementMatcher<MethodDescription> MOUNT =
      named("runContinuation").and(takesNoArguments());

  @Override
  public String name() {
    return "virtual-thread carrier watching";
  }

  /** Every mount of a virtual thread is a switch of its carrier, which is a hub from its first. */
  @Override
  public List<EnterHook> enterHooks() {
    return List.of(
        new EnterHook(CARRIER_ENTER, new AgentHooks.Enter(Hub.CARRIER, AgentHooks.ALWAYS)));
  }

  @Override
  public void install(Instrumentation instrumentation) throws Exception {
    Class<?> virtualThread = Class.forName(TYPE);
    TypeDescription type = TypeDescription.ForLoadedType.of(virtualThread);
    if (type.getDeclaredMethods().filter(MOUNT).isEmpty()) {
      throw new IllegalStateException("unknown JDK build: " + TYPE + " has no runContinuation()");
    }
    // start one virtual thread first: the scheduler and its classes load now, not in a hook
    Thread.ofVirtual().name("unclog-warm-up").start(() -> {}).join();
    DynamicType.Builder<?> builder =
        new ByteBuddy()
            .redefine(type, ClassFileLocator.ForClassLoader.ofBootLoader())
            .visit(HookSlots.advice(CarrierAdvice.class, CARRIER_ENTER).on(MOUNT));
    if (SpawnSites.enabled()) {
      try {
        builder = builder.visit(SpawnStacks.virtualThreadAdvice(type));
      } catch (IllegalStateException e) {
        Diagnostics.line("creation sites of virtual threads are off: " + e.getMessage());
      }
    }
    byte[] woven = builder.make().getBytes();
    instrumentation.redefineClasses(new ClassDefinition(virtualThread, woven));
    dev.unclog.internal.VirtualThreadSwitches.observing();
  }
}
