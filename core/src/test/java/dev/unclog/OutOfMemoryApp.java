/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.lang.ref.Reference;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An application run in a child JVM with a small heap: its watched executor fills the heap until
 * {@link OutOfMemoryError} and holds it while blocking {@code args[0]} ms (so that every allocation
 * of the monitor fails meanwhile), frees it, then runs {@link ChildMain}: a block as long again, by
 * a task named "after-oom" on hub child-loop, and "app done".
 */
public final class OutOfMemoryApp {
  private OutOfMemoryApp() {}

  public static void main(String[] args) throws Exception {
    long millis = Long.parseLong(args[0]);
    ExecutorService loop =
        Monitor.global()
            .watch(Executors.newSingleThreadExecutor(task -> new Thread(task, "oom-loop")));
    loop.submit(() -> blockWithFullHeap(0, false)).get(); // the monitor starts with the hub,
    Thread.sleep(200); // before the heap is full; and every call site below is linked
    loop.submit(() -> blockWithFullHeap(millis, true)).get();
    loop.shutdown();
    ChildMain.main(new String[] {args[0], "after-oom"}); // blocks again, prints "app done"
  }

  /**
   * Blocks {@code millis} with the heap full, if {@code full}, allocating nothing after filling it.
   * Run once empty first: linking a call site on its first run allocates too.
   */
  private static void blockWithFullHeap(long millis, boolean full) {
    Object[] heap = full ? fillHeap() : null;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(10_000_000L); // not sleep, which allocates
    }
    Reference.reachabilityFence(heap); // held until here
  }

  /** A chain of arrays, halving their size at each OutOfMemoryError, until not even 2 fit. */
  private static Object[] fillHeap() {
    Object[] head = new Object[1];
    for (int size = 1 << 20; size >= 2; size /= 2) {
      try {
        while (true) {
          Object[] chunk = new Object[size];
          chunk[0] = head;
          head = chunk;
        }
      } catch (OutOfMemoryError full) {
        // the next, smaller size fills what is left
      }
    }
    return head;
  }
}
