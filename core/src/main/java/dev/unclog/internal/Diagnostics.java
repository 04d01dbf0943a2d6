/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * unclog's own one-line messages to the user: a bad setting, a part that is off, a failure that
 * detection survives. Each is one line prefixed {@code unclog: }, and writing one never throws.
 * (The agent's Java 8 entry class writes its few lines itself: it may run on a JVM too old to load
 * this class.)
 */
public final class Diagnostics {
  /** What every line starts with. */
  public static final String PREFIX = "unclog: ";

  private Diagnostics() {}

  /** Prints one line on stderr; false if it could not (stderr broken, or no memory). */
  public static boolean line(String line) {
    return line(System.err, line);
  }

  /** Prints one line on {@code out}; false if it could not (out broken, or no memory). */
  public static boolean line(PrintStream out, String line) {
    try {
      out.println(PREFIX + line);
      return true;
    } catch (Throwable t) {
      return false;
    }
  }

  /**
   * Lines printed on {@code out}, for APIs that take a consumer: a class, not a lambda, which would
   * spin a class at every start.
   */
  public static Consumer<String> to(PrintStream out) {
    return new Consumer<>() {
      @Override
      public void accept(String text) {
        line(out, text);
      }
    };
  }

  /** Remembers which things were said, so that each is said once. Thread-safe. */
  public static final class Once {
    private final Set<String> said = ConcurrentHashMap.newKeySet();

    /** True the first time {@code key} comes, false after. */
    public boolean first(String key) {
      return said.add(key);
    }

    /** Whether {@code key} came already: a cheap look before building a line. */
    public boolean already(String key) {
      return said.contains(key);
    }
  }
}
