/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.Hub;
import dev.unclog.Monitor;
import dev.unclog.agent.Hubs;
import dev.unclog.internal.Diagnostics;
import dev.unclog.internal.SpawnSites;
import dev.unclog.internal.Threads;
import dev.unclog.internal.VirtualThreadSwitches;
import java.lang.reflect.Field;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The switch hooks that woven advice calls through {@link HookSlots}: the enter hook of a kind of
 * hub, and the exit hook.
 *
 * <p>Every call happens on the hub's own thread and never throws. After the first call on a thread
 * it takes no lock and allocates nothing: a thread-local read, a read of the hub's sequence, and
 * the hub's release stores. (Carriers lose their thread-locals whenever they go idle, so a
 * carrier's first mount after idling allocates its slot again and finds its hub in the registry: a
 * lock-free map read.) No lambdas and no class loading on these paths: they run inside the JDK's
 * mount sequence, and {@link #warmUp} runs each of them once before anything is woven.
 */
final class AgentHooks {
  private static final Monitor MONITOR = Monitor.global();
  /*
   * A cache only: carriers lose their thread-locals when they go idle, and then the hub is
   * found again in the monitor's registry (a lock-free read).
   */
  private static final ThreadLocal<Slot> CURRENT = new ThreadLocal<>();

  private AgentHooks() {}

  /**
   * A thread's hub, or (hub null) the kinds whose hooks declined to make it one. Hook points can
   * nest (a Netty task that runs an I/O handler inline, a 4.2 task wrapping another): only the
   * outermost is a switch (Hub.enterOutermost), so an inner return never makes the outer task look
   * finished. Owner thread only: plain.
   */
  static final class Slot {
    final Hub hub;
    /* Bit i: the enter hook of index i declined this thread (no hub yet). */
    long declined;
    /* The mounted virtual thread and when, kept only while a Switches scope is open somewhere. */
    Thread scoped;
    long scopedSince;

    Slot(Hub hub) {
      this.hub = hub;
    }
  }

  /* Gives each enter hook its bit in Slot.declined; past 64, a hook asks again per switch. */
  private static final java.util.concurrent.atomic.AtomicInteger HOOKS =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * The enter hook of one {@link Hubs}: returns the thread's slot if this is a switch of its hub,
   * or null. Whether a thread that is no hub yet becomes one is {@code Hubs.threads}'s to say, once
   * per thread and hook; a thread is a hub of one kind, and the hooks of other kinds pass it by (a
   * carrier runs its mounts inside a ForkJoinPool task; a named pool's hook must not take them).
   * Netty's task hook registers event loops only ({@link #isNettyEventLoop}): {@code runTask} also
   * serves Netty's offload executors (DefaultEventExecutor, where blocking handlers are meant to
   * go), which are not. Reactor's and RxJava's register only the threads their library marks
   * non-blocking ({@link #implementsInterface}).
   */
  static final class Enter implements Function<Object, Object> {
    private final String kind;
    private final Predicate<Thread> registers;
    private final Predicate<Object> switches;
    private final long bit;

    Enter(Hubs hubs) {
      this.kind = hubs.kind();
      this.registers = hubs.threads();
      this.switches = hubs.tasks();
      int index = HOOKS.getAndIncrement();
      this.bit = index < 64 ? 1L << index : 0L;
    }

    @Override
    public Object apply(Object task) {
      try {
        Slot slot = CURRENT.get();
        if (slot != null) {
          if (slot.hub != null ? !slot.hub.kind().equals(kind) : (slot.declined & bit) != 0) {
            return null; // a hub of another kind, or declined before (asked once per thread)
          }
        }
        if (switches != null && !switches.test(task)) {
          return null; // not watched: the thread is between tasks for the monitor, or no hub yet
        }
        if (slot == null || slot.hub == null) {
          Thread thread = Thread.currentThread();
          boolean hub;
          try {
            hub = registers.test(thread);
          } catch (Throwable t) {
            hub = false; // a test that throws declines, once: never asked again on this thread
          }
          if (!hub) {
            if (slot == null) {
              slot = new Slot(null);
              CURRENT.set(slot);
            }
            slot.declined |= bit;
            return null;
          }
          slot = new Slot(MONITOR.register(thread, kind));
          CURRENT.set(slot);
        }
        Hub hub = slot.hub;
        if (!hub.kind().equals(kind)) {
          return null; // registered before as a hub of another kind (say, through the API)
        }
        if (!hub.enterOutermost(task)) {
          return null; // inside the outer task: its exit is the switch
        }
        // Entered: from here on the slot goes to the exit hook whatever happens, or the hub would
        // stay inside this task and refuse every later one.
        try {
          if (task instanceof Thread thread && VirtualThreadSwitches.anyOpen()) {
            slot.scoped = thread; // a mount, for an assertSwitches scope
            slot.scopedSince = VirtualThreadSwitches.mounted(thread);
          }
        } catch (Throwable t) {
          slot.scoped = null; // this mount is not counted by an open scope
        }
        return slot;
      } catch (Throwable t) {
        return null; // never into the application: this switch goes unwatched
      }
    }
  }

  /** The exit hook: given what the enter hook returned. Never throws. */
  static final class Exit implements Consumer<Object> {
    @Override
    public void accept(Object entered) {
      if (entered instanceof Slot slot) {
        slot.hub.exit(); // a release store: cannot throw
        Thread scoped = slot.scoped;
        if (scoped != null) {
          slot.scoped = null;
          try {
            VirtualThreadSwitches.unmounted(scoped, slot.scopedSince); // its unmount
          } catch (Throwable t) {
            // never into the application: an open Switches scope misses this unmount
          }
        }
      }
    }
  }

  /**
   * The spawn hook, at the entry of every thread start while {@code UNCLOG_SPAWN_STACKS} is on:
   * records the starting thread's stack for the thread being started. It starts no thread and calls
   * no application code, so it cannot re-enter itself.
   */
  static final class Spawn implements Consumer<Object> {
    @Override
    public void accept(Object thread) {
      try {
        SpawnSites.recordThread((Thread) thread);
      } catch (Throwable t) {
        // never into the application: this start goes unrecorded
      }
    }
  }

  /*
   * The built-in integrations' predicates, as classes: a lambda or method reference spins a class
   * at the agent's start, and these are made there.
   */

  /** Threads whose class or a superclass implements interface {@code name}. */
  static final class Implements implements Predicate<Thread> {
    private final String name;

    Implements(String name) {
      this.name = name;
    }

    @Override
    public boolean test(Thread thread) {
      return implementsInterface(thread, name);
    }
  }

  /** See {@link #isNettyEventLoop}. */
  static final class IsNettyEventLoop implements Predicate<Thread> {
    @Override
    public boolean test(Thread thread) {
      return isNettyEventLoop(thread);
    }
  }

  /** See {@link #isCoroutineWorker}. */
  static final class IsCoroutineWorker implements Predicate<Thread> {
    @Override
    public boolean test(Thread thread) {
      return isCoroutineWorker(thread);
    }
  }

  /** See {@link #isNonBlockingTask}. */
  static final class IsNonBlockingTask implements Predicate<Object> {
    @Override
    public boolean test(Object task) {
      return isNonBlockingTask(task);
    }
  }

  /**
   * Whether the thread's class implements the named interface, directly or through a superclass:
   * the libraries mark their non-blocking threads so (Reactor's {@code
   * reactor.core.scheduler.NonBlocking}, as BlockHound checks it; RxJava's {@code
   * NonBlockingThread}). By name, so that the agent needs no copy of the application's library.
   */
  static boolean implementsInterface(Thread thread, String name) {
    for (Class<?> type = thread.getClass(); type != null; type = type.getSuperclass()) {
      for (Class<?> implemented : type.getInterfaces()) {
        if (implemented.getName().equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  private static final String EXECUTOR = "io.netty.util.concurrent.AbstractEventExecutor";

  /**
   * Whether the thread running a Netty task (called from the task hook woven into {@code
   * AbstractEventExecutor.runTask}) is an event loop's, told by what its executor is, not by what
   * it has done: a loop used as a scheduler before any I/O is one, an offload executor ({@code
   * DefaultEventExecutor}, where blocking work goes) is not. The thread's stack says it: below the
   * hook's {@code runTask} runs its executor's {@code run()}, a method of an {@code EventLoop}
   * class or not, in the copy of Netty (relocated or not) that called the hook. Once per thread,
   * inside that thread's first task: so no lambda, no stream operation and no reflective call,
   * whose first use in a JVM spins classes (tens of milliseconds of CPU, charged to that task).
   */
  static boolean isNettyEventLoop(Thread thread) {
    try {
      return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
          .walk(new RunsInAnEventLoop());
    } catch (LinkageError | RuntimeException e) {
      return false; // an unknown Netty, or no netty-transport: a loop then joins at its first I/O
    }
  }

  /* See isNettyEventLoop. */
  private static final class RunsInAnEventLoop
      implements Function<java.util.stream.Stream<StackWalker.StackFrame>, Boolean> {
    @Override
    public Boolean apply(java.util.stream.Stream<StackWalker.StackFrame> frames) {
      Class<?> eventLoop = null;
      for (java.util.Iterator<StackWalker.StackFrame> below = frames.iterator();
          below.hasNext(); ) {
        Class<?> type = below.next().getDeclaringClass();
        if (eventLoop != null) {
          if (eventLoop.isAssignableFrom(type)) {
            return true;
          }
        } else if (type.getName().endsWith(EXECUTOR)) {
          String name = type.getName();
          String prefix = name.substring(0, name.length() - EXECUTOR.length());
          try {
            eventLoop =
                Class.forName(prefix + "io.netty.channel.EventLoop", false, type.getClassLoader());
          } catch (ClassNotFoundException noTransport) {
            return false;
          }
        }
      }
      return false;
    }
  }

  /** Whether {@code thread} is a worker of Kotlin's coroutine scheduler (Default and IO). */
  static boolean isCoroutineWorker(Thread thread) {
    return thread
        .getClass()
        .getName()
        .equals("kotlinx.coroutines.scheduling.CoroutineScheduler$Worker");
  }

  /* Kotlin's Task.taskContext, per task class: true for a blocking task (kotlinx 1.11). */
  private static final ClassValue<Field> TASK_CONTEXT =
      new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
          try {
            Field field = type.getField("taskContext");
            return field.getType() == boolean.class ? field : null;
          } catch (NoSuchFieldException | SecurityException e) {
            Diagnostics.line(
                "unknown kotlinx-coroutines build: "
                    + type.getName()
                    + " has no boolean"
                    + " taskContext; its tasks are not watched");
            return null;
          }
        }
      };

  /**
   * Whether a Kotlin scheduler task is non-blocking: Dispatchers.Default's, not Dispatchers.IO's
   * (the two share the workers; the task says which it is).
   */
  static boolean isNonBlockingTask(Object task) {
    Field blocking = task != null ? TASK_CONTEXT.get(task.getClass()) : null;
    try {
      return blocking != null && !blocking.getBoolean(task);
    } catch (IllegalAccessException e) {
      return false;
    }
  }

  /* How long the thread defining the first woven class waits for the warm-up: should that thread
   * hold a lock the warm-up needs, the class is left as it was rather than the JVM hung. */
  private static final long WARM_UP_MILLIS = 10_000;

  /* Guarded by AgentHooks.class: whether the warm-up ran, and why it could not (then nothing is
   * woven for the JVM's life: a second try would make each woven class wait again). */
  private static boolean warm;
  private static IllegalStateException failed;

  /**
   * Warms the hooks up once, before the first class is woven (on whichever thread defines it): runs
   * every path once on a throwaway thread, so that no class loads and no lock is taken inside a
   * mount later. That thread is not named unclog-*: those threads cannot be hubs. A failure is
   * thrown again at every call, at once, so that nothing is woven without it.
   */
  static synchronized void warmUpOnce() {
    if (failed != null) {
      throw failed;
    }
    if (!warm) {
      try {
        warmUp();
      } catch (IllegalStateException e) {
        failed = e;
        throw e;
      }
      warm = true;
    }
  }

  /* The warm-up's body, a class: a lambda would spin one, inside a class's definition. */
  private static final class WarmUp implements Runnable, Thread.UncaughtExceptionHandler {
    volatile Throwable failure;

    @Override
    public void run() {
      VirtualThreadSwitches.unmounted(Thread.currentThread(), 0); // loads it; no scope
      Enter declines = new Enter(Hubs.of(Hub.EVENT_LOOP, new Never()));
      declines.apply(this); // asks
      declines.apply(this); // remembers
      Enter carrier = new Enter(Hubs.every(Hub.CARRIER));
      Object entered = carrier.apply(this);
      declines.apply(this); // a hub of another kind
      carrier.apply(this); // nested: no switch
      Exit exit = new Exit();
      exit.accept(entered);
      exit.accept(entered);
      if (!(entered instanceof Slot slot)) {
        throw new IllegalStateException("the hooks did not run");
      }
      slot.hub.close();
      CURRENT.remove();
      if (SpawnSites.enabled()) {
        new Spawn().accept(new Thread(this)); // StackWalker and the maps load now
      }
    }

    @Override
    public void uncaughtException(Thread thread, Throwable e) {
      failure = e;
    }
  }

  private static final class Never implements Predicate<Thread> {
    @Override
    public boolean test(Thread thread) {
      return false;
    }
  }

  private static void warmUp() {
    WarmUp body = new WarmUp();
    Thread thread = new Thread(null, body, "warm-up of unclog's hooks", 0, false);
    thread.setUncaughtExceptionHandler(body);
    thread.setDaemon(true);
    thread.start();
    if (!Threads.joinUninterruptibly(thread, WARM_UP_MILLIS)) {
      throw new IllegalStateException("the warm-up took over " + WARM_UP_MILLIS + " ms");
    }
    if (body.failure != null) {
      throw new IllegalStateException("warm-up failed", body.failure);
    }
  }
}
