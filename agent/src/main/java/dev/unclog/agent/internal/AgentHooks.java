/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.Hub;
import dev.unclog.Monitor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The switch hooks that woven advice calls through {@link HookSlots}: the enter hook of a kind
 * of hub, and the exit hook.
 *
 * <p>Every call happens on the hub's own thread and never throws. After the first call on a
 * thread it takes no lock and allocates nothing: a thread-local read and the hub's two release
 * stores. No lambdas and no class loading on these paths: they run inside the JDK's mount
 * sequence, and {@link #warmUp} runs each of them once before anything is woven.
 */
final class AgentHooks {
  private static final Monitor MONITOR = Monitor.global();
  /*
   * A cache only: carriers lose their thread-locals when they go idle, and then the hub is
   * found again in the monitor's registry (a lock-free read).
   */
  private static final ThreadLocal<Hub> CURRENT = new ThreadLocal<>();

  private AgentHooks() {}

  /** The enter hook of one kind of hub: makes the task current; returns the hub, or null. */
  static final class Enter implements Function<Object, Object> {
    private final String kind;

    Enter(String kind) {
      this.kind = kind;
    }

    @Override
    public Object apply(Object task) {
      try {
        Hub hub = CURRENT.get();
        if (hub == null) {
          hub = MONITOR.register(Thread.currentThread(), kind);
          CURRENT.set(hub);
        }
        hub.enter(task);
        return hub;
      } catch (Throwable t) {
        return null; // never into the application: this switch goes unwatched
      }
    }
  }

  /** The exit hook: given what the enter hook returned. */
  static final class Exit implements Consumer<Object> {
    @Override
    public void accept(Object hub) {
      if (hub instanceof Hub current) {
        current.exit();
      }
    }
  }

  /** Runs every path once on a throwaway thread, so that no class loads inside a mount later. */
  static void warmUp() throws InterruptedException {
    Thread thread = new Thread(new Runnable() {
      @Override
      public void run() {
        Object hub = new Enter(Hub.CARRIER).apply(this);
        new Exit().accept(hub);
        if (hub instanceof Hub registered) {
          registered.close();
        }
        CURRENT.remove();
      }
    }, "unclog-warm-up");
    thread.setDaemon(true);
    thread.start();
    thread.join();
  }
}
