/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.internal.TaskNames;
import java.lang.ref.WeakReference;

/**
 * The name of an episode's task, shared by the episode's events so that they all name it alike. A
 * thread's name is taken at once (no user code). A task's {@code toString()} is user code: it is
 * called off the monitor thread, by the first reporter lane that admits the episode's first event
 * (the task still runs then, so it is alive) or by whoever asks first; once the task has been
 * collected unasked, its type's name stands. The task is held weakly: an event a listener keeps
 * must not keep the application's tasks alive.
 */
final class TaskName {
  private final WeakReference<Object> task;
  private final String type;
  /*
   * Racy single-check: a String is immutable, so any thread sees a whole name or null, and a race
   * only computes it twice (toString() of one live task, which a task is expected to keep stable).
   */
  private String name;

  TaskName(Object task) {
    this.type = TaskNames.describeType(task);
    if (task instanceof Thread) {
      this.name = TaskNames.describe(task);
      this.task = null;
    } else {
      this.task = new WeakReference<>(task);
    }
  }

  String get() {
    String known = name;
    if (known == null) {
      Object alive = task.get();
      known = alive != null ? TaskNames.describe(alive) : type;
      name = known;
    }
    return known;
  }
}
