/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

/**
 * Names the task of a report. This may call the task's own {@code toString()}: application
 * code, so it runs on the reporter thread or a listener's caller, never on the monitor thread.
 */
public final class TaskNames {
  static final int MAX_LENGTH = 200;

  private TaskNames() {}

  /**
   * The task's {@code toString()} if its class defines one (cut to 200 characters), else its
   * class name, with the address part of a lambda's hidden-class name dropped.
   */
  public static String describe(Object task) {
    if (task == null) {
      return "unknown task";
    }
    if (task instanceof Thread thread) {
      return (thread.isVirtual() ? "virtual thread " : "thread ") + quote(thread.getName())
          + " #" + thread.threadId();
    }
    Class<?> type = task.getClass();
    try {
      if (type.getMethod("toString").getDeclaringClass() != Object.class) {
        String text = String.valueOf(task.toString());
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "..." : text;
      }
    } catch (Throwable t) {
      // a throwing toString names nothing; fall back to the class
    }
    String name = type.getName();
    int hidden = name.indexOf("/0x");
    return hidden >= 0 ? name.substring(0, hidden) : name;
  }

  private static String quote(String name) {
    return '"' + name + '"';
  }
}
