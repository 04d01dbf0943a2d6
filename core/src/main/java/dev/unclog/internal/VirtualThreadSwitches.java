/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the agent's carrier hooks tell {@code Switches} scopes that a virtual thread mounted or
 * unmounted. While no scope is open the hooks pay one volatile read of {@link #anyOpen()}.
 */
public final class VirtualThreadSwitches {
  /** A scope's view of its virtual thread's switches; called on the carriers. */
  public interface Listener {
    /** The thread is about to be mounted, at {@code nanos} (nanoTime). */
    void mounted(long nanos);

    /** The thread was unmounted at {@code nanos}; that run began at {@code mountedNanos}. */
    void unmounted(long mountedNanos, long nanos);
  }

  private static final ConcurrentHashMap<Thread, Listener> LISTENERS = new ConcurrentHashMap<>();
  /* How many scopes are open; written under the map's lock, read by every mount. */
  private static volatile int open;
  private static volatile java.util.function.BooleanSupplier observed;

  private VirtualThreadSwitches() {}

  /**
   * Called once by the agent, with whether its carrier hooks are in: asked, not told, because they
   * go in only when the first virtual thread is made.
   */
  public static void observing(java.util.function.BooleanSupplier hooksIn) {
    observed = hooksIn;
  }

  /** Whether switches are seen at all (the agent's hooks are in). */
  public static boolean observed() {
    java.util.function.BooleanSupplier hooksIn = observed;
    return hooksIn != null && hooksIn.getAsBoolean();
  }

  /** The hooks' cheap check before {@link #switched}. */
  public static boolean anyOpen() {
    return open != 0;
  }

  /** From the carrier hooks, before a mount: returns the time to hand back at the unmount. */
  public static long mounted(Thread virtualThread) {
    long now = System.nanoTime();
    Listener listener = LISTENERS.get(virtualThread);
    if (listener != null) {
      listener.mounted(now);
    }
    return now;
  }

  /** From the carrier hooks, after the unmount of the run that began at {@code mountedNanos}. */
  public static void unmounted(Thread virtualThread, long mountedNanos) {
    Listener listener = LISTENERS.get(virtualThread);
    if (listener != null) {
      listener.unmounted(mountedNanos, System.nanoTime());
    }
  }

  /** Starts listening to {@code thread}; false if it already has a listener. */
  public static boolean listen(Thread thread, Listener listener) {
    synchronized (LISTENERS) {
      if (LISTENERS.putIfAbsent(thread, listener) != null) {
        return false;
      }
      open++;
      return true;
    }
  }

  /** Stops listening to {@code thread}. */
  public static void stop(Thread thread, Listener listener) {
    synchronized (LISTENERS) {
      if (LISTENERS.remove(thread, listener)) {
        open--;
      }
    }
  }
}
