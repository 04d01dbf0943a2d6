/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.internal.Config;
import dev.unclog.internal.JfrSink;
import dev.unclog.internal.JsonLinesSink;
import dev.unclog.internal.Reporter;
import dev.unclog.internal.SpawnSites;
import dev.unclog.internal.TextSink;
import dev.unclog.internal.Threads;
import java.io.PrintStream;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A monitor watches hubs from one daemon thread and reports every hub that stays inside one
 * task for longer than its {@linkplain #maxBlockingTime() maximum blocking time}.
 *
 * <p>Most programs use the {@linkplain #global() global monitor}, configured by {@code UNCLOG_*}
 * environment variables and {@code unclog.*} system properties; tests and libraries can
 * {@linkplain #builder() build} their own. Three ways to watch a scheduler:
 * <ul>
 *   <li>{@link #register(Thread, String)} a loop thread and call its {@link Hub}'s hooks;
 *   <li>{@link #watch(ExecutorService)} an executor, so that each task is a switch;
 *   <li>{@link #heartbeat(Executor, String)}: probe an executor you cannot wrap with a no-op
 *       task every period, and report when one waits too long.
 * </ul>
 *
 * <p>Threads start on the first registration. The monitor thread never runs application code;
 * reports are written on a reporter thread, and listeners called on a thread of their own.
 */
public final class Monitor implements AutoCloseable {
  private static final int SUMMARY_PLACES = 10;
  private final boolean enabled;
  private final Duration maxBlockingTime;
  private final Duration period;
  private final Reporter reporter;
  private final Watchdog watchdog;
  private final ConcurrentHashMap<Object, Hub> registry = new ConcurrentHashMap<>();
  /*
   * Per-monitor cache of the current worker's hub, for watched executors. Weakly: the hub
   * reaches this monitor and so this thread-local, and a value that reaches its own key keeps
   * both for as long as the thread lives, a pool's worker outliving any number of monitors.
   * A registered hub is held by the registry; an unwatched one is remade when collected.
   */
  private final ThreadLocal<WeakReference<Hub>> workerHub = new ThreadLocal<>();
  private final Object lifecycle = new Object();
  /* Set after a registration changes the registry; cleared by the monitor before it re-reads. */
  private volatile boolean registryChanged;
  private Hub[] hubs = new Hub[0];
  /* Written once under the lifecycle lock; read without it by changed(). */
  private volatile Thread monitorThread;
  /* Hubs forgotten since the monitor's last scan, which ends their episodes. */
  private final java.util.concurrent.ConcurrentLinkedQueue<Hub> closing =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private Heartbeats heartbeats;
  private java.util.concurrent.ScheduledExecutorService functions;
  /* Written under the lifecycle lock; read without it by register. */
  private volatile boolean closed;

  /* Copy-on-write: filters come and go at run time; each episode's verdict iterates a snapshot. */
  private final List<BlockingFilter> filters;
  private final Offenders offenders = new Offenders();
  /* Where the summary goes at exit (the global monitor's text reports), or null. */
  private final PrintStream summaryTo;

  private Monitor(boolean enabled, Builder builder, Duration period, List<BlockingListener> sinks,
      List<BlockingListener> listeners, MemoryWatch memory) {
    this.enabled = enabled;
    this.maxBlockingTime = builder.maxBlockingTime;
    this.period = period;
    this.filters = new java.util.concurrent.CopyOnWriteArrayList<>(builder.filters);
    this.summaryTo = builder.printTo;
    List<BlockingListener> ownSinks = new ArrayList<>(sinks);
    ownSinks.add(offenders);
    this.reporter = new Reporter(ownSinks, listeners, this::admit, System.err);
    this.watchdog = new Watchdog(this, maxBlockingTime, period, memory,
        builder.reportDebuggerPauses);
    if (enabled && memory != null) {
      changed(); // the memory watch needs the monitor thread even before any hub
    }
  }

  private static Monitor create(Config config, boolean global) {
    Monitor monitor = builder()
        .maxBlockingTime(config.maxBlockingTime())
        .period(config.period())
        .printTo(config.printReports() ? System.err : null)
        .reportFile(config.reportFile())
        .onBlock(OnBlock.valueOf(config.onBlock().toUpperCase(java.util.Locale.ROOT)))
        .memoryLimit(config.memoryLimitBytes())
        .memoryPeriod(config.memoryPeriod())
        .reportDebuggerPauses(config.reportDebuggerPauses())
        .repeatWindow(config.repeatWindow())
        .maxReportsPerMinute(config.maxReportsPerMinute())
        .logTo(config.loggerName() != null ? System.getLogger(config.loggerName()) : null)
        .jfr(config.jfr())
        .build(config.enabled());
    if (global && monitor.enabled) {
      if (config.spawnStacks()) {
        SpawnSites.enable();
      }
      try {
        Runtime.getRuntime().addShutdownHook(new Thread(monitor::finishBeforeExit,
            Threads.NAME_PREFIX + "shutdown"));
      } catch (IllegalStateException alreadyShuttingDown) {
        // first used during shutdown: nothing to finish later
      }
    }
    return monitor;
  }

  /**
   * The monitor configured by the environment ({@code UNCLOG_MAX_BLOCKING_TIME} and friends,
   * see the README). If {@code UNCLOG_MONITOR_ENABLE} is {@code false} it watches nothing: its
   * hubs are never checked and {@code watch} returns the executor as it is.
   */
  public static Monitor global() {
    return Global.INSTANCE;
  }

  /* Created on first use, so that the agent can hand over its arguments before. */
  private static final class Global {
    static final Monitor INSTANCE = create(Config.fromEnvironment(System.err), true);
  }

  /** A builder for a monitor of your own, starting from the documented defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers {@code thread} as a hub of the given kind, or returns its hub if it has one.
   * Only {@code thread} may call the hub's hooks.
   *
   * @throws IllegalArgumentException if the thread is one of unclog's own
   */
  public Hub register(Thread thread, String kind) {
    Objects.requireNonNull(thread, "thread");
    Objects.requireNonNull(kind, "kind");
    if (Threads.isUnclogThread(thread)) {
      throw new IllegalArgumentException(thread.getName() + " is unclog's own thread");
    }
    if (!enabled || closed) {
      return new Hub(this, kind, thread, null); // works as a hook; nobody watches it
    }
    Hub hub = registry.get(thread); // no lock: the agent's hooks come here after a carrier idles
    if (hub == null) {
      Hub created = new Hub(this, kind, thread, null);
      hub = registry.putIfAbsent(thread, created);
      if (hub == null) {
        hub = created;
        changed();
      }
    }
    return hub;
  }

  /** Returns an executor that runs each task as a switch on its worker thread's hub. */
  public Executor watch(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    return enabled ? new WatchedExecutor(executor, this) : executor;
  }

  /** Returns an executor service that runs each task as a switch on its worker's hub. */
  public ExecutorService watch(ExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    return enabled ? new WatchedExecutorService(executor, this) : executor;
  }

  /** Returns a scheduled executor service whose every run of a task is a switch. */
  public ScheduledExecutorService watch(ScheduledExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    return enabled ? new WatchedScheduledExecutorService(executor, this) : executor;
  }

  /**
   * Probes {@code executor} with a no-op task every period and reports the executor as blocked
   * when a probe waits longer than the threshold. Use it for executors you cannot wrap. The
   * report shows the stack of the thread that ran the last probe; for a pool of several
   * threads that may not be the culprit. Close the returned hub to stop probing; probing stops
   * by itself when the executor rejects a probe.
   *
   * <p>The hub's {@code enter} and {@code exit} are driven by the probes: do not call them.
   */
  public Hub heartbeat(Executor executor, String name) {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(name, "name");
    Hub hub = new Hub(this, Hub.EXECUTOR, null, name);
    Heartbeats beats;
    synchronized (lifecycle) {
      if (!enabled || closed) {
        return hub;
      }
      if (heartbeats == null) {
        heartbeats = new Heartbeats(this);
        Threads.startDaemon(heartbeats, "heartbeat");
      }
      beats = heartbeats;
    }
    registry.put(hub, hub); // before the probe exists, so that its poster finds it watched
    beats.add(hub, executor);
    changed();
    return hub;
  }

  /**
   * Adds a listener while the monitor runs, such as a test's or a metrics registry's. It runs
   * on the listener thread with the builder's listeners. Close the returned handle to remove
   * it; events queued before may still reach it.
   */
  public Registration addListener(BlockingListener listener) {
    Objects.requireNonNull(listener, "listener");
    reporter.addListener(listener);
    return () -> reporter.removeListener(listener);
  }

  /**
   * Adds a filter while the monitor runs: episodes found from now on are reported only if every
   * filter agrees. Close the returned handle to remove it.
   */
  public Registration addFilter(BlockingFilter filter) {
    Objects.requireNonNull(filter, "filter");
    filters.add(filter);
    return () -> filters.remove(filter);
  }

  /**
   * The places where hubs blocked longest in all, most first: ended episodes added up by
   * {@linkplain BlockingEvent#fingerprint() fingerprint}, after the filters. A snapshot.
   */
  public List<Offender> topOffenders(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    return offenders.top(limit);
  }

  /**
   * The top offenders as text, as printed at exit: one line per place with its total, count,
   * longest episode, causes and culprit frame. Empty if nothing blocked.
   */
  public String summary() {
    return TextSink.format(offenders.top(SUMMARY_PLACES), offenders.episodesElsewhere(),
        offenders.notTheCode());
  }

  /**
   * Waits until what the hubs did before this call has been judged and delivered: the monitor
   * finishes two more scans (so a task that returned gets its unblocked event) and every event
   * found by then reaches its sinks and listeners. Returns early at {@code timeout}. For tests;
   * does nothing on a monitor that is not running.
   */
  public void flush(Duration timeout) {
    Thread thread = monitorThread;
    if (thread == null || closed) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    watchdog.scanOnceMore(thread, timeout.toNanos());
    reporter.awaitDrained(deadline);
  }

  /**
   * Runs {@code function} every {@code period} on a thread of its own ({@code unclog-functions}),
   * never on the monitor thread: gevent's monitoring functions, for checks of your own. One that
   * throws is named once on stderr and keeps its schedule; one that blocks delays only the other
   * functions. Close the returned handle to stop it.
   */
  public Registration addMonitoringFunction(Runnable function, Duration period) {
    Objects.requireNonNull(function, "function");
    Config.checkPeriod(period);
    java.util.concurrent.ScheduledExecutorService runner;
    synchronized (lifecycle) {
      if (closed) {
        return () -> { };
      }
      if (functions == null) {
        functions = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            task -> Threads.newDaemon(task, "functions"));
      }
      runner = functions;
    }
    // Built now, not when it fails: the failure may be the heap running out, and an error
    // escaping the task would end its schedule.
    String failure = "monitoring function " + function.getClass().getName();
    java.util.concurrent.ScheduledFuture<?> scheduled = runner.scheduleWithFixedDelay(() -> {
      try {
        function.run();
      } catch (Throwable t) {
        reporter.failedOnce(failure, t);
      }
    }, period.toNanos(), period.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    return () -> scheduled.cancel(false);
  }

  /** The hubs this monitor watches now, in no order: a snapshot. */
  public List<Hub> hubs() {
    return List.copyOf(registry.values());
  }

  /** Whether this monitor watches anything: false for a global monitor switched off. */
  public boolean enabled() {
    return enabled;
  }

  /** The maximum blocking time: a hub inside one task for longer is reported. */
  public Duration maxBlockingTime() {
    return maxBlockingTime;
  }

  /** How often the monitor checks its hubs. */
  public Duration period() {
    return period;
  }

  /**
   * Stops the monitor's threads, after delivering the events already found (waiting at most a
   * second). Hubs keep working as plain hooks. Closing the global monitor is allowed but rarely
   * wise.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      watchdog.stop();
      if (heartbeats != null) {
        heartbeats.stop();
      }
      if (functions != null) {
        functions.shutdownNow();
      }
      if (monitorThread != null) {
        monitorThread.interrupt();
      }
    }
    reporter.close(Duration.ofSeconds(1));
  }

  // ---- internal ----

  /**
   * For the shutdown hook: one last scan (at most 100 ms), then up to 200 ms for the sinks to
   * write what was found, so that a block just before exit is reported whole.
   */
  private void finishBeforeExit() {
    Thread thread;
    synchronized (lifecycle) {
      thread = monitorThread;
    }
    if (thread != null) {
      watchdog.scanOnceMore(thread, 100_000_000L);
    }
    reporter.drainBeforeExit();
    if (summaryTo != null) {
      try {
        summaryTo.print(summary());
        summaryTo.flush();
      } catch (Throwable t) {
        // stderr is gone: nothing left to tell
      }
    }
  }

  /** On a reporter lane, before delivery: an episode the filters drop reaches no sink. */
  private boolean admit(Object event) {
    return !(event instanceof BlockingEvent blocking)
        || blocking.verdict.report(blocking, filters, (filter, t) ->
            reporter.failedOnce("filter " + filter.getClass().getName(), t));
  }

  /**
   * The hub of the calling worker thread of a watched executor, registering it on first use.
   * A virtual worker, or one of unclog's own threads, gets a hub that is never checked: a virtual thread that blocks releases its
   * carrier, so it blocks nobody else, and one hub per virtual thread would flood the registry.
   */
  Hub workerHub() {
    WeakReference<Hub> cached = workerHub.get();
    Hub hub = cached != null ? cached.get() : null;
    if (hub == null) {
      Thread thread = Thread.currentThread();
      hub = thread.isVirtual() || Threads.isUnclogThread(thread)
          ? new Hub(this, Hub.EXECUTOR, thread, null) // runs the task, watched by nobody
          : register(thread, Hub.EXECUTOR);
      workerHub.set(new WeakReference<>(hub));
    }
    return hub;
  }

  /**
   * Stops watching {@code hub}. An episode in progress is ended by the monitor at its next scan,
   * so that it is still reported whole.
   */
  void forget(Hub hub) {
    Object key = hub.owner() != null ? hub.owner() : hub;
    if (registry.remove(key, hub)) {
      closing.add(hub);
      changed();
    }
  }

  /** Monitor thread only: the next hub forgotten since the last call, or null. */
  Hub pollClosed() {
    return closing.poll();
  }

  int hubCount() {
    return registry.size();
  }

  boolean isWatched(Hub hub) {
    return registry.get(hub.owner() != null ? hub.owner() : hub) == hub;
  }

  /** Monitor thread only: the hubs to scan, re-read after a registration changed them. */
  Hub[] hubsToScan() {
    if (registryChanged) {
      registryChanged = false; // before the read: a change racing with it sets it again
      hubs = registry.values().toArray(new Hub[0]);
    }
    return hubs;
  }

  Reporter reporter() {
    return reporter;
  }

  /** How many scans the monitor has finished; tests wait on it instead of sleeping. */
  long scans() {
    return watchdog.scans();
  }

  private void changed() {
    registryChanged = true;
    if (monitorThread != null) {
      return; // the common case, without the lock: hooks can come here inside a mount
    }
    synchronized (lifecycle) {
      if (monitorThread == null && !closed) {
        reporter.start();
        monitorThread = Threads.startDaemon(watchdog, "monitor");
      }
    }
  }

  /**
   * What to do about a blockage besides reporting it: for development and tests, where a
   * blockage should not go unnoticed ({@code UNCLOG_ON_BLOCK}). Java cannot raise an exception
   * inside another thread, as eventlet does; these are the real mechanisms, each with its
   * limits.
   */
  public enum OnBlock {
    /** Report it, nothing more (the default). */
    REPORT,
    /**
     * Interrupt the culprit: the task of a watched executor, or a virtual thread holding its
     * carrier. Code that sleeps, waits or does interruptible I/O gets an
     * {@link InterruptedException} (or a closed channel) where it blocks; a CPU loop that does
     * not check its interrupt status goes on. Event-loop threads are never interrupted: that
     * would close the channels they serve.
     */
    INTERRUPT,
    /** Write the report, then halt the JVM with exit status 3: no shutdown hooks, no cleanup. */
    HALT
  }

  /**
   * Builds a {@link Monitor}. Defaults: maximum blocking time 100 ms, period a quarter of it,
   * text reports on stderr, no JSON lines file, no listeners.
   */
  public static final class Builder {
    private Duration maxBlockingTime = Config.DEFAULT_MAX_BLOCKING_TIME;
    private Duration period;
    private PrintStream printTo = System.err;
    private Path reportFile;
    private final List<BlockingListener> listeners = new ArrayList<>();
    private OnBlock onBlock = OnBlock.REPORT;
    private long memoryLimitBytes;
    private Duration memoryPeriod = Config.DEFAULT_MEMORY_PERIOD;
    private final List<BlockingFilter> filters = new ArrayList<>();
    private boolean reportDebuggerPauses;
    private Duration repeatWindow = Config.DEFAULT_REPEAT_WINDOW;
    private int maxReportsPerMinute = Config.DEFAULT_MAX_REPORTS_PER_MINUTE;
    private System.Logger logTo;
    private boolean jfr = true;

    private Builder() {}

    /**
     * Adds a filter: an episode is reported (text, file, logger, JFR, listeners, on-block
     * action) only if every filter agrees. See {@link BlockingFilter}.
     */
    public Builder filter(BlockingFilter filter) {
      filters.add(Objects.requireNonNull(filter, "filter"));
      return this;
    }

    /**
     * Whether to report a hub whose thread a debugger has suspended, as at a breakpoint (default
     * false: a breakpoint is not a blockage of the program's making).
     */
    public Builder reportDebuggerPauses(boolean report) {
      this.reportDebuggerPauses = report;
      return this;
    }

    /**
     * For the text reports: after a place (a {@linkplain BlockingEvent#fingerprint()
     * fingerprint}) is reported in full, further episodes there get one line each for this
     * long (default 1 minute); zero reports each in full. Files and listeners get every event.
     */
    public Builder repeatWindow(Duration window) {
      if (window.isNegative()) {
        throw new IllegalArgumentException("repeat window must not be negative: " + window);
      }
      this.repeatWindow = window;
      return this;
    }

    /**
     * For the text reports: at most this many full reports a minute (default 20), the rest one
     * line each; 0 for no limit.
     */
    public Builder maxReportsPerMinute(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("max reports per minute must not be negative: " + max);
      }
      this.maxReportsPerMinute = max;
      return this;
    }

    /**
     * Also logs the text reports to {@code logger} (blocked at WARNING, unblocked at INFO), so
     * that they reach SLF4J, Log4j or JUL through the application's bridge. It is called on the
     * listener thread, since a logging backend is application code. Null (the default) logs
     * nothing.
     */
    public Builder logTo(System.Logger logger) {
      this.logTo = logger;
      return this;
    }

    /**
     * Whether episodes are recorded as JFR events {@code dev.unclog.Blocked} and
     * {@code dev.unclog.Episode} while a flight recording runs (default true; nothing is done
     * without a recording).
     */
    public Builder jfr(boolean record) {
      this.jfr = record;
      return this;
    }

    /**
     * Reports when heap usage goes over {@code bytes}, and when it is back under, once each way
     * ({@link MemoryEvent}, to {@link BlockingListener#onMemoryEvent}); 0, the default, checks
     * nothing.
     */
    public Builder memoryLimit(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("memory limit must be positive, or 0 for none: " + bytes);
      }
      this.memoryLimitBytes = bytes;
      return this;
    }

    /** How often heap usage is checked against the memory limit (default 5 s). */
    public Builder memoryPeriod(Duration period) {
      this.memoryPeriod = Config.checkPeriod(period);
      return this;
    }

    /** What to do about a blockage besides reporting it (default {@link OnBlock#REPORT}). */
    public Builder onBlock(OnBlock action) {
      this.onBlock = Objects.requireNonNull(action, "action");
      return this;
    }

    /**
     * Sets the maximum blocking time (default 100 ms).
     *
     * @throws IllegalArgumentException unless it is between 1 ms and 1 hour
     */
    public Builder maxBlockingTime(Duration maxBlockingTime) {
      this.maxBlockingTime = Config.checkThreshold(maxBlockingTime);
      return this;
    }

    /**
     * Sets how often hubs are checked (default a quarter of the maximum blocking time). A block
     * is reported at the latest one period after it passed the threshold.
     *
     * @throws IllegalArgumentException unless it is at least 1 ms
     */
    public Builder period(Duration period) {
      this.period = Config.checkPeriod(period);
      return this;
    }

    /** Prints human-readable reports to {@code out} (default stderr); null prints none. */
    public Builder printTo(PrintStream out) {
      this.printTo = out;
      return this;
    }

    /** Appends one JSON object per event to {@code file}, created readable by its owner only. */
    public Builder reportFile(Path file) {
      this.reportFile = file;
      return this;
    }

    /**
     * Adds a listener. Listeners run in order on a thread of their own, so a listener that
     * blocks delays other listeners, never the monitor or the text and JSON reports.
     */
    public Builder listener(BlockingListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the monitor. Its threads start on the first registration.
     *
     * @throws IllegalArgumentException if the period is longer than the maximum blocking time
     */
    public Monitor build() {
      return build(true);
    }

    private Monitor build(boolean enabled) {
      Duration effectivePeriod = period != null ? period : Config.defaultPeriod(maxBlockingTime);
      if (effectivePeriod.compareTo(maxBlockingTime) > 0) {
        throw new IllegalArgumentException("period " + effectivePeriod.toMillis()
            + " ms is longer than the maximum blocking time " + maxBlockingTime.toMillis() + " ms");
      }
      List<BlockingListener> sinks = new ArrayList<>();
      if (printTo != null) {
        sinks.add(TextSink.printingTo(printTo, repeatWindow, maxReportsPerMinute));
      }
      if (reportFile != null) {
        sinks.add(new JsonLinesSink(reportFile));
      }
      if (jfr && ModuleLayer.boot().findModule("jdk.jfr").isPresent()) {
        sinks.add(new JfrSink());
      }
      if (onBlock != OnBlock.REPORT) {
        sinks.add(new OnBlockAction(onBlock, System.err)); // after the report is written
      }
      List<BlockingListener> allListeners = new ArrayList<>();
      if (logTo != null) { // a logging backend is application code: the listeners' lane
        allListeners.add(TextSink.loggingTo(logTo, repeatWindow, maxReportsPerMinute));
      }
      allListeners.addAll(listeners);
      return new Monitor(enabled, this, effectivePeriod, sinks, allListeners,
          memoryLimitBytes == 0 ? null : new MemoryWatch(memoryLimitBytes, memoryPeriod.toNanos()));
    }
  }
}
