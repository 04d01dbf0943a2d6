/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

/** Thread helpers that are safe to call from the monitor thread. */
public final class Threads {
  /** Every thread unclog starts is named with this prefix, so it is never taken for a hub. */
  public static final String NAME_PREFIX = "unclog-";

  /*
   * Thread.getStackTrace and Thread.getState are not final. If a hub's thread class overrides
   * either outside java.base, calling it would run application code on the monitor thread; such
   * threads are read through the ThreadMXBean instead. The answer is cached per class.
   */
  private static final ClassValue<Boolean> TRUSTED =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          try {
            return type.getMethod("getStackTrace").getDeclaringClass().getModule()
                    == Thread.class.getModule()
                && type.getMethod("getState").getDeclaringClass().getModule()
                    == Thread.class.getModule();
          } catch (NoSuchMethodException | SecurityException e) {
            return false;
          }
        }
      };

  private Threads() {}

  /** The stack of {@code thread}, innermost frame first; empty if it cannot be had. */
  public static StackTraceElement[] stackOf(Thread thread) {
    if (TRUSTED.get(thread.getClass())) {
      return thread.getStackTrace();
    }
    ThreadInfo info = CpuClock.BEAN.getThreadInfo(thread.threadId(), Integer.MAX_VALUE);
    return info != null ? info.getStackTrace() : new StackTraceElement[0];
  }

  /** The state of {@code thread}, or null if it cannot be had. */
  public static Thread.State stateOf(Thread thread) {
    if (TRUSTED.get(thread.getClass())) {
      return thread.getState();
    }
    ThreadInfo info = CpuClock.BEAN.getThreadInfo(thread.threadId(), 0);
    return info != null ? info.getThreadState() : null;
  }

  /**
   * Whether {@code thread}, found BLOCKED, waits for a monitor the JVM names. A thread waiting for
   * another thread to initialise a class can also show BLOCKED (JDK 25), on no monitor: that wait
   * is the JVM's, not a {@code synchronized} block's. False when the thread is no longer BLOCKED
   * when asked: the JVM names no monitor, and the wait was over within a stack walk, as a cold
   * path's waits for other threads' class initialisation are (a contended lock held that briefly is
   * no wait the code chose). True when it cannot be told (no answer, or a failure).
   */
  public static boolean blockedOnMonitor(Thread thread) {
    try {
      ThreadInfo info = CpuClock.BEAN.getThreadInfo(thread.threadId(), 0);
      return info == null
          || (info.getThreadState() == Thread.State.BLOCKED && info.getLockName() != null);
    } catch (RuntimeException e) {
      return true;
    }
  }

  /**
   * The CPU time {@code thread} has used, in nanoseconds, or -1 if the JVM cannot tell (a virtual
   * thread, a dead one, or no thread CPU clock). The management bean loads on first use.
   */
  public static long cpuTimeNanos(Thread thread) {
    if (thread == null || thread.isVirtual()) {
      return -1;
    }
    return CpuClock.BEAN.getThreadCpuTime(thread.threadId());
  }

  /**
   * Whether a debugger (JVMTI) has {@code thread} suspended, as at a breakpoint; false for a
   * virtual thread or null (the management bean knows platform threads only).
   */
  public static boolean isSuspended(Thread thread) {
    if (thread == null || thread.isVirtual()) {
      return false;
    }
    ThreadInfo info = CpuClock.BEAN.getThreadInfo(thread.threadId(), 0);
    return info != null && info.isSuspended();
  }

  private static final class CpuClock {
    static final java.lang.management.ThreadMXBean BEAN = ManagementFactory.getThreadMXBean();
  }

  /**
   * Initializes {@code classes} and the classes nested in them now. A class whose static
   * initializer fails, as it does out of memory, is unusable for the life of the process: the
   * monitor's must not meet their first use in a full heap.
   */
  public static void initialize(Class<?>... classes) throws ClassNotFoundException {
    for (Class<?> type : classes) {
      Class.forName(type.getName(), true, type.getClassLoader());
      for (Class<?> nested : type.getDeclaredClasses()) {
        Class.forName(nested.getName(), true, nested.getClassLoader());
      }
    }
  }

  /** True for the threads unclog itself starts. */
  public static boolean isUnclogThread(Thread thread) {
    return thread.getName().startsWith(NAME_PREFIX)
        && thread.isDaemon()
        && thread.getClass() == Thread.class;
  }

  /**
   * Starts a daemon platform thread named {@code unclog-<role>}. It takes nothing from the thread
   * that happens to start it (which may be an application's or a container's): no inheritable
   * thread-locals, and the system class loader as its context loader, so it pins no application
   * class loader.
   */
  public static Thread startDaemon(Runnable body, String role) {
    Thread thread = newDaemon(body, role);
    thread.start();
    return thread;
  }

  /**
   * Waits at most {@code millis} for {@code thread} to end, through interrupts, which stay set for
   * the caller (an application thread, inside a class's loading, must not lose one); returns
   * whether it ended.
   */
  public static boolean joinUninterruptibly(Thread thread, long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    boolean interrupted = false;
    try {
      while (thread.isAlive()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          thread.join(java.time.Duration.ofNanos(left));
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      return true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The same, not started: for thread factories. */
  public static Thread newDaemon(Runnable body, String role) {
    // Not Thread.ofPlatform(): its classes are the agent's sign that virtual threads are coming
    Thread thread = new Thread(null, body, NAME_PREFIX + role, 0, false);
    thread.setDaemon(true);
    thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
    return thread;
  }
}
