/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import java.util.List;
import java.util.Set;

/** What a blocked stack says about its cause: the culprit frame and a fingerprint of the place. */
public final class Frames {
  /* Frames from the culprit outward that make a place: enough to tell two callers of one
   * blocking helper apart, few enough that recursion depth or a lambda's frame count further
   * out does not split one place into many. */
  static final int FINGERPRINT_FRAMES = 8;

  /**
   * Frames of a stack that leave the process: in JSON log lines, JFR events and OpenTelemetry
   * records (the JSON lines file keeps whole stacks, for the report). The rest is counted.
   */
  public static final int MAX_EXPORTED = 64;

  private Frames() {}

  /**
   * The innermost frame outside the JDK (the code that called into the blocking JDK method), or the
   * innermost frame if all are the JDK's; null for an empty stack.
   */
  public static StackTraceElement culprit(List<StackTraceElement> stack) {
    for (StackTraceElement frame : stack) {
      if (!isJdk(frame.getClassName()) && !isUnclogSwitchPoint(frame.getClassName())) {
        return frame;
      }
    }
    return stack.isEmpty() ? null : stack.get(0);
  }

  /*
   * unclog's own frames around a task (Hub.run, a watched executor's task): no culprit, and left
   * out of fingerprints, so that a place stays the same whatever unclog version ran it.
   */
  private static final Set<String> SWITCH_POINTS =
      Set.of("dev.unclog.Hub", "dev.unclog.WatchedTask", "dev.unclog.Heartbeats");

  /** Whether a frame of this class is unclog's own, around a task, rather than the task's. */
  static boolean isUnclogSwitchPoint(String type) {
    return SWITCH_POINTS.contains(type);
  }

  /** Whether a class (or a method qualified by its class) is in one of the JDK's packages. */
  public static boolean isJdk(String type) {
    return type.startsWith("java.")
        || type.startsWith("javax.")
        || type.startsWith("jdk.")
        || type.startsWith("sun.")
        || type.startsWith("com.sun.");
  }

  /**
   * Sixteen hex digits naming where a hub blocked: a 64-bit FNV-1a hash of the hub's kind and up to
   * {@value #FINGERPRINT_FRAMES} frames from the culprit outward (the JDK frames inside it vary
   * with the JDK and with where a sleep or a read happens to be, not with the cause). Stable across
   * runs and JVMs, so a report file's episodes can be grouped later. Without a stack, the hub and
   * the task's type stand for the place: two unknown places on one hub are one, on two hubs two.
   */
  public static String fingerprint(
      String hubKind, String hub, List<StackTraceElement> stack, String task) {
    StackTraceElement culprit = culprit(stack);
    return place(
        hubKind,
        hub,
        task,
        culprit == null ? null : stack.subList(stack.indexOf(culprit), stack.size()),
        true);
  }

  /**
   * Like {@link #fingerprint}, for a hub on the CPU: the place is the innermost frame outside the
   * JDK that every sample's stack shares (samples compared from the outermost frame in, by class
   * and method), and frames count by class and method only, so a hot loop is one place wherever in
   * it a sample lands. With one sample, that sample's culprit.
   */
  public static String sharedFingerprint(
      String hubKind, String hub, List<List<StackTraceElement>> samples, String task) {
    List<StackTraceElement> shortest = null;
    for (List<StackTraceElement> sample : samples) {
      if (!sample.isEmpty() && (shortest == null || sample.size() < shortest.size())) {
        shortest = sample;
      }
    }
    if (shortest == null) {
      return fingerprint(hubKind, hub, List.of(), task);
    }
    int shared = shortest.size(); // frames shared, counted from the outermost
    for (List<StackTraceElement> sample : samples) {
      if (sample.isEmpty()) {
        continue;
      }
      int n = 0;
      while (n < shared
          && sameMethod(sample.get(sample.size() - 1 - n), shortest.get(shortest.size() - 1 - n))) {
        n++;
      }
      shared = n;
    }
    List<StackTraceElement> common = shortest.subList(shortest.size() - shared, shortest.size());
    for (int i = 0; i < common.size(); i++) {
      if (!isJdk(common.get(i).getClassName())) {
        return place(hubKind, hub, task, common.subList(i, common.size()), false);
      }
    }
    return place(hubKind, hub, task, null, false);
  }

  /**
   * The 64-bit FNV-1a hash of a place: the hub's kind and up to {@value #FINGERPRINT_FRAMES} frames
   * from the culprit outward (with their line numbers or not), or, with no culprit, the hub and the
   * task's type.
   */
  private static String place(
      String hubKind, String hub, String task, List<StackTraceElement> fromCulprit, boolean lines) {
    long hash = mix(0xcbf29ce484222325L, hubKind);
    if (fromCulprit == null) {
      hash = mix(mix(hash, hub), task);
    } else {
      int hashed = 0;
      for (int i = 0; i < fromCulprit.size() && hashed < FINGERPRINT_FRAMES; i++) {
        StackTraceElement frame = fromCulprit.get(i);
        if (isUnclogSwitchPoint(frame.getClassName())) {
          continue;
        }
        hashed++;
        hash = mix(mix(hash, frame.getClassName()), frame.getMethodName());
        if (lines) {
          hash = mix(hash, Integer.toString(frame.getLineNumber()));
        }
      }
    }
    return String.format("%016x", hash);
  }

  private static boolean sameMethod(StackTraceElement a, StackTraceElement b) {
    return a.getClassName().equals(b.getClassName()) && a.getMethodName().equals(b.getMethodName());
  }

  /**
   * Whether a stack is in the JDK's class-loading machinery: among its innermost JDK frames (those
   * above the first frame outside the JDK) is a class loader, {@code Class.forName}, the linking of
   * a call site or lambda, the spinning of a class, or JFR registering an event class; or its
   * innermost frame is a static initializer the JVM or an instrumenter generated (see
   * isGeneratedInitializer). Whatever such a frame calls (reading a jar, waiting for a loader's
   * lock) is the loading; a sleep or I/O called by the application's own code is not, and neither
   * is a custom class loader's own code (it is outside the JDK, so the search stops there).
   */
  public static boolean isClassLoading(List<StackTraceElement> stack) {
    if (!stack.isEmpty() && isGeneratedInitializer(stack.get(0))) {
      return true;
    }
    for (StackTraceElement frame : stack) {
      String type = frame.getClassName();
      if (!isJdk(type)) {
        return false;
      }
      if (isLoadingMachinery(type, frame.getMethodName())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A static initializer with no line number, innermost: code the JVM or an instrumenter put there,
   * not the application's (javac gives a static block its lines). JFR's event classes are so: Netty
   * 4.2's {@code AllocateChunkEvent.<clinit>} registers the event, 125 ms to 1.2 s on a cold loop.
   */
  private static boolean isGeneratedInitializer(StackTraceElement frame) {
    return frame.getMethodName().equals("<clinit>")
        && frame.getLineNumber() < 0
        && !frame.isNativeMethod();
  }

  private static boolean isLoadingMachinery(String type, String method) {
    return type.equals("java.lang.ClassLoader")
        || type.equals("java.security.SecureClassLoader")
        || type.equals("java.net.URLClassLoader")
        || type.startsWith("jdk.internal.loader.")
        || (type.equals("java.lang.Class") && method.startsWith("forName"))
        || (type.equals("jdk.internal.misc.Unsafe") && method.startsWith("ensureClassInitialized"))
        || type.equals("java.lang.invoke.MethodHandleNatives")
        || type.startsWith("java.lang.invoke.InnerClassLambdaMetafactory")
        || type.startsWith("java.lang.invoke.LambdaMetafactory")
        || type.startsWith("java.lang.invoke.InvokerBytecodeGenerator")
        || type.startsWith("java.lang.invoke.ClassSpecializer")
        || type.startsWith("java.lang.invoke.StringConcatFactory")
        || type.startsWith("java.lang.invoke.BootstrapMethodInvoker")
        || type.startsWith("java.lang.invoke.CallSite")
        || (type.startsWith("java.lang.invoke.MethodHandles$Lookup")
            && (method.startsWith("define") || method.equals("ensureInitialized")))
        || type.startsWith("java.lang.runtime.")
        || type.startsWith("java.lang.classfile.")
        || type.startsWith("jdk.internal.classfile.")
        || type.startsWith("jdk.internal.org.objectweb.asm.")
        || type.startsWith("jdk.jfr.internal.");
  }

  /**
   * Whether a stack, in {@code state}, is waiting by its own choice: sleeping, waiting, parked,
   * blocked on a monitor, or in a native method (I/O, a system call).
   */
  public static boolean waitsInCode(List<StackTraceElement> stack, Thread.State state) {
    if (state == Thread.State.BLOCKED
        || state == Thread.State.WAITING
        || state == Thread.State.TIMED_WAITING) {
      return true;
    }
    return !stack.isEmpty() && stack.get(0).isNativeMethod();
  }

  /** Whether a stack, in {@code state}, is runnable at a Java frame: no native frame on top. */
  public static boolean runnableInJava(List<StackTraceElement> stack, Thread.State state) {
    return state == Thread.State.RUNNABLE && !stack.isEmpty() && !stack.get(0).isNativeMethod();
  }

  /** Whether a stack, in {@code state}, is runnable in a native method: a native frame on top. */
  public static boolean runnableInNative(List<StackTraceElement> stack, Thread.State state) {
    return state == Thread.State.RUNNABLE && !stack.isEmpty() && stack.get(0).isNativeMethod();
  }

  /** Whether a stack runs a static initializer: a {@code <clinit>} frame anywhere in it. */
  public static boolean inInitializer(List<StackTraceElement> stack) {
    for (StackTraceElement frame : stack) {
      if (frame.getMethodName().equals("<clinit>")) {
        return true;
      }
    }
    return false;
  }

  private static long mix(long hash, String text) {
    for (int i = 0; i < text.length(); i++) {
      hash = (hash ^ text.charAt(i)) * 0x100000001b3L;
    }
    return (hash ^ 0xff) * 0x100000001b3L; // a separator, so "ab"+"c" differs from "a"+"bc"
  }
}
