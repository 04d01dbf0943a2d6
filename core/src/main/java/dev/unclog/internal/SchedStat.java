/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;

/**
 * The Linux kernel's accounting of one OS thread: {@code /proc/self/task/<tid>/schedstat} holds the
 * nanoseconds it ran on a CPU and the nanoseconds it waited in a run queue, runnable but not
 * running. The second is what tells a thread starved of CPU from one that blocks.
 *
 * <p>A Java thread's OS id is known only to that thread ({@code /proc/thread-self}), so {@link
 * #currentTid()} is called on the hub's own thread when it registers; the monitor thread then reads
 * the file by id. Neither call throws; -1 means "not known".
 */
public final class SchedStat {
  /* Two or three decimal numbers of at most 20 digits each. */
  private static final int MAX_BYTES = 96;

  /* Monitor thread only: one buffer for every read. */
  private final byte[] bytes = new byte[MAX_BYTES];

  /**
   * The calling thread's OS thread id, or -1 where the kernel does not say (not Linux, {@code
   * /proc} hidden). A few microseconds: one readlink.
   */
  public static long currentTid() {
    try {
      // java.io resolves the link itself ("/proc/<pid>/task/<tid>"), with no file system
      // provider (which can be the application's) in between
      String path = new File("/proc/thread-self").getCanonicalPath();
      return Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
    } catch (Throwable t) { // not Linux, no /proc, or a SecurityManager: not known
      return -1;
    }
  }

  /**
   * Whether this machine has per-thread accounting at all: the calling thread's file is there and
   * counts its time on a CPU (some kernels without schedstats write zeros).
   */
  public boolean available() {
    long tid = currentTid();
    long[] times = new long[2];
    return tid > 0 && read(tid, times) && times[0] > 0;
  }

  /**
   * Reads thread {@code tid}'s time on CPU into {@code into[0]} and in the run queue into {@code
   * into[1]} (nanoseconds since it started). Returns false, leaving {@code into} as it was, if the
   * thread is gone or the file cannot be read. Monitor thread only.
   */
  public boolean read(long tid, long[] into) {
    if (tid <= 0) {
      return false;
    }
    try (RandomAccessFile file =
        new RandomAccessFile("/proc/self/task/" + tid + "/schedstat", "r")) {
      int length = 0;
      for (int n;
          length < bytes.length && (n = file.read(bytes, length, bytes.length - length)) > 0; ) {
        length += n;
      }
      return parse(bytes, length, into);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Parses "oncpu runqueue timeslices": the first two numbers. Package-private for tests. */
  static boolean parse(byte[] text, int length, long[] into) {
    int end = number(text, 0, length);
    if (end < 0) {
      return false;
    }
    int end2 = number(text, end, length);
    if (end2 < 0) {
      return false;
    }
    into[0] = value(text, end, length, 0);
    into[1] = value(text, end2, length, end);
    return true;
  }

  /** Where the decimal number after {@code from} (past spaces) ends, or -1 if there is none. */
  private static int number(byte[] text, int from, int length) {
    int i = from;
    while (i < length && text[i] == ' ') {
      i++;
    }
    int start = i;
    while (i < length && text[i] >= '0' && text[i] <= '9' && i - start < 19) {
      i++;
    }
    return i > start ? i : -1;
  }

  private static long value(byte[] text, int end, int length, int from) {
    int i = from;
    while (text[i] == ' ') {
      i++;
    }
    long value = 0;
    for (; i < end; i++) {
      value = value * 10 + (text[i] - '0');
    }
    return value;
  }
}
