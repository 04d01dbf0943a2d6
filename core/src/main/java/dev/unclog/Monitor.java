/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.internal.Json;
import dev.unclog.internal.ReportText;
import dev.unclog.internal.Reporter;
import dev.unclog.internal.Settings;
import dev.unclog.internal.Threads;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

/**
 * A monitor watches hubs from one daemon thread and reports every hub that stays inside one task
 * for longer than its {@linkplain #maxBlockingTime() maximum blocking time}.
 *
 * <p>Most programs use the {@linkplain #global() global monitor}, configured by {@code UNCLOG_*}
 * environment variables and {@code unclog.*} system properties; tests and libraries can {@linkplain
 * #builder() build} their own. Three ways to watch a scheduler:
 *
 * <ul>
 *   <li>{@link #register(Thread, String)} a loop thread and call its {@link Hub}'s hooks;
 *   <li>{@link #watch(ExecutorService)} an executor, so that each task is a switch;
 *   <li>{@link #heartbeat(Executor, String)}: probe an executor you cannot wrap with a no-op task
 *       every period, and report when one waits too long.
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
  private final boolean summaryJson;
  private final HubRegistry registry = new HubRegistry();
  private final MonitorThreads threads;
  final WorkerHubs workerHubs = new WorkerHubs(this);

  /* Copy-on-write: filters come and go at run time; each episode's verdict iterates a snapshot. */
  private final List<BlockingFilter> filters;
  private final Offenders offenders = new Offenders();
  /* Where the summary goes at exit (the global monitor's text reports), or null. */
  private final PrintStream summaryTo;

  private Monitor(boolean enabled, Builder builder, Duration period) {
    this.enabled = enabled;
    this.maxBlockingTime = builder.maxBlockingTime;
    this.period = period;
    this.filters = new CopyOnWriteArrayList<>(builder.filters);
    this.summaryTo = builder.printTo;
    this.summaryJson = builder.printJson;
    Sinks sinks = Sinks.of(builder);
    sinks.own().add(offenders);
    this.reporter =
        new Reporter(
            sinks.own(),
            sinks.listeners(),
            new Predicate<Object>() { // a class, not a method reference: no class spun at start
              @Override
              public boolean test(Object event) {
                return admit(event);
              }
            },
            System.err);
    MemoryWatch memory =
        builder.memoryLimitBytes == 0
            ? null
            : new MemoryWatch(builder.memoryLimitBytes, builder.memoryPeriod.toNanos());
    this.watchdog = new Watchdog(this, memory, builder.reportDebuggerPauses);
    this.threads = new MonitorThreads(watchdog, reporter);
    if (enabled && memory != null) {
      threads.start(); // the memory watch needs the monitor thread even before any hub
    }
  }

  /**
   * The monitor configured by the environment ({@code UNCLOG_MAX_BLOCKING_TIME} and friends, see
   * docs/configuration.md). If {@code UNCLOG_MONITOR_ENABLE} is {@code false} it watches nothing:
   * its hubs are never checked and {@code watch} returns the executor as it is.
   */
  public static Monitor global() {
    return GlobalMonitor.INSTANCE;
  }

  /** A builder for a monitor of your own, starting from the documented defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers {@code thread} as a hub of the given kind, or returns its hub if it has one. Only
   * {@code thread} may call the hub's hooks.
   *
   * @throws IllegalArgumentException if the thread is one of unclog's own
   */
  public Hub register(Thread thread, String kind) {
    Objects.requireNonNull(thread, "thread");
    Objects.requireNonNull(kind, "kind");
    if (Threads.isUnclogThread(thread)) {
      throw new IllegalArgumentException(thread.getName() + " is unclog's own thread");
    }
    if (!enabled || threads.closed()) {
      return new Hub(this, kind, thread, null); // works as a hook; nobody watches it
    }
    Hub hub = registry.get(thread); // no lock: the agent's hooks come here after a carrier idles
    if (hub == null) {
      Hub created = new Hub(this, kind, thread, null);
      hub = registry.addIfAbsent(thread, created);
      if (hub == created) {
        threads.start(); // the first hub starts the threads
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
   * Probes {@code executor} with a no-op task every period and reports the executor as blocked when
   * a probe waits longer than the threshold. Use it for executors you cannot wrap. The report shows
   * the stack of the thread that ran the last probe; for a pool of several threads that may not be
   * the culprit. Close the returned hub to stop probing; probing stops by itself when the executor
   * rejects a probe.
   *
   * <p>The hub's {@code enter} and {@code exit} are driven by the probes: do not call them.
   */
  public Hub heartbeat(Executor executor, String name) {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(name, "name");
    Hub hub = new Hub(this, Hub.EXECUTOR, null, name);
    Heartbeats beats = enabled ? threads.heartbeats(() -> new Heartbeats(this)) : null;
    if (beats == null) {
      return hub;
    }
    registry.add(hub); // before the probe exists, so that its poster finds it watched
    beats.add(hub, executor);
    threads.start();
    return hub;
  }

  /* Starts the monitor's threads before any hub: for the agent's monitor (GlobalMonitor). */
  void startThreads() {
    if (enabled) {
      threads.start();
    }
  }

  /**
   * Adds a listener while the monitor runs, such as a test's or a metrics registry's. It runs on
   * the listener thread with the builder's listeners. Close the returned handle to remove it;
   * events queued before may still reach it.
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
    return ReportText.format(
        offenders.top(SUMMARY_PLACES), offenders.episodesElsewhere(), offenders.notTheCode());
  }

  /**
   * Waits until what the hubs did before this call has been judged and delivered: the monitor
   * finishes two more scans (so a task that returned gets its unblocked event) and every event
   * found by then reaches its sinks and listeners. Returns early at {@code timeout}. For tests;
   * does nothing on a monitor that is not running.
   */
  public void flush(Duration timeout) {
    Thread thread = threads.monitorThread();
    if (thread == null || threads.closed()) {
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
    Settings.checkPeriod(period);
    MonitoringFunctions runner = threads.functions();
    return runner == null ? () -> {} : runner.add(function, period);
  }

  /** The hubs this monitor watches now, in no order: a snapshot. */
  public List<Hub> hubs() {
    return registry.snapshot();
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
    threads.close(Duration.ofSeconds(1));
  }

  // ---- internal ----

  /** The global monitor's creation: its MBean, once the platform MBean server exists. */
  void publishBean() {
    watchdog.publishBean();
  }

  /**
   * For the shutdown hook: one last scan (at most 100 ms), then up to 200 ms for the sinks to write
   * what was found, so that a block just before exit is reported whole.
   */
  void finishBeforeExit() {
    Thread thread = threads.monitorThread();
    if (thread != null && watchdog.sawHubs()) { // else nothing can be due: no wait at exit
      watchdog.scanOnceMore(thread, 100_000_000L);
    }
    reporter.drainBeforeExit();
    if (summaryTo != null) {
      try {
        String summary = summary();
        if (!summaryJson) {
          summaryTo.print(summary);
        } else if (!summary.isEmpty()) {
          summaryTo.print(Json.summary(summary) + "\n");
        }
        summaryTo.flush();
      } catch (Throwable t) {
        // stderr is gone: nothing left to tell
      }
    }
  }

  /** On a reporter lane, before delivery: an episode the filters drop reaches no sink. */
  private boolean admit(Object event) {
    if (!(event instanceof BlockingEvent blocking)) {
      return true;
    }
    blocking.task(); // named while the task still runs, so every event of the episode says the same
    return blocking.verdict.report(
        blocking,
        filters,
        (filter, t) -> reporter.failedOnce("filter " + filter.getClass().getName(), t));
  }

  /**
   * Stops watching {@code hub}. An episode in progress is ended by the monitor at its next scan, so
   * that it is still reported whole.
   */
  void forget(Hub hub) {
    registry.forget(hub);
  }

  HubRegistry registry() {
    return registry;
  }

  int hubCount() {
    return registry.size();
  }

  boolean isWatched(Hub hub) {
    return registry.isWatched(hub);
  }

  Reporter reporter() {
    return reporter;
  }

  /** How many scans the monitor has finished; tests wait on it instead of sleeping. */
  long scans() {
    return watchdog.scans();
  }

  /**
   * What to do about a blockage besides reporting it: for development and tests, where a blockage
   * should not go unnoticed ({@code UNCLOG_ON_BLOCK}). Java cannot raise an exception inside
   * another thread, as eventlet does; these are the real mechanisms, each with its limits.
   */
  public enum OnBlock {
    /** Report it, nothing more (the default). */
    REPORT,
    /**
     * Interrupt the culprit: the task of a watched executor, or a virtual thread holding its
     * carrier. Code that sleeps, waits or does interruptible I/O gets an {@link
     * InterruptedException} (or a closed channel) where it blocks; a CPU loop that does not check
     * its interrupt status goes on. Event-loop threads are never interrupted: that would close the
     * channels they serve.
     */
    INTERRUPT,
    /** Write the report, then halt the JVM with exit status 3: no shutdown hooks, no cleanup. */
    HALT
  }

  /**
   * Builds a {@link Monitor}. Defaults: maximum blocking time 100 ms, period a quarter of it, text
   * reports on stderr, no JSON lines file, no listeners.
   */
  public static final class Builder {
    /* Package-private for the settings' tests, which read what a setting gave. */
    Duration maxBlockingTime = Settings.DEFAULT_MAX_BLOCKING_TIME;
    Duration period;
    PrintStream printTo = System.err;
    boolean printJson;
    Path reportFile;
    final List<BlockingListener> listeners = new ArrayList<>();
    OnBlock onBlock = OnBlock.REPORT;
    long memoryLimitBytes;
    Duration memoryPeriod = Settings.DEFAULT_MEMORY_PERIOD;
    final List<BlockingFilter> filters = new ArrayList<>();
    boolean reportDebuggerPauses;
    Duration repeatWindow = Settings.DEFAULT_REPEAT_WINDOW;
    int maxReportsPerMinute = Settings.DEFAULT_MAX_REPORTS_PER_MINUTE;
    System.Logger logTo;
    boolean jfr = true;

    private Builder() {}

    /**
     * Adds a filter: an episode is reported (text, file, logger, JFR, listeners, on-block action)
     * only if every filter agrees. See {@link BlockingFilter}.
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
     * For the text reports: after a place (a {@linkplain BlockingEvent#fingerprint() fingerprint})
     * is reported in full, further episodes there get one line each for this long (default 1
     * minute, at most a day); zero reports each in full. Files and listeners get every event.
     */
    public Builder repeatWindow(Duration window) {
      this.repeatWindow = Settings.checkRepeatWindow(window);
      return this;
    }

    /**
     * For the text reports: at most this many full reports a minute (default 20), the rest one line
     * each; 0 for no limit, at most 1,000,000.
     */
    public Builder maxReportsPerMinute(int max) {
      this.maxReportsPerMinute = Settings.checkReportsPerMinute(max);
      return this;
    }

    /**
     * Also logs the text reports to {@code logger} (blocked at WARNING, unblocked at INFO), so that
     * they reach SLF4J, Log4j or JUL through the application's bridge. It is called on the listener
     * thread, since a logging backend is application code. Null (the default) logs nothing.
     */
    public Builder logTo(System.Logger logger) {
      this.logTo = logger;
      return this;
    }

    /**
     * Whether episodes are recorded as JFR events {@code dev.unclog.Blocked} and {@code
     * dev.unclog.Episode} while a flight recording runs (default true; nothing is done without a
     * recording).
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
      this.memoryLimitBytes = Settings.checkMemoryLimit(bytes);
      return this;
    }

    /** How often heap usage is checked against the memory limit (default 5 s, 1 ms to 1 h). */
    public Builder memoryPeriod(Duration period) {
      this.memoryPeriod = Settings.checkMemoryPeriod(period);
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
      this.maxBlockingTime = Settings.checkThreshold(maxBlockingTime);
      return this;
    }

    /**
     * Sets how often hubs are checked (default a quarter of the maximum blocking time). A block is
     * reported at the latest one period after it passed the threshold.
     *
     * @throws IllegalArgumentException unless it is at least 1 ms
     */
    public Builder period(Duration period) {
      this.period = Settings.checkPeriod(period);
      return this;
    }

    /** Prints human-readable reports to {@code out} (default stderr); null prints none. */
    public Builder printTo(PrintStream out) {
      this.printTo = out;
      return this;
    }

    /**
     * Prints the reports of {@link #printTo} as one JSON object per line (the report file's schema,
     * the {@code Info:} section as the field {@code info}, the summary at exit as an event {@code
     * summary}) instead of text: for log shippers that take each line as a record. Default false.
     */
    public Builder printJson(boolean json) {
      this.printJson = json;
      return this;
    }

    /** Appends one JSON object per event to {@code file}, created readable by its owner only. */
    public Builder reportFile(Path file) {
      this.reportFile = file;
      return this;
    }

    /**
     * Adds a listener. Listeners run in order on a thread of their own, so a listener that blocks
     * delays other listeners, never the monitor or the text and JSON reports.
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

    /** The period, a quarter of the threshold if none was set. */
    Duration effectivePeriod() {
      return period != null ? period : Settings.defaultPeriod(maxBlockingTime);
    }

    Monitor build(boolean enabled) {
      Duration fitting = Settings.checkPeriodFits(effectivePeriod(), maxBlockingTime);
      return new Monitor(enabled, this, fitting);
    }
  }
}
