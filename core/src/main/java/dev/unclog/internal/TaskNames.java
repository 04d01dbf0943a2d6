/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

/**
 * Names the task of a report. This may call the task's own {@code toString()}: application code, so
 * it runs on the reporter thread or a listener's caller, never on the monitor thread.
 */
public final class TaskNames {
  static final int MAX_LENGTH = 200;

  private TaskNames() {}

  /**
   * The task's {@code toString()} if its class defines one (cut to 200 characters); else, for an
   * instance of an inner class, its enclosing instance's {@code toString()} if that class defines
   * one; else its class name, with the address part of a lambda's hidden-class name dropped.
   */
  public static String describe(Object task) {
    if (task == null) {
      return "unknown task";
    }
    if (task instanceof Thread thread) {
      return (thread.isVirtual() ? "virtual thread " : "thread ")
          + quote(thread.getName())
          + " #"
          + thread.threadId();
    }
    Class<?> type = task.getClass();
    try {
      if (type.getMethod("toString").getDeclaringClass() != Object.class) {
        String text = String.valueOf(task.toString());
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "..." : text;
      }
      Object outer = outerInstance(task);
      if (outer != null
          && outer.getClass().getMethod("toString").getDeclaringClass() != Object.class) {
        return describe(outer); // a Netty channel's unsafe is named by its channel
      }
    } catch (Throwable t) {
      // a throwing toString names nothing; fall back to the class
    }
    return describeType(task);
  }

  /**
   * The task's class name, with the address part of a lambda's hidden-class name dropped, so that
   * it is the same in every run; "thread" or "virtual thread" for a thread. Runs no application
   * code: safe on the monitor thread.
   */
  public static String describeType(Object task) {
    if (task == null) {
      return "unknown task";
    }
    if (task instanceof Thread thread) {
      return thread.isVirtual() ? "virtual thread" : "thread";
    }
    String name = task.getClass().getName();
    int hidden = name.indexOf("/0x");
    return hidden >= 0 ? name.substring(0, hidden) : name;
  }

  /** The enclosing instance of an inner-class object without a toString of its own, or null. */
  private static Object outerInstance(Object task) throws ReflectiveOperationException {
    Class<?> type = task.getClass();
    if (type.getEnclosingClass() == null
        || java.lang.reflect.Modifier.isStatic(type.getModifiers())) {
      return null;
    }
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (java.lang.reflect.Field field : c.getDeclaredFields()) {
        if (field.isSynthetic()
            && field.getName().startsWith("this$")
            && field.trySetAccessible()) {
          return field.get(task);
        }
      }
    }
    return null;
  }

  private static String quote(String name) {
    return '"' + name + '"';
  }
}
