/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import dev.unclog.internal.SpawnSites;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Creation sites ({@code UNCLOG_SPAWN_STACKS=true}, off by default): weaves {@link SpawnAdvice}
 * into the methods every thread start goes through. Platform threads start in {@code
 * Thread.start()} or, inside a thread container (an executor made by {@code
 * Executors.newThreadPerTaskExecutor}, a structured task scope), {@code
 * Thread.start(ThreadContainer)}; neither calls the other. Virtual threads override both, and
 * {@code start()} calls {@code start(ThreadContainer)}, so only the latter is woven there, together
 * with the carrier hook (see {@link VirtualThreads}: one redefinition of a class must carry all of
 * its advice, as each starts again from the class file). When the knob is off nothing is woven:
 * thread starts cost what they cost without unclog.
 */
public final class SpawnStacks implements Integration {
  private static final ElementMatcher<MethodDescription> PLATFORM_START =
      named("start").and(takesNoArguments().or(takesArguments(1)));
  private static final ElementMatcher<MethodDescription> VIRTUAL_START =
      named("start").and(takesArguments(1));

  @Override
  public String name() {
    return "spawn stacks (creation sites of threads)";
  }

  /** Only with UNCLOG_SPAWN_STACKS on: off, nothing of it is woven. */
  @Override
  public boolean wanted() {
    return SpawnSites.enabled();
  }

  @Override
  public void install(Instrumentation instrumentation) throws Exception {
    TypeDescription type = TypeDescription.ForLoadedType.of(Thread.class);
    byte[] woven =
        new ByteBuddy()
            .redefine(type, ClassFileLocator.ForClassLoader.ofBootLoader())
            .visit(advice(type, PLATFORM_START))
            .make()
            .getBytes();
    instrumentation.redefineClasses(new ClassDefinition(Thread.class, woven));
  }

  /** The spawn advice for {@code java.lang.VirtualThread}, to weave with the carrier hook. */
  static AsmVisitorWrapper virtualThreadAdvice(TypeDescription virtualThread) {
    return advice(virtualThread, VIRTUAL_START);
  }

  private static AsmVisitorWrapper advice(
      TypeDescription type, ElementMatcher<MethodDescription> starts) {
    if (type.getDeclaredMethods().filter(starts).isEmpty()) {
      throw new IllegalStateException(
          "unknown JDK build: "
              + type.getName()
              + " has no start method to record creation sites in");
    }
    return HookSlots.spawnAdvice().on(starts);
  }
}
