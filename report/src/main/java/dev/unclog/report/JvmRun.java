/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Which JVM run an event comes from: its {@code host}, {@code pid} and {@code run}, each null where
 * the line does not say. Lines written before unclog named their run have none, and so are all one
 * unnamed run: their ids ({@code <pid>-<n>}) could tell processes apart, but not two runs that
 * reused a pid.
 */
record JvmRun(String host, Long pid, String run) {
  /** {@code run 3f9c2a71b04e, pid 5457 on web-7}, or as much of it as the file says. */
  String label() {
    List<String> parts = new ArrayList<>(2);
    if (run != null) {
      parts.add("run " + run);
    }
    if (pid != null) {
      parts.add("pid " + pid);
    }
    String label = String.join(", ", parts) + (host == null ? "" : " on " + host);
    return label.isBlank() ? "unnamed run (lines without host, pid and run)" : label.strip();
  }

  /** The table's short name for it: the run's id, else what else the file says. */
  String shortLabel() {
    if (run != null) {
      return run;
    }
    return pid != null ? "pid " + pid : host != null ? host : "unnamed";
  }
}
