/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.Hub;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import static net.bytebuddy.matcher.ElementMatchers.named;

/**
 * How woven code reaches the hooks from any class loader, {@code java.base} included, without
 * touching the bootstrap class path (appending to it turns off class-data sharing for
 * application classes and makes the JVM print a warning at every start).
 *
 * <p>At install, one small class is defined inside {@code java.base}, in
 * {@code java.util.function}: it
 * holds nothing but public static fields typed with JDK interfaces ({@link Function} for the
 * enter hooks, {@link Consumer} for exit), set once to unclog's hook objects before any code
 * that reads them is woven. Every class can see that exported package, so advice reads a field and
 * makes one interface call, which the JIT inlines (each call site sees one receiver class).
 *
 * <p>Memory ordering: the fields are written before {@code redefineClasses} or the first class
 * transformation, both of which pass through a safepoint or class loading lock, so every reader
 * sees them set; they never change afterwards. Plain static fields suffice.
 */
final class HookSlots {
  static final String CLASS_NAME = "java.util.function.UnclogHookSlots";
  static final String CARRIER_ENTER = "carrierEnter";
  static final String LOOP_ENTER = "loopEnter";
  static final String LOOP_TASK_ENTER = "loopTaskEnter";
  static final String SCHEDULER_TASK_ENTER = "schedulerTaskEnter";
  static final String DISPATCHER_TASK_ENTER = "dispatcherTaskEnter";
  static final String EXIT = "exit";
  static final String SPAWN = "spawn";

  /** Marks the advice parameter that receives an enter hook: {@code Function<Object, Object>}. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface EnterHook {}

  /** Marks the advice parameter that receives the exit hook: {@code Consumer<Object>}. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface ExitHook {}

  /** Marks the advice parameter that receives the spawn hook: {@code Consumer<Object>}. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface SpawnHook {}

  private static Class<?> slots;

  private HookSlots() {}

  /** Defines the slot class in java.base and fills it; once per JVM. */
  static synchronized Class<?> install(Instrumentation instrumentation) throws Exception {
    if (slots != null) {
      return slots;
    }
    // Defining a class in a package takes a private lookup there, so the package must be open
    // to unclog; with -javaagent unclog is in the class path's unnamed module, so every class
    // on the class path gains deep reflection into that package. java.util.function has only
    // interfaces, no state to reach: the cheapest package of java.base to open.
    Module javaBase = Object.class.getModule();
    instrumentation.redefineModule(javaBase, Set.of(), Map.of(),
        Map.of("java.util.function", Set.of(HookSlots.class.getModule())), Set.of(), Map.of());
    int slot = Modifier.PUBLIC | Modifier.STATIC;
    byte[] bytes = new ByteBuddy()
        .with(TypeValidation.DISABLED) // it refuses names in java.*, which is the point here
        .subclass(Object.class)
        .name(CLASS_NAME)
        .modifiers(Modifier.PUBLIC | Modifier.FINAL)
        .defineField(CARRIER_ENTER, Function.class, slot)
        .defineField(LOOP_ENTER, Function.class, slot)
        .defineField(LOOP_TASK_ENTER, Function.class, slot)
        .defineField(SCHEDULER_TASK_ENTER, Function.class, slot)
        .defineField(DISPATCHER_TASK_ENTER, Function.class, slot)
        .defineField(EXIT, Consumer.class, slot)
        .defineField(SPAWN, Consumer.class, slot)
        .make()
        .getBytes();
    Class<?> defined = MethodHandles.privateLookupIn(Function.class, MethodHandles.lookup())
        .defineClass(bytes);
    defined.getField(CARRIER_ENTER).set(null, new AgentHooks.Enter(Hub.CARRIER,
        AgentHooks.ALWAYS));
    defined.getField(LOOP_ENTER).set(null, new AgentHooks.Enter(Hub.EVENT_LOOP,
        AgentHooks.ALWAYS));
    defined.getField(LOOP_TASK_ENTER).set(null, new AgentHooks.Enter(Hub.EVENT_LOOP,
        AgentHooks::isNettyEventLoop));
    defined.getField(SCHEDULER_TASK_ENTER).set(null, new AgentHooks.Enter(
        Hub.REACTOR_SCHEDULER, AgentHooks::isNonBlocking));
    defined.getField(DISPATCHER_TASK_ENTER).set(null, new AgentHooks.Enter(
        Hub.COROUTINE_DISPATCHER, AgentHooks::isCoroutineWorker, AgentHooks::isNonBlockingTask));
    defined.getField(EXIT).set(null, new AgentHooks.Exit());
    defined.getField(SPAWN).set(null, new AgentHooks.Spawn());
    slots = defined;
    return defined;
  }

  /**
   * Advice whose enter half is {@code enterAdvice}, with its {@link EnterHook} parameter bound
   * to the slot {@code enterSlot}, and whose exit half is {@link ExitAdvice}.
   */
  static Advice advice(Class<?> enterAdvice, String enterSlot) {
    return Advice.withCustomMapping()
        .bind(EnterHook.class, slot(enterSlot))
        .bind(ExitHook.class, slot(EXIT))
        .to(TypeDescription.ForLoadedType.of(enterAdvice),
            TypeDescription.ForLoadedType.of(ExitAdvice.class), LOCATOR);
  }

  /** {@link SpawnAdvice}, enter only, its {@link SpawnHook} parameter bound to the spawn slot. */
  static Advice spawnAdvice() {
    return Advice.withCustomMapping()
        .bind(SpawnHook.class, slot(SPAWN))
        .to(TypeDescription.ForLoadedType.of(SpawnAdvice.class), LOCATOR);
  }

  private static final ClassFileLocator LOCATOR =
      ClassFileLocator.ForClassLoader.of(HookSlots.class.getClassLoader());

  private static FieldDescription slot(String name) {
    return TypeDescription.ForLoadedType.of(slots).getDeclaredFields().filter(named(name))
        .getOnly();
  }
}
