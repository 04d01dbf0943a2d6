/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import dev.unclog.BlockingEvent;
import dev.unclog.BlockingListener;
import dev.unclog.MemoryEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Delivers events to the sinks off the monitor thread, so that the monitor never waits for a disk,
 * a console or a listener. Two lanes, each a bounded queue and a thread of its own: unclog's own
 * sinks (stderr, the JSON lines file) on {@code unclog-reporter}, the application's listeners on
 * {@code unclog-listeners}; so a listener that blocks or spins forever delays other listeners,
 * never the reports. When a lane falls behind by more than {@value #CAPACITY} events, further
 * events are dropped for it and the count is printed when it catches up. A sink that throws is
 * named once on stderr and keeps being called.
 */
public final class Reporter {
  static final int CAPACITY = 4096;
  /*
   * Nothing waits: every offer and stop unparks the thread, so this timeout is only a safety net.
   * Long, because a wake-up costs CPU on an idle server too (about 65 us each on the machine of
   * BENCHMARKS.md; at 100 ms this lane took about 0.04 to 0.1 % of a core doing nothing).
   */
  private static final long IDLE_PARK_NANOS = 1_000_000_000L;
  /* While a text line waits for company (TextSink.GROUP_NANOS). */
  private static final long HOLD_PARK_NANOS = 10_000_000L;

  private final PrintStream err;
  private final Predicate<Object> admit;
  private final List<Lane> lanes = new ArrayList<>(2);
  private final Diagnostics.Once saidOnce = new Diagnostics.Once();

  /**
   * @param sinks unclog's own sinks
   * @param listeners the application's listeners
   * @param admit asked on the lane's thread before an event is delivered: false drops it
   * @param err where failures are named
   */
  public Reporter(
      List<BlockingListener> sinks,
      List<BlockingListener> listeners,
      Predicate<Object> admit,
      PrintStream err) {
    this.err = err;
    this.admit = admit;
    this.listeners = new Lane("listeners", listeners);
    if (!sinks.isEmpty()) {
      lanes.add(new Lane("reporter", sinks));
    }
    lanes.add(this.listeners);
  }

  private final Lane listeners;
  private volatile boolean started;

  /** Starts the lanes' threads (the listeners' only once there is one); called once. */
  public void start() {
    started = true;
    for (Lane lane : lanes) {
      if (!lane.sinks.isEmpty()) {
        lane.start();
      }
    }
  }

  /** Adds a listener at run time; its lane starts now if the monitor runs. */
  public void addListener(BlockingListener listener) {
    listeners.sinks.add(listener);
    if (started) {
      listeners.start();
    }
  }

  /** Removes a listener added before; events already queued may still reach it. */
  public void removeListener(BlockingListener listener) {
    listeners.sinks.remove(listener);
  }

  /** Queues an event (a BlockingEvent or a MemoryEvent) on every lane without blocking. */
  public void offer(Object event) {
    for (Lane lane : lanes) {
      lane.offer(event);
    }
  }

  /**
   * Prints {@code unclog: <what> failed: <t>} the first time {@code what} fails; never throws. Out
   * of memory the line may not be built: then {@code what} is not marked, and its next failure
   * tries again.
   */
  public void failedOnce(String what, Throwable t) {
    try {
      if (!saidOnce.already(what)) {
        String line = what + " failed: " + t + " (reported once; detection goes on)";
        if (saidOnce.first(what)) {
          say(line);
        }
      }
    } catch (Throwable outOfMemory) {
      // no room to build or remember the line: the caller goes on, its next failure tries again
    }
  }

  /**
   * Has {@code unclog: <line>} printed the first time {@code key} comes, by the first lane's
   * thread: the caller (the monitor thread) never waits for stderr.
   */
  public void sayOnce(String key, String line) {
    if (saidOnce.first(key)) {
      lanes.get(0).offer(new Notice(line));
    }
  }

  /** A line for stderr, queued like an event. */
  private record Notice(String line) {}

  /**
   * Prints one line on stderr, prefixed with {@code unclog: }; never throws. Returns false if it
   * could not: stderr is broken, or there was no memory to write it.
   */
  public boolean say(String line) {
    return Diagnostics.line(err, line);
  }

  /** Waits up to {@code timeout} in all for queued events to be delivered, then stops. */
  public void close(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Lane lane : lanes) {
      lane.awaitDrained(deadline);
      lane.stop();
    }
  }

  /** For a shutdown hook: gives the sinks 200 ms at most to write what was found. */
  public void drainBeforeExit() {
    awaitDrained(System.nanoTime() + 200_000_000L);
  }

  /** Waits until every queued event is delivered, or until {@code deadline} (nanoTime). */
  public void awaitDrained(long deadline) {
    for (Lane lane : lanes) {
      lane.awaitDrained(deadline);
    }
  }

  /** A sink's own toString, or its class if that throws: it is application code. */
  private static String nameOf(BlockingListener sink) {
    try {
      return String.valueOf(sink);
    } catch (Throwable t) {
      return sink.getClass().getName();
    }
  }

  private final class Lane implements Runnable {
    private final String role;
    /* Copy-on-write: listeners come and go at run time, events iterate a snapshot. */
    final List<BlockingListener> sinks;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    /* Queued plus being delivered: decremented after delivery, so a drain waits for writes. */
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Thread thread;
    private volatile boolean stopping;
    /* Whether a sink holds a line back (see TextSink): a drain waits for it too. */
    private volatile boolean holding;

    Lane(String role, List<BlockingListener> sinks) {
      this.role = role;
      this.sinks = new java.util.concurrent.CopyOnWriteArrayList<>(sinks);
    }

    synchronized void start() {
      if (thread == null) {
        thread = Threads.startDaemon(this, role);
      }
    }

    void offer(Object event) {
      if (sinks.isEmpty()) {
        return; // nobody to tell: no queue, no thread
      }
      if (queued.incrementAndGet() > CAPACITY) {
        queued.decrementAndGet();
        dropped.incrementAndGet();
        return;
      }
      try {
        queue.offer(event);
      } catch (Throwable outOfMemory) { // no room for the queue's node: the event is lost
        queued.decrementAndGet();
        throw outOfMemory;
      }
      LockSupport.unpark(thread);
    }

    @Override
    public void run() {
      while (true) {
        Thread.interrupted(); // an interrupt must not turn parkNanos into a busy loop
        Object event = queue.poll();
        if (event == null) {
          if (stopping) {
            closeFiles();
            return;
          }
          boolean holding;
          try {
            holding = idle();
          } catch (Throwable outOfMemory) {
            holding = true; // no room to print the waiting line now: the next idle moment
          }
          this.holding = holding;
          LockSupport.parkNanos(this, holding ? HOLD_PARK_NANOS : IDLE_PARK_NANOS);
          continue;
        }
        try {
          deliver(event);
        } catch (Throwable t) { // stderr or the failure report itself failed: go on
          failedOnce(role, t);
        }
        holding = holds(); // before the count drops: a drain then waits for the held line
        queued.decrementAndGet();
      }
    }

    private void deliver(Object event) {
      long lost = dropped.getAndSet(0);
      if (lost > 0) {
        say(lost + " events were dropped because the " + role + " fell behind");
      }
      if (event instanceof Notice notice) {
        say(notice.line());
        return;
      }
      if (!admit.test(event)) {
        return;
      }
      for (BlockingListener sink : sinks) {
        try {
          if (event instanceof BlockingEvent blocking) {
            sink.onEvent(blocking);
          } else if (event instanceof MemoryEvent memory) {
            sink.onMemoryEvent(memory);
          }
        } catch (Throwable t) {
          failedOnce("sink " + nameOf(sink), t);
        }
      }
    }

    private void closeFiles() {
      for (BlockingListener sink : sinks) {
        if (sink instanceof JsonLinesSink file) {
          file.close();
        } else if (sink instanceof TextSink text) {
          text.flush();
        }
      }
    }

    private boolean holds() {
      for (int i = 0; i < sinks.size(); i++) {
        if (sinks.get(i) instanceof TextSink text && text.holds()) {
          return true;
        }
      }
      return false;
    }

    /*
     * Nothing to deliver: a text line that waits for company goes out once it has waited.
     * Returns whether a sink still holds one.
     */
    private boolean idle() {
      boolean holding = false;
      for (int i = 0; i < sinks.size(); i++) { // no iterator: nothing allocated when idle
        if (sinks.get(i) instanceof TextSink text) {
          try {
            holding |= text.idle();
          } catch (Throwable t) {
            failedOnce("sink " + nameOf(text), t);
          }
        }
      }
      return holding;
    }

    void awaitDrained(long deadline) {
      Thread running = thread;
      while (running != null
          && (queued.get() > 0 || holding)
          && System.nanoTime() - deadline < 0
          && running.isAlive()) {
        LockSupport.unpark(running);
        LockSupport.parkNanos(1_000_000L);
      }
    }

    void stop() {
      stopping = true;
      LockSupport.unpark(thread);
    }
  }
}
