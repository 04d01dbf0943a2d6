/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import java.util.regex.Pattern;

/**
 * {@code UNCLOG_HUB_THREADS}: the names of the JDK pool workers that are hubs. The pattern is
 * matched once per thread, on that thread, as it runs its first task; so that a pattern that
 * backtracks without end cannot hang it, a match may read at most {@link #STEPS} characters of the
 * name, after which the thread is no hub and one line says why.
 *
 * <p>Memory ordering: set once by the global monitor's creation, before the agent weaves the pools
 * that read it (through a volatile field, so a late reader sees it whole).
 */
public final class HubThreads {
  /** The most characters one match may read: ample for any name and any sane pattern. */
  public static final int STEPS = 100_000;

  private static volatile Pattern pattern;
  private static final Diagnostics.Once SAID = new Diagnostics.Once();

  private HubThreads() {}

  /** Sets the pattern; the global monitor does, from the settings. */
  public static void set(Pattern names) {
    pattern = names;
  }

  /** The pattern, or null if none was given. */
  public static Pattern pattern() {
    return pattern;
  }

  /** Whether the whole of {@code name} matches the pattern, within {@link #STEPS}. */
  public static boolean matches(String name) {
    Pattern names = pattern;
    if (names == null) {
      return false;
    }
    try {
      return names.matcher(new Bounded(name)).matches();
    } catch (Bounded.TooLong e) {
      if (SAID.first(names.pattern())) {
        Diagnostics.line(
            "UNCLOG_HUB_THREADS pattern \""
                + Text.printable(names.pattern(), 80)
                + "\" read over "
                + STEPS
                + " characters matching thread \""
                + Text.printable(name, 80)
                + "\", which is not a hub; simplify the pattern");
      }
      return false;
    }
  }

  /* A name that counts its reads and stops a match that reads too many. */
  private static final class Bounded implements CharSequence {
    static final class TooLong extends RuntimeException {
      TooLong() {
        super(null, null, false, false);
      }
    }

    private final String text;
    private int reads;

    Bounded(String text) {
      this.text = text;
    }

    @Override
    public char charAt(int index) {
      if (++reads > STEPS) {
        throw new TooLong();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.substring(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
