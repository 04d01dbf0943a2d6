/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.agent.SwitchPoint.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Weaves the hooks into a class file: a pure function of its bytes and its {@link Weave}s, used by
 * the transformer for every class the switch table names.
 *
 * <p>A switch becomes, in the method's own bytecode: at the start, {@code entered =
 * Slots.enterN.apply(task)} into a new local after the method's own; before each return, {@code
 * Slots.exit.accept(entered)}; and a catch-all handler, last in the exception table so that the
 * method's own handlers come first, that does the same and rethrows. The new local is added to
 * every stack map frame (read expanded), so nothing is computed from the class hierarchy: no class
 * is loaded while a class is being defined. An {@code EACH_RUNNABLE} switch instead turns each
 * {@code Runnable.run()} call into a call of the slot class's {@code runN(Runnable)}, which wraps
 * it the same way: the stack is the same before and after, so no frame changes.
 *
 * <p>Two passes of ASM's reader: the first finds the methods, their locals and the fields; the
 * second weaves. Methods not woven are copied as they are.
 */
final class Weaver {
  private static final String FUNCTION = "java/util/function/Function";
  private static final String CONSUMER = "java/util/function/Consumer";
  private static final String RUNNABLE = "java/lang/Runnable";

  /**
   * What weaving gave.
   *
   * @param bytes the woven class, or null if nothing was woven
   * @param absent the weaves whose method the class does not have
   * @param refused one line per weave whose method is there but cannot be woven as asked
   */
  record Woven(byte[] bytes, List<Weave> absent, List<String> refused) {}

  private Weaver() {}

  /** Weaves {@code weaves}, all of this class, into {@code classFile}. */
  static Woven weave(byte[] classFile, List<Weave> weaves) {
    ClassReader reader = new ClassReader(classFile);
    Scan scan = new Scan(weaves);
    reader.accept(scan, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    List<Weave> absent = new ArrayList<>();
    for (Weave weave : weaves) {
      if (!scan.found.contains(weave)) {
        absent.add(weave);
      }
    }
    if (scan.plans.isEmpty()) {
      return new Woven(null, absent, scan.refused);
    }
    ClassWriter writer = new ClassWriter(reader, 0);
    reader.accept(new Weaving(writer, scan), ClassReader.EXPAND_FRAMES);
    return new Woven(writer.toByteArray(), absent, scan.refused);
  }

  /** What one method gets: any of a switch at entry, the spawn hook, a switch per Runnable. */
  private static final class Plan {
    final String descriptor;
    final boolean isStatic;
    int maxLocals;
    Weave.Switch entry;
    String spawn;
    Weave.Switch runnables;
    int runnableCalls;
    String fieldDescriptor; // of a Task.Field entry

    Plan(String descriptor, boolean isStatic) {
      this.descriptor = descriptor;
      this.isStatic = isStatic;
    }
  }

  /** The first pass: which methods get what, their locals, the fields' types. */
  private static final class Scan extends ClassVisitor {
    final List<Weave> weaves;
    /* By identity: a record's equals would link its bootstrap method at every start. */
    final Set<Weave> found = Collections.newSetFromMap(new IdentityHashMap<>());
    final List<String> refused = new ArrayList<>();
    final Map<String, Plan> plans = new LinkedHashMap<>();
    final Map<String, String> instanceFields = new HashMap<>();
    String owner;
    boolean frames; // whether the class has stack maps to keep: version 50 and later

    Scan(List<Weave> weaves) {
      super(Opcodes.ASM9);
      this.weaves = weaves;
    }

    @Override
    public void visit(
        int version,
        int access,
        String name,
        String signature,
        String superName,
        String[] interfaces) {
      owner = name;
      frames = (version & 0xFFFF) >= Opcodes.V1_6;
    }

    @Override
    public FieldVisitor visitField(
        int access, String name, String descriptor, String signature, Object value) {
      if ((access & Opcodes.ACC_STATIC) == 0) {
        instanceFields.put(name, descriptor);
      }
      return null;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0 || name.startsWith("<")) {
        return null; // no code of its own to weave; constructors are never switch points
      }
      Plan plan = null;
      for (Weave weave : weaves) {
        if (weave.matches(name, descriptor)) {
          if (plan == null) {
            plan = new Plan(descriptor, (access & Opcodes.ACC_STATIC) != 0);
          }
          found.add(weave);
          add(plan, weave, name);
        }
      }
      if (plan == null || (plan.entry == null && plan.spawn == null && plan.runnables == null)) {
        return null;
      }
      Plan planned = plan;
      plans.put(name + descriptor, plan);
      return new MethodVisitor(Opcodes.ASM9) {
        @Override
        public void visitMethodInsn(
            int opcode, String owner, String name, String descriptor, boolean isInterface) {
          if (isRunnableRun(opcode, owner, name, descriptor)) {
            planned.runnableCalls++;
          }
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
          planned.maxLocals = maxLocals;
        }
      };
    }

    @Override
    public void visitEnd() {
      for (Iterator<Map.Entry<String, Plan>> all = plans.entrySet().iterator(); all.hasNext(); ) {
        Map.Entry<String, Plan> entry = all.next();
        Plan plan = entry.getValue();
        if (plan.runnables != null && plan.runnableCalls == 0) {
          refused.add(where(entry.getKey()) + " calls no Runnable.run()");
          plan.runnables = null;
        }
        if (plan.entry != null && plan.maxLocals >= 0xFFFF) {
          refused.add(where(entry.getKey()) + " has no room for one more local variable");
          plan.entry = null;
        }
        if (plan.entry == null && plan.spawn == null && plan.runnables == null) {
          all.remove();
        }
      }
    }

    private void add(Plan plan, Weave weave, String name) {
      String method = where(name + plan.descriptor);
      if (weave.action() instanceof Weave.Spawn spawn) {
        if (plan.isStatic) {
          refused.add(method + " is static: it has no thread to hand the spawn hook");
        } else {
          plan.spawn = spawn.slots();
        }
        return;
      }
      Weave.Switch change = (Weave.Switch) weave.action();
      if (change.task() instanceof Task.EachRunnable) {
        if (plan.runnables != null) {
          refused.add(method + " is a switch point twice");
        } else {
          plan.runnables = change;
        }
        return;
      }
      String problem =
          plan.entry != null ? "is a switch point twice" : taskProblem(plan, change.task());
      if (problem != null) {
        refused.add(method + " " + problem);
      } else {
        plan.entry = change;
        if (change.task() instanceof Task.Field field) {
          plan.fieldDescriptor = instanceFields.get(field.name()); // the accepted weave's only
        }
      }
    }

    /* Why the task cannot be read at the method's start, or null if it can. */
    private String taskProblem(Plan plan, Task task) {
      if (task instanceof Task.This) {
        return plan.isStatic ? "is static: it has no receiver to name the task" : null;
      }
      if (task instanceof Task.Argument argument) {
        Type[] arguments = Type.getArgumentTypes(plan.descriptor);
        if (argument.index() >= arguments.length) {
          return "has no argument " + argument.index();
        }
        return isReference(arguments[argument.index()].getDescriptor())
            ? null
            : "has a primitive argument " + argument.index();
      }
      Task.Field field = (Task.Field) task;
      String type = instanceFields.get(field.name());
      if (plan.isStatic || type == null) {
        return "has no instance field " + field.name() + " declared with it";
      }
      return isReference(type) ? null : "has a primitive field " + field.name();
    }

    private String where(String method) {
      return owner.replace('/', '.') + "." + method;
    }
  }

  /** The second pass. */
  private static final class Weaving extends ClassVisitor {
    private final Scan scan;

    Weaving(ClassVisitor writer, Scan scan) {
      super(Opcodes.ASM9, writer);
      this.scan = scan;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
      Plan plan = scan.plans.get(name + descriptor);
      if (plan == null) {
        return method;
      }
      if (plan.runnables != null) {
        method = new RunnableCalls(method, plan.runnables);
      }
      return plan.entry != null || plan.spawn != null
          ? new Entry(method, plan, scan.owner, scan.frames)
          : method;
    }
  }

  /** The enter hook at the start, the exit hook on every way out; the spawn hook at the start. */
  private static final class Entry extends MethodVisitor {
    private final Plan plan;
    private final String owner;
    private final boolean frames;
    private final int entered; // the new local, after the method's own
    private final Label start = new Label();
    private final Label handler = new Label();

    Entry(MethodVisitor next, Plan plan, String owner, boolean frames) {
      super(Opcodes.ASM9, next);
      this.plan = plan;
      this.owner = owner;
      this.frames = frames;
      this.entered = plan.maxLocals;
    }

    @Override
    public void visitCode() {
      super.visitCode();
      if (plan.spawn != null) {
        super.visitFieldInsn(Opcodes.GETSTATIC, plan.spawn, HookSlots.SPAWN, "L" + CONSUMER + ";");
        super.visitVarInsn(Opcodes.ALOAD, 0);
        accept();
      }
      Weave.Switch entry = plan.entry;
      if (entry != null) {
        super.visitFieldInsn(
            Opcodes.GETSTATIC, entry.slots(), HookSlots.enter(entry.hook()), "L" + FUNCTION + ";");
        loadTask(entry.task());
        super.visitMethodInsn(
            Opcodes.INVOKEINTERFACE,
            FUNCTION,
            "apply",
            "(Ljava/lang/Object;)Ljava/lang/Object;",
            true);
        super.visitVarInsn(Opcodes.ASTORE, entered);
        super.visitLabel(start);
      }
    }

    private void loadTask(Task task) {
      if (task instanceof Task.Argument argument) {
        int slot = plan.isStatic ? 0 : 1;
        Type[] arguments = Type.getArgumentTypes(plan.descriptor);
        for (int i = 0; i < argument.index(); i++) {
          slot += arguments[i].getSize();
        }
        super.visitVarInsn(Opcodes.ALOAD, slot);
      } else {
        super.visitVarInsn(Opcodes.ALOAD, 0);
        if (task instanceof Task.Field field) {
          super.visitFieldInsn(Opcodes.GETFIELD, owner, field.name(), plan.fieldDescriptor);
        }
      }
    }

    @Override
    public void visitInsn(int opcode) {
      if (plan.entry != null && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
        exit();
      }
      super.visitInsn(opcode);
    }

    @Override
    public void visitFrame(int type, int locals, Object[] local, int stack, Object[] onStack) {
      if (plan.entry == null) {
        super.visitFrame(type, locals, local, stack, onStack);
        return;
      }
      // Read with EXPAND_FRAMES, every frame is F_NEW and lists its locals in full: the method's
      // own, padded with TOP to its maximum, then the one this weave adds.
      List<Object> with = new ArrayList<>(locals + 2);
      int slots = 0;
      for (int i = 0; i < locals; i++) {
        with.add(local[i]);
        slots += local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE ? 2 : 1;
      }
      for (; slots < entered; slots++) {
        with.add(Opcodes.TOP);
      }
      with.add("java/lang/Object");
      super.visitFrame(type, with.size(), with.toArray(), stack, onStack);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
      if (plan.entry == null) {
        super.visitMaxs(maxStack + 2, maxLocals);
        return;
      }
      // The catch-all, after the method's own code: at any instruction of the method, the only
      // local it reads is the new one, so every other is TOP.
      super.visitLabel(handler);
      if (frames) {
        Object[] locals = new Object[entered + 1];
        java.util.Arrays.fill(locals, Opcodes.TOP);
        locals[entered] = "java/lang/Object";
        super.visitFrame(
            Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
      }
      exit();
      super.visitInsn(Opcodes.ATHROW);
      super.visitTryCatchBlock(start, handler, handler, null);
      // two more on the stack: the hook and its argument, atop a return value or a throwable
      super.visitMaxs(Math.max(maxStack + 2, 3), entered + 1);
    }

    private void exit() {
      super.visitFieldInsn(
          Opcodes.GETSTATIC, plan.entry.slots(), HookSlots.EXIT, "L" + CONSUMER + ";");
      super.visitVarInsn(Opcodes.ALOAD, entered);
      accept();
    }

    private void accept() {
      super.visitMethodInsn(
          Opcodes.INVOKEINTERFACE, CONSUMER, "accept", "(Ljava/lang/Object;)V", true);
    }
  }

  /** Each {@code Runnable.run()} call becomes a call of the slot class's wrapper. */
  private static final class RunnableCalls extends MethodVisitor {
    private final Weave.Switch change;

    RunnableCalls(MethodVisitor next, Weave.Switch change) {
      super(Opcodes.ASM9, next);
      this.change = change;
    }

    @Override
    public void visitMethodInsn(
        int opcode, String owner, String name, String descriptor, boolean isInterface) {
      if (isRunnableRun(opcode, owner, name, descriptor)) {
        super.visitMethodInsn(
            Opcodes.INVOKESTATIC,
            change.slots(),
            HookSlots.run(change.hook()),
            "(L" + RUNNABLE + ";)V",
            false);
      } else {
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
      }
    }
  }

  private static boolean isRunnableRun(int opcode, String owner, String name, String descriptor) {
    return opcode == Opcodes.INVOKEINTERFACE
        && owner.equals(RUNNABLE)
        && name.equals("run")
        && descriptor.equals("()V");
  }

  private static boolean isReference(String descriptor) {
    return descriptor.startsWith("L") || descriptor.startsWith("[");
  }
}
