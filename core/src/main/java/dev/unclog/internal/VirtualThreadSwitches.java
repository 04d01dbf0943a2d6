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
  /** A scope's view of its virtual thread's switches; called on the carrier. */
  public interface Listener {
    /** The thread mounted ({@code mounted}) or unmounted. */
    void switched(boolean mounted);
  }

  private static final ConcurrentHashMap<Thread, Listener> LISTENERS = new ConcurrentHashMap<>();
  /* How many scopes are open; written under the map's lock, read by every mount. */
  private static volatile int open;
  private static volatile boolean observed;

  private VirtualThreadSwitches() {}

  /** Called once by the agent when its carrier hooks are in. */
  public static void observing() {
    observed = true;
  }

  /** Whether switches are seen at all (the agent's hooks are in). */
  public static boolean observed() {
    return observed;
  }

  /** The hooks' cheap check before {@link #switched}. */
  public static boolean anyOpen() {
    return open != 0;
  }

  /** From the carrier hooks: {@code virtualThread} mounted or unmounted. */
  public static void switched(Thread virtualThread, boolean mounted) {
    Listener listener = LISTENERS.get(virtualThread);
    if (listener != null) {
      listener.switched(mounted);
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
