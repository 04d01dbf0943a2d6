/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import static net.bytebuddy.matcher.ElementMatchers.named;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

/**
 * How woven code reaches the hooks from any class loader, {@code java.base} included, without
 * touching the bootstrap class path (appending to it turns off class-data sharing for application
 * classes and makes the JVM print a warning at every start).
 *
 * <p>At install, one small class is defined inside {@code java.base}, in {@code
 * java.util.function}: it holds nothing but public static fields typed with JDK interfaces ({@link
 * Function} for each enter hook an integration declares, {@link Consumer} for exit and spawn), set
 * once to unclog's hook objects before any code that reads them is woven. Every class can see that
 * exported package, so advice reads a field and makes one interface call, which the JIT inlines
 * (each call site sees one receiver class).
 *
 * <p>Memory ordering: the fields are written before {@code redefineClasses} or the first class
 * transformation, both of which pass through a safepoint or class loading lock, so every reader
 * sees them set; they never change afterwards. Plain static fields suffice.
 */
final class HookSlots {
  static final String CLASS_NAME = "java.util.function.UnclogHookSlots";
  /* The slots every integration shares; each enter hook has its own (Integration.EnterHook). */
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

  /**
   * Defines the slot class in java.base, with a slot for each enter hook the integrations declare,
   * and fills it; once per JVM, before any integration weaves.
   */
  static synchronized Class<?> install(
      Instrumentation instrumentation, List<Integration> integrations) throws Exception {
    if (slots != null) {
      return slots;
    }
    // Each slot is one integration's: Integration.all leaves out one whose slot is taken.
    Map<String, Function<Object, Object>> enterHooks = new LinkedHashMap<>();
    for (Integration integration : integrations) {
      for (Integration.EnterHook hook : integration.enterHooks()) {
        enterHooks.put(hook.slot(), hook.hook());
      }
    }
    // Defining a class in a package takes a private lookup there, so the package must be open
    // to unclog; with -javaagent unclog is in the class path's unnamed module, so every class
    // on the class path gains deep reflection into that package. java.util.function has only
    // interfaces, no state to reach: the cheapest package of java.base to open.
    Module javaBase = Object.class.getModule();
    instrumentation.redefineModule(
        javaBase,
        Set.of(),
        Map.of(),
        Map.of("java.util.function", Set.of(HookSlots.class.getModule())),
        Set.of(),
        Map.of());
    int slot = Modifier.PUBLIC | Modifier.STATIC;
    DynamicType.Builder<Object> builder =
        new ByteBuddy()
            .with(TypeValidation.DISABLED) // it refuses names in java.*, which is the point here
            .subclass(Object.class)
            .name(CLASS_NAME)
            .modifiers(Modifier.PUBLIC | Modifier.FINAL);
    for (String name : enterHooks.keySet()) {
      builder = builder.defineField(name, Function.class, slot);
    }
    byte[] bytes =
        builder
            .defineField(EXIT, Consumer.class, slot)
            .defineField(SPAWN, Consumer.class, slot)
            .make()
            .getBytes();
    Class<?> defined =
        MethodHandles.privateLookupIn(Function.class, MethodHandles.lookup()).defineClass(bytes);
    for (Map.Entry<String, Function<Object, Object>> hook : enterHooks.entrySet()) {
      defined.getField(hook.getKey()).set(null, hook.getValue());
    }
    defined.getField(EXIT).set(null, new AgentHooks.Exit());
    defined.getField(SPAWN).set(null, new AgentHooks.Spawn());
    slots = defined;
    return defined;
  }

  /**
   * Advice whose enter half is {@code enterAdvice}, with its {@link EnterHook} parameter bound to
   * the slot {@code enterSlot}, and whose exit half is {@link ExitAdvice}.
   */
  static Advice advice(Class<?> enterAdvice, String enterSlot) {
    return Advice.withCustomMapping()
        .bind(EnterHook.class, slot(enterSlot))
        .bind(ExitHook.class, slot(EXIT))
        .to(
            TypeDescription.ForLoadedType.of(enterAdvice),
            TypeDescription.ForLoadedType.of(ExitAdvice.class),
            LOCATOR);
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
    return TypeDescription.ForLoadedType.of(slots)
        .getDeclaredFields()
        .filter(named(name))
        .getOnly();
  }
}
