/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The JVM's own accounting of class loading and safepoints, read from its performance counters: the
 * memory the JVM shares in {@code <tmp>/hsperfdata_<user>/<pid>} (HotSpot, on unless {@code
 * -XX:-UsePerfData}), found once in a copy of the file and then read in the file itself, one
 * counter per read of 8 bytes (a microsecond or two). Not mapped: mapping a file makes the JDK's
 * first reflective constructor call, which spins about thirty classes at a JVM's start, and the
 * file is the JVM's shared memory, so a read sees what a load would. These are the counters {@code
 * jcmd PerfCounter.print} shows:
 *
 * <ul>
 *   <li>{@code sun.cls.time}: time spent loading, linking, verifying and initialising classes, each
 *       phase counted without the phases nested in it, summed over threads;
 *   <li>{@code sun.cls.classInitTime.self}: the part of it spent running static initializers, the
 *       application's code among them: subtracted, so that what remains is the JVM's own work,
 *       never a {@code <clinit>} that sleeps or computes;
 *   <li>{@code java.cls.loadedClasses}, {@code sun.cls.linkedClasses}, {@code
 *       sun.cls.initializedClasses}: how many so far, and {@code sun.ci.totalCompiles}, the JIT's
 *       compilations;
 *   <li>{@code sun.rt.safepointTime}: time every Java thread was stopped at a safepoint;
 *   <li>{@code sun.gc.collector.<n>.time}: each collector's stop-the-world pauses (named "G1 young
 *       collection pauses", "ZGC major collection pauses" and so on), at the clock's resolution.
 * </ul>
 *
 * A phase's time is added when it ends, so a long one shows late. Process-wide, not per thread: the
 * cause policy pairs them with each thread's own evidence.
 */
public final class JvmCounters {
  private static final int MAGIC = 0xcafec0c0;
  private static final int MAX_COLLECTORS = 8;
  private static final String COLLECTOR = "sun.gc.collector.";
  /* Where counters are read: the file (null in tests, which parse a copy), else the copy. One
   * thread at a time (the monitor's): the file's position and the buffer are shared. */
  private RandomAccessFile file;
  private final ByteBuffer data;
  private final byte[] eight = new byte[8];
  private final int time;
  private final int initSelf;
  private final int safepoints;
  private final int[] counts;
  private final int[] collectors;
  /* The JVM's clock ticks per second: 10^9 on Linux. */
  private final double nanosPerTick;

  private JvmCounters(
      ByteBuffer data,
      int time,
      int initSelf,
      int safepoints,
      int[] counts,
      int[] collectors,
      long frequency) {
    this.data = data;
    this.time = time;
    this.initSelf = initSelf;
    this.safepoints = safepoints;
    this.counts = counts;
    this.collectors = collectors;
    this.nanosPerTick = frequency > 0 ? 1e9 / frequency : 1;
  }

  /** This JVM's counters, or null where it shares none (another JVM, or perf data off). */
  public static JvmCounters ofThisJvm() {
    RandomAccessFile file = null;
    try {
      long pid = Origin.pid();
      long started = ProcSelf.startMillis();
      if (started <= 0) {
        java.util.Optional<java.time.Instant> start = ProcessHandle.current().info().startInstant();
        started = start.isPresent() ? start.get().toEpochMilli() : 0;
      }
      File path =
          new File("/tmp/hsperfdata_" + System.getProperty("user.name"), Long.toString(pid));
      if (!path.isFile()) {
        return null;
      }
      file = new RandomAccessFile(path, "r");
      long length = file.length();
      if (length < 32 || length > 1 << 24) {
        file.close();
        return null;
      }
      byte[] copy = new byte[(int) length];
      file.readFully(copy);
      JvmCounters counters = parse(ByteBuffer.wrap(copy), started);
      if (counters == null) {
        file.close();
        return null;
      }
      counters.file = file;
      return counters;
    } catch (IOException | RuntimeException e) {
      try {
        if (file != null) {
          file.close();
        }
      } catch (IOException ignored) {
        // nothing to do
      }
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
    int[] counts = {-1, -1, -1, -1};
    // each collector's time counter and name, by its prefix ("sun.gc.collector.0.")
    Map<String, Integer> collectorTimes = new java.util.HashMap<>();
    Map<String, String> collectorNames = new java.util.HashMap<>();
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
      if (inEntry
          && type == 'B'
          && vector > 0
          && valueAt + vector <= entry + (long) length
          && wanted(data, (int) nameAt)) {
        String name = name(data, (int) nameAt, entry + length);
        if (name.startsWith(COLLECTOR) && name.endsWith(".name")) {
          collectorNames.put(
              name.substring(0, name.length() - 4),
              name(data, (int) valueAt, (int) (valueAt + vector)));
        }
      }
      if (inEntry && type == 'J' && vector == 0 && wanted(data, (int) nameAt)) {
        String name = name(data, (int) nameAt, entry + length);
        if (name.startsWith(COLLECTOR) && name.endsWith(".time")) {
          collectorTimes.put(name.substring(0, name.length() - 4), (int) valueAt);
        }
        switch (name) {
          case "sun.cls.time" -> time = (int) valueAt;
          case "sun.cls.classInitTime.self" -> initSelf = (int) valueAt;
          case "java.cls.loadedClasses" -> counts[0] = (int) valueAt;
          case "sun.cls.linkedClasses" -> counts[1] = (int) valueAt;
          case "sun.cls.initializedClasses" -> counts[2] = (int) valueAt;
          case "sun.ci.totalCompiles" -> counts[3] = (int) valueAt;
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
    return new JvmCounters(
        data,
        time,
        initSelf,
        safepoints,
        counts,
        pauses(collectorTimes, collectorNames),
        frequency);
  }

  /*
   * The time counters of collectors that count stop-the-world pauses only: HotSpot names them so
   * ("G1 young collection pauses", "ZGC major collection pauses", "Serial full collection
   * pauses"). Shenandoah's ("Shenandoah partial", "Shenandoah full") also time its concurrent
   * cycles, which the application runs through: with any such collector, or one unnamed, none is
   * taken, and the management beans tell the pauses instead.
   */
  private static int[] pauses(Map<String, Integer> times, Map<String, String> names) {
    if (times.isEmpty() || times.size() > MAX_COLLECTORS) {
      return new int[0];
    }
    int[] pausing = new int[times.size()];
    int n = 0;
    for (Map.Entry<String, Integer> collector : times.entrySet()) {
      String name = names.get(collector.getKey());
      if (name == null || !name.contains("pauses")) {
        return new int[0];
      }
      pausing[n++] = collector.getValue();
    }
    return pausing;
  }

  /*
   * Whether a name may be one of those above, by its first bytes ("sun.cls", "sun.rt.", "sun.os.",
   * "sun.gc.co", "java.cls"): the JVM has hundreds of counters, and making a string of each name
   * costs the monitor's start about 10 ms in the interpreter.
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
            || data.get(at + 4) == 'o' && data.get(at + 5) == 's' // sun.os.*
            || data.get(at + 4) == 'c' && data.get(at + 5) == 'i' // sun.ci.*
            || data.get(at + 4) == 'g' // sun.gc.collector.*
                && data.get(at + 5) == 'c'
                && data.get(at + 7) == 'c'
                && data.get(at + 8) == 'o');
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
    return nanos(load(time) - load(initSelf));
  }

  /** Time at safepoints so far, in nanoseconds, or -1 if this JVM does not count it. */
  public long safepointNanos() {
    if (safepoints < 0) {
      return -1;
    }
    return nanos(load(safepoints));
  }

  private long nanos(long ticks) {
    return nanosPerTick == 1 ? ticks : (long) (ticks * nanosPerTick);
  }

  /**
   * Classes loaded, linked and initialised so far, and methods the JIT compiled, added up: the
   * events of code running for the first time, which move with any of them. A cold path that loads
   * few classes still runs interpreted while the JIT compiles it (a server's first requests through
   * code the JVM has not run yet).
   */
  public long classEvents() {
    long total = 0;
    for (int at : counts) {
      if (at >= 0) {
        total += load(at);
      }
    }
    return total;
  }

  /** Stop-the-world GC time so far, every collector's, in nanoseconds; -1 if none is counted. */
  public long gcNanos() {
    if (collectors.length == 0) {
      return -1;
    }
    long ticks = 0;
    for (int at : collectors) {
      ticks += load(at);
    }
    return nanos(ticks);
  }

  /* One counter, now: from the file, or in tests the parsed copy. A file cut short throws. */
  private long load(int at) {
    if (file == null) {
      return data.getLong(at);
    }
    // A read copies bytes, not one aligned load as the JVM's store is: the JVM may write between
    // two of them, so a value counts when two reads in a row agree
    long value = read(at);
    for (int tries = 0; tries < 3; tries++) {
      long again = read(at);
      if (again == value) {
        break;
      }
      value = again;
    }
    return value;
  }

  private long read(int at) {
    try {
      file.seek(at);
      file.readFully(eight);
    } catch (IOException e) {
      throw new IllegalStateException("the JVM's perf data can no longer be read", e);
    }
    return data.order() == ByteOrder.BIG_ENDIAN
        ? bigEndian(eight)
        : Long.reverseBytes(bigEndian(eight));
  }

  /** Closes the file: a monitor that stops gives its descriptor back. */
  public void close() {
    try {
      if (file != null) {
        file.close();
      }
    } catch (IOException e) {
      // nothing held any more
    }
  }

  private static long bigEndian(byte[] bytes) {
    long value = 0;
    for (byte b : bytes) {
      value = value << 8 | (b & 0xFF);
    }
    return value;
  }
}
