/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * How woven code reaches the hooks from any class loader, {@code java.base} included, without
 * touching the bootstrap class path (appending to it turns off class-data sharing for application
 * classes and makes the JVM print a warning at every start).
 *
 * <p>For each batch of integrations installed, one small class is defined inside {@code java.base},
 * in {@code java.util.function}: public static fields typed with JDK interfaces, {@link Function}
 * {@code enterN} for each enter hook and {@link Consumer} {@code exit} and {@code spawn}, set once
 * to unclog's hook objects before any code that reads them is woven; and for each enter hook a
 * static {@code runN(Runnable)}, which runs a Runnable between that hook and exit (the switch of a
 * loop that calls {@code run()} inline). Every class can see that exported package, so woven code
 * reads a field and makes one interface call, which the JIT inlines (each call site sees one
 * receiver class).
 *
 * <p>Memory ordering: the fields are written (plain VarHandle sets) before the first class that
 * reads them is woven, and defining or redefining that class passes through the class loading lock
 * or a safepoint, so every reader sees them set; they never change afterwards. Plain static fields
 * suffice.
 */
final class HookSlots {
  static final String PACKAGE = "java/util/function/";
  static final String EXIT = "exit";
  static final String SPAWN = "spawn";
  private static final String FUNCTION = "Ljava/util/function/Function;";
  private static final String CONSUMER = "Ljava/util/function/Consumer;";

  /* Slot classes named so far, those not yet defined, and whether java.util.function is open to
   * unclog: guarded by HookSlots.class. */
  private static int reserved;
  private static final Map<String, Pending> PENDING = new HashMap<>();
  private static boolean opened;

  private record Pending(
      Instrumentation instrumentation, List<? extends Function<Object, Object>> enters) {}

  private HookSlots() {}

  /** The field of enter hook {@code index}. */
  static String enter(int index) {
    return "enter" + index;
  }

  /** The Runnable wrapper of enter hook {@code index}. */
  static String run(int index) {
    return "run" + index;
  }

  /**
   * Names the slot class that will hold {@code enters} (the hook of index i in {@code enter<i>}),
   * the exit and spawn hooks, for the weaves to refer to; it is defined by {@link #define}, before
   * the first class that refers to it is woven, so that a program in which nothing is woven never
   * pays for it (ASM's writer, a class in java.base).
   */
  static synchronized String reserve(
      Instrumentation instrumentation, List<? extends Function<Object, Object>> enters) {
    String name = PACKAGE + "UnclogHookSlots" + (reserved == 0 ? "" : String.valueOf(reserved));
    reserved++;
    PENDING.put(name, new Pending(instrumentation, List.copyOf(enters)));
    return name;
  }

  /** Defines slot class {@code name}, if it has not been: before any class refers to it. */
  static synchronized void define(String name) throws Exception {
    Pending pending = PENDING.get(name);
    if (pending == null) {
      return; // defined already
    }
    if (!opened) {
      // Defining a class in a package takes a private lookup there, so the package must be open
      // to unclog; with -javaagent unclog is in the class path's unnamed module, so every class
      // on the class path gains deep reflection into that package. java.util.function has only
      // interfaces, no state to reach: the cheapest package of java.base to open.
      pending.instrumentation.redefineModule(
          Object.class.getModule(),
          Set.of(),
          Map.of(),
          Map.of("java.util.function", Set.of(HookSlots.class.getModule())),
          Set.of(),
          Map.of());
      opened = true;
    }
    MethodHandles.Lookup lookup =
        MethodHandles.privateLookupIn(Function.class, MethodHandles.lookup());
    Class<?> defined = lookup.defineClass(classFile(name, pending.enters.size()));
    // VarHandles, not Field.set: a JVM's first reflective field access spins accessor classes
    for (int i = 0; i < pending.enters.size(); i++) {
      Function<Object, Object> enter = pending.enters.get(i);
      lookup.findStaticVarHandle(defined, enter(i), Function.class).set(enter);
    }
    // typed as the fields are, so that each set links without adapting its call
    Consumer<Object> exit = new AgentHooks.Exit();
    Consumer<Object> spawn = new AgentHooks.Spawn();
    lookup.findStaticVarHandle(defined, EXIT, Consumer.class).set(exit);
    lookup.findStaticVarHandle(defined, SPAWN, Consumer.class).set(spawn);
    PENDING.remove(name);
  }

  private static byte[] classFile(String name, int enters) {
    ClassWriter writer = new ClassWriter(0); // its one frame and its maxima are written below
    writer.visit(
        Opcodes.V21,
        Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER,
        name,
        null,
        "java/lang/Object",
        null);
    int field = Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC;
    for (int i = 0; i < enters; i++) {
      writer.visitField(field, enter(i), FUNCTION, null, null).visitEnd();
      runWrapper(writer, name, i);
    }
    writer.visitField(field, EXIT, CONSUMER, null, null).visitEnd();
    writer.visitField(field, SPAWN, CONSUMER, null, null).visitEnd();
    writer.visitEnd();
    return writer.toByteArray();
  }

  /**
   * {@code static void runN(Runnable task) { Object entered = enterN.apply(task); try { task.run();
   * } finally { exit.accept(entered); } }}
   */
  private static void runWrapper(ClassWriter writer, String owner, int index) {
    MethodVisitor run =
        writer.visitMethod(
            Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC,
            run(index),
            "(Ljava/lang/Runnable;)V",
            null,
            null);
    Label start = new Label();
    Label end = new Label();
    Label handler = new Label();
    run.visitCode();
    run.visitTryCatchBlock(start, end, handler, null);
    run.visitFieldInsn(Opcodes.GETSTATIC, owner, enter(index), FUNCTION);
    run.visitVarInsn(Opcodes.ALOAD, 0);
    run.visitMethodInsn(
        Opcodes.INVOKEINTERFACE,
        "java/util/function/Function",
        "apply",
        "(Ljava/lang/Object;)Ljava/lang/Object;",
        true);
    run.visitVarInsn(Opcodes.ASTORE, 1);
    run.visitLabel(start);
    run.visitVarInsn(Opcodes.ALOAD, 0);
    run.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/lang/Runnable", "run", "()V", true);
    run.visitLabel(end);
    exit(run, owner);
    run.visitInsn(Opcodes.RETURN);
    run.visitLabel(handler);
    run.visitFrame(
        Opcodes.F_FULL,
        2,
        new Object[] {"java/lang/Runnable", "java/lang/Object"},
        1,
        new Object[] {"java/lang/Throwable"});
    run.visitVarInsn(Opcodes.ASTORE, 2);
    exit(run, owner);
    run.visitVarInsn(Opcodes.ALOAD, 2);
    run.visitInsn(Opcodes.ATHROW);
    run.visitMaxs(2, 3); // two on the stack at most: a hook and its argument
    run.visitEnd();
  }

  private static void exit(MethodVisitor method, String owner) {
    method.visitFieldInsn(Opcodes.GETSTATIC, owner, EXIT, CONSUMER);
    method.visitVarInsn(Opcodes.ALOAD, 1);
    method.visitMethodInsn(
        Opcodes.INVOKEINTERFACE,
        "java/util/function/Consumer",
        "accept",
        "(Ljava/lang/Object;)V",
        true);
  }
}
