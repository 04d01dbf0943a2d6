/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import java.util.List;

/** What a blocked stack says about its cause: the culprit frame and a fingerprint of the place. */
public final class Frames {
  /* Frames from the culprit outward that make a place: enough to tell two callers of one
   * blocking helper apart, few enough that recursion depth or a lambda's frame count further
   * out does not split one place into many. */
  static final int FINGERPRINT_FRAMES = 8;

  private Frames() {}

  /**
   * The innermost frame outside the JDK (the code that called into the blocking JDK method),
   * or the innermost frame if all are the JDK's; null for an empty stack.
   */
  public static StackTraceElement culprit(List<StackTraceElement> stack) {
    for (StackTraceElement frame : stack) {
      if (!isJdk(frame.getClassName())) {
        return frame;
      }
    }
    return stack.isEmpty() ? null : stack.get(0);
  }

  /** Whether a class (or a method qualified by its class) is in one of the JDK's packages. */
  public static boolean isJdk(String type) {
    return type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.")
        || type.startsWith("sun.") || type.startsWith("com.sun.");
  }

  /**
   * Sixteen hex digits naming where a hub blocked: a 64-bit FNV-1a hash of the hub's kind and
   * up to {@value #FINGERPRINT_FRAMES} frames from the culprit outward (the JDK frames inside
   * it vary with the JDK and with where a sleep or a read happens to be, not with the cause).
   * Stable across runs and JVMs, so a report file's episodes can be grouped later. Without a
   * stack, the hub and the task's type stand for the place: two unknown places on one hub are
   * one, on two hubs two.
   */
  public static String fingerprint(String hubKind, String hub, List<StackTraceElement> stack,
      String task) {
    long hash = 0xcbf29ce484222325L;
    hash = mix(hash, hubKind);
    StackTraceElement culprit = culprit(stack);
    if (culprit == null) {
      hash = mix(hash, hub);
      hash = mix(hash, task);
    } else {
      int from = stack.indexOf(culprit);
      for (int i = from; i < stack.size() && i < from + FINGERPRINT_FRAMES; i++) {
        StackTraceElement frame = stack.get(i);
        hash = mix(hash, frame.getClassName());
        hash = mix(hash, frame.getMethodName());
        hash = mix(hash, Integer.toString(frame.getLineNumber()));
      }
    }
    return String.format("%016x", hash);
  }

  private static long mix(long hash, String text) {
    for (int i = 0; i < text.length(); i++) {
      hash = (hash ^ text.charAt(i)) * 0x100000001b3L;
    }
    return (hash ^ 0xff) * 0x100000001b3L; // a separator, so "ab"+"c" differs from "a"+"bc"
  }
}
