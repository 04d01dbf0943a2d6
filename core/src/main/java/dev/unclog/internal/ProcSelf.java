/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;

/**
 * What Linux says of this process in {@code /proc/self}: its id and when it started. Read with
 * {@code java.io}, one small file each, so that the monitor needs neither {@code ProcessHandle}
 * (whose first use starts a reaper pool) nor the runtime management bean for them. Elsewhere each
 * returns -1, and the callers use the JDK's ways.
 */
public final class ProcSelf {
  /* The kernel's clock tick, USER_HZ: 100 per second on every Linux the JDK runs on. */
  private static final long MILLIS_PER_TICK = 10;
  /* "pid (comm) state ..." of at most a few hundred bytes; comm is at most 16 characters. */
  private static final int MAX_BYTES = 1024;

  private ProcSelf() {}

  /** This process's id, from the {@code /proc/self} link, or -1. */
  public static long pid() {
    try {
      String path = new File("/proc/self").getCanonicalPath();
      return Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
    } catch (Throwable t) { // not Linux, no /proc, or a SecurityManager
      return -1;
    }
  }

  /** When this process started, in milliseconds since the epoch (to about a second), or -1. */
  public static long startMillis() {
    long[] started = statFields(22);
    long boot = bootSeconds();
    return started != null && boot > 0 ? boot * 1000 + started[0] * MILLIS_PER_TICK : -1;
  }

  /*
   * Fields of /proc/self/stat by their 1-based number in proc(5), all numbers; null if it cannot
   * be read. The command name (field 2) may hold spaces and parentheses, so fields are counted
   * from the last ')'.
   */
  static long[] statFields(int... numbers) {
    String text = read("/proc/self/stat");
    return text != null ? fields(text, numbers) : null;
  }

  /** Parses the fields of a stat line; package-private for tests. */
  static long[] fields(String stat, int... numbers) {
    int at = stat.lastIndexOf(')');
    if (at < 0) {
      return null;
    }
    long[] values = new long[numbers.length];
    int field = 2; // the ')' closes field 2
    int i = at + 1;
    int length = stat.length();
    while (i < length) {
      while (i < length && stat.charAt(i) == ' ') {
        i++;
      }
      int start = i;
      while (i < length && stat.charAt(i) != ' ' && stat.charAt(i) != '\n') {
        i++;
      }
      if (i == start) {
        break;
      }
      field++;
      for (int n = 0; n < numbers.length; n++) {
        if (numbers[n] == field) {
          long value = 0;
          for (int c = start; c < i; c++) {
            char digit = stat.charAt(c);
            if (digit < '0' || digit > '9' || c - start > 18) {
              return null;
            }
            value = value * 10 + (digit - '0');
          }
          values[n] = value;
        }
      }
    }
    for (int number : numbers) {
      if (number > field) {
        return null; // a line cut short
      }
    }
    return values;
  }

  /* The "btime" line of /proc/stat: when the machine booted, in seconds since the epoch. */
  private static long bootSeconds() {
    String text = read("/proc/stat");
    if (text == null) {
      return -1;
    }
    int at = text.indexOf("\nbtime ");
    if (at < 0) {
      return -1;
    }
    long value = 0;
    for (int i = at + 7; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
      value = value * 10 + (text.charAt(i) - '0');
    }
    return value;
  }

  private static String read(String path) {
    try (RandomAccessFile file = new RandomAccessFile(path, "r")) {
      // /proc/stat grows with the CPUs: read it whole, in steps; /proc/self/stat is one short line
      byte[] bytes = new byte[MAX_BYTES];
      int length = 0;
      for (int n; (n = file.read(bytes, length, bytes.length - length)) > 0; ) {
        length += n;
        if (length == bytes.length) {
          if (bytes.length >= 1 << 20) {
            break; // no /proc file of these is a megabyte: stop reading
          }
          bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
        }
      }
      return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
