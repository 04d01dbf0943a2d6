/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Where threads were started and watched tasks submitted ({@code UNCLOG_SPAWN_STACKS}, gevent's
 * "Spawned at"): the starting or submitting thread's stack, at most {@value #DEPTH} frames from the
 * caller of {@code Thread.start} or {@code submit} outward.
 *
 * <p>It cannot leak what it describes: entries are weakly keyed by identity (never calling an
 * application's {@code hashCode} or {@code equals}), so a site goes when its thread or task is
 * collected, and cleared keys are dropped at the next record. Equal sites are shared, up to {@value
 * #MAX_DISTINCT} distinct ones (under 1 MB), so a hundred thousand threads started from one place
 * cost one small entry each, not one stack (about 1 KB) each.
 *
 * <p>Recording is called from inside {@code Thread.start} when the agent weaves it: it starts no
 * thread, takes no lock beyond the concurrent maps' own, calls no application code, and uses no
 * lambda (the agent runs it once before weaving, so nothing loads inside a start). It therefore
 * cannot re-enter itself.
 */
public final class SpawnSites {
  static final int DEPTH = 16;
  static final int MAX_DISTINCT = 1024;
  static final int DRAIN_PER_RECORD = 4;

  /*
   * Volatile: set once when the global monitor reads its settings, possibly after executors
   * were wrapped; read once per task submission (a plain load on x86).
   */
  private static volatile boolean enabled;

  private static final ConcurrentHashMap<Key, List<StackTraceElement>> SITES =
      new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<List<StackTraceElement>, List<StackTraceElement>>
      DISTINCT = new ConcurrentHashMap<>();
  private static final ReferenceQueue<Object> CLEARED = new ReferenceQueue<>();
  private static final StackWalker WALKER = StackWalker.getInstance();
  private static final Walk WALK = new Walk();

  private SpawnSites() {}

  /** Turns recording on for the rest of the process's life. */
  public static void enable() {
    enabled = true;
  }

  /** Whether sites are recorded. */
  public static boolean enabled() {
    return enabled;
  }

  /**
   * Records where {@code thread} is being started, from inside its start method. A thread keeps its
   * first site: a second {@code start()} (which throws) does not overwrite it.
   */
  public static void recordThread(Thread thread) {
    record(thread, false);
  }

  /** Records where {@code task} is being submitted; a task submitted again gets the new site. */
  public static void recordTask(Object task) {
    record(task, true);
  }

  private static void record(Object key, boolean replace) {
    // A few cleared entries per record, never all: after a collection clears a million keys,
    // the next submit (perhaps on an event loop) must not remove them all before it returns.
    // Records outnumber clearings, so the queue still drains.
    Reference<?> cleared;
    for (int i = 0; i < DRAIN_PER_RECORD && (cleared = CLEARED.poll()) != null; i++) {
      SITES.remove(cleared);
    }
    List<StackTraceElement> site = WALKER.walk(WALK);
    List<StackTraceElement> shared = DISTINCT.get(site);
    if (shared != null) {
      site = shared;
    } else if (DISTINCT.size() < MAX_DISTINCT) { // racy bound: a few over is harmless
      DISTINCT.putIfAbsent(site, site);
    }
    Key weak = new Key(key, CLEARED);
    if (replace) {
      SITES.put(weak, site);
    } else {
      SITES.putIfAbsent(weak, site);
    }
  }

  /** Where {@code key} (a thread or a task) was started or submitted; empty if not known. */
  public static List<StackTraceElement> of(Object key) {
    if (key == null || SITES.isEmpty()) {
      return List.of();
    }
    List<StackTraceElement> site = SITES.get(new Key(key, null));
    return site != null ? site : List.of();
  }

  /** The sites of all live recorded threads by thread id, for one report. */
  static Map<Long, List<StackTraceElement>> byThreadId() {
    Map<Long, List<StackTraceElement>> sites = new HashMap<>();
    for (Map.Entry<Key, List<StackTraceElement>> entry : SITES.entrySet()) {
      if (entry.getKey().get() instanceof Thread thread) {
        sites.put(thread.threadId(), entry.getValue());
      }
    }
    return sites;
  }

  /** Leading frames that are the start or submit machinery itself, not the caller. */
  static boolean isMachinery(String className) {
    return className.startsWith("dev.unclog.internal.")
        || className.startsWith("dev.unclog.agent.internal.")
        || className.startsWith("dev.unclog.Watched")
        || className.startsWith("java.lang.Thread") // Thread, ThreadBuilders
        || className.equals("java.lang.VirtualThread");
  }

  /* A class, not a lambda: it runs inside Thread.start, where nothing may load. */
  private static final class Walk
      implements Function<Stream<StackWalker.StackFrame>, List<StackTraceElement>> {
    @Override
    public List<StackTraceElement> apply(Stream<StackWalker.StackFrame> frames) {
      StackTraceElement[] site = new StackTraceElement[DEPTH];
      int count = 0;
      boolean caller = false;
      for (Iterator<StackWalker.StackFrame> it = frames.iterator();
          it.hasNext() && count < DEPTH; ) {
        StackWalker.StackFrame frame = it.next();
        caller = caller || !isMachinery(frame.getClassName());
        if (caller) {
          site[count++] = frame.toStackTraceElement();
        }
      }
      return List.of(Arrays.copyOf(site, count));
    }
  }

  /** A weak identity key: equal only to a key of the same live object. */
  private static final class Key extends WeakReference<Object> {
    private final int hash;

    Key(Object referent, ReferenceQueue<Object> queue) {
      super(referent, queue);
      hash = System.identityHashCode(referent);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (other == this) {
        return true;
      }
      if (!(other instanceof Key key) || key.hash != hash) {
        return false;
      }
      Object referent = key.get();
      return referent != null && refersTo(referent);
    }
  }
}
