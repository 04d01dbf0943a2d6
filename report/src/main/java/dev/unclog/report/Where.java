/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

/**
 * Where an event or an episode happened: the JVM run, the hub's kind and name and the task it ran,
 * each "unknown ..." when the file does not say.
 */
record Where(JvmRun jvmRun, String hubKind, String hub, String task) {
  /** What has a Where: its parts, read through it. */
  interface Located {
    Where where();

    default JvmRun jvmRun() {
      return where().jvmRun();
    }

    default String hubKind() {
      return where().hubKind();
    }

    default String hub() {
      return where().hub();
    }

    default String task() {
      return where().task();
    }
  }
}
