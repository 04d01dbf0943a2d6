/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The JVM's own accounting of class loading and safepoints, read from its performance counters: the
 * memory the JVM shares in {@code <tmp>/hsperfdata_<user>/<pid>} (HotSpot, on unless {@code
 * -XX:-UsePerfData}), mapped read-only once and then read with plain loads, a few nanoseconds each.
 * These are the counters {@code jcmd PerfCounter.print} shows:
 *
 * <ul>
 *   <li>{@code sun.cls.time}: time spent loading, linking, verifying and initialising classes, each
 *       phase counted without the phases nested in it, summed over threads;
 *   <li>{@code sun.cls.classInitTime.self}: the part of it spent running static initializers, the
 *       application's code among them: subtracted, so that what remains is the JVM's own work,
 *       never a {@code <clinit>} that sleeps or computes;
 *   <li>{@code java.cls.loadedClasses}, {@code sun.cls.linkedClasses}, {@code
 *       sun.cls.initializedClasses}: how many so far;
 *   <li>{@code sun.rt.safepointTime}: time every Java thread was stopped at a safepoint.
 * </ul>
 *
 * A phase's time is added when it ends, so a long one shows late. Process-wide, not per thread: the
 * cause policy pairs them with each thread's own evidence.
 */
public final class JvmCounters {
  private static final int MAGIC = 0xcafec0c0;
  private final ByteBuffer data;
  private final int time;
  private final int initSelf;
  private final int safepoints;
  private final int[] counts;
  /* The JVM's clock ticks per second: 10^9 on Linux. */
  private final double nanosPerTick;

  private JvmCounters(
      ByteBuffer data, int time, int initSelf, int safepoints, int[] counts, long frequency) {
    this.data = data;
    this.time = time;
    this.initSelf = initSelf;
    this.safepoints = safepoints;
    this.counts = counts;
    this.nanosPerTick = frequency > 0 ? 1e9 / frequency : 1;
  }

  /** This JVM's counters, or null where it shares none (another JVM, or perf data off). */
  public static JvmCounters ofThisJvm() {
    try {
      String pid = Long.toString(ProcessHandle.current().pid());
      Path tmp = Path.of("/tmp");
      Path file = tmp.resolve("hsperfdata_" + System.getProperty("user.name")).resolve(pid);
      if (!Files.isRegularFile(file)) {
        return null;
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        // the process's start, not the runtime bean's: no management beans to load for it
        java.util.Optional<java.time.Instant> start = ProcessHandle.current().info().startInstant();
        long started = start.isPresent() ? start.get().toEpochMilli() : 0;
        return parse(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()), started);
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Finds the counters in a perf-data buffer (format 2), or null if it is not one or belongs to a
   * JVM that did not start at {@code startedAt} (epoch milliseconds; 0 to take any).
   */
  static JvmCounters parse(ByteBuffer buffer, long startedAt) {
    ByteBuffer data = buffer.duplicate().order(ByteOrder.BIG_ENDIAN);
    if (data.limit() < 32 || data.getInt(0) != MAGIC || data.get(5) != 2) {
      return null;
    }
    data.order(data.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    int entry = data.getInt(24);
    int entries = data.getInt(28);
    int time = -1;
    int initSelf = -1;
    int safepoints = -1;
    int[] counts = {-1, -1, -1};
    long frequency = 0;
    long began = -1;
    long limit = data.limit();
    for (int n = 0; n < entries && entry > 0 && entry + 20L <= limit; n++) {
      int length = data.getInt(entry);
      if (length < 20 || entry + (long) length > limit) {
        break; // not an entry: stop, keeping what was found
      }
      long nameAt = entry + (long) data.getInt(entry + 4);
      int vector = data.getInt(entry + 8);
      byte type = data.get(entry + 12);
      long valueAt = entry + (long) data.getInt(entry + 16);
      boolean inEntry =
          nameAt >= entry + 20L
              && nameAt < entry + (long) length
              && valueAt >= entry + 20L
              && valueAt + 8 <= entry + (long) length;
      if (inEntry && type == 'J' && vector == 0 && wanted(data, (int) nameAt)) {
        switch (name(data, (int) nameAt, entry + length)) {
          case "sun.cls.time" -> time = (int) valueAt;
          case "sun.cls.classInitTime.self" -> initSelf = (int) valueAt;
          case "java.cls.loadedClasses" -> counts[0] = (int) valueAt;
          case "sun.cls.linkedClasses" -> counts[1] = (int) valueAt;
          case "sun.cls.initializedClasses" -> counts[2] = (int) valueAt;
          case "sun.rt.safepointTime" -> safepoints = (int) valueAt;
          case "sun.os.hrt.frequency" -> frequency = data.getLong((int) valueAt);
          case "sun.rt.createVmBeginTime" -> began = data.getLong((int) valueAt);
          default -> {}
        }
      }
      entry += length;
    }
    if (time < 0
        || initSelf < 0
        || (startedAt > 0 && began > 0 && Math.abs(began - startedAt) > 60_000)) {
      return null; // not the counters, or another JVM's (two processes with one pid, one /tmp)
    }
    return new JvmCounters(data, time, initSelf, safepoints, counts, frequency);
  }

  /*
   * Whether a name may be one of those above, by its first bytes ("sun.cls", "sun.rt.", "sun.os.",
   * "java.cls"): the JVM has hundreds of counters, and making a string of each name costs the
   * monitor's start about 10 ms in the interpreter.
   */
  private static boolean wanted(ByteBuffer data, int at) {
    if (at + 8 > data.limit()) {
      return false;
    }
    byte first = data.get(at);
    if (first == 'j') {
      return data.get(at + 5) == 'c'; // java.cls.*
    }
    return first == 's'
        && data.get(at + 3) == '.'
        && (data.get(at + 4) == 'c' && data.get(at + 5) == 'l' // sun.cls.*
            || data.get(at + 4) == 'r' && data.get(at + 5) == 't' // sun.rt.*
            || data.get(at + 4) == 'o' && data.get(at + 5) == 's'); // sun.os.*
  }

  private static String name(ByteBuffer data, int from, int limit) {
    int end = from;
    while (end < limit && end < data.limit() && data.get(end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end - from];
    data.get(from, bytes);
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  /**
   * The JVM's own class-loading work so far (loading, linking, verifying, initialising its data
   * structures; not the static initializers' code), in nanoseconds.
   */
  public long classLoadingNanos() {
    return nanos(data.getLong(time) - data.getLong(initSelf));
  }

  /** Time at safepoints so far, in nanoseconds, or -1 if this JVM does not count it. */
  public long safepointNanos() {
    if (safepoints < 0) {
      return -1;
    }
    return nanos(data.getLong(safepoints));
  }

  private long nanos(long ticks) {
    return nanosPerTick == 1 ? ticks : (long) (ticks * nanosPerTick);
  }

  /** Classes loaded, linked and initialised so far, added up: it moves with any of them. */
  public long classEvents() {
    long total = 0;
    for (int at : counts) {
      if (at >= 0) {
        total += data.getLong(at);
      }
    }
    return total;
  }
}
