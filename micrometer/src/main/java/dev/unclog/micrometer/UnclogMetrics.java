/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.micrometer;

import dev.unclog.BlockingEvent;
import dev.unclog.BlockingListener;
import dev.unclog.Hub;
import dev.unclog.Monitor;
import dev.unclog.internal.Diagnostics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a {@link Monitor}'s blocking episodes and its hubs' lag as Micrometer meters.
 *
 * <pre>{@code
 * UnclogMetrics metrics = UnclogMetrics.global();
 * metrics.bindTo(registry);
 * ...
 * metrics.close(); // at shutdown
 * }</pre>
 *
 * <p>Meters:
 *
 * <ul>
 *   <li>{@code unclog.episodes}, a counter tagged {@code kind} (the hub's kind, such as {@code
 *       event-loop}) and {@code cause} ({@code on-cpu}, {@code waiting}, {@code class-loading},
 *       {@code cpu-starved}, {@code cpu-throttled}, {@code gc}, {@code process-stall}, {@code
 *       debugger} or {@code unknown}; see docs/causes.md): blocking episodes that ended.
 *   <li>{@code unclog.blocked}, a timer with the same tags and a percentile histogram: each
 *       episode's measured duration. Its max is how long the worst episode really blocked, not the
 *       threshold it crossed.
 *   <li>{@code unclog.hubs}, a gauge: how many hubs the monitor watches.
 *   <li>{@code unclog.loop.lag}, a time gauge per hub tagged {@code hub} (its name) and {@code
 *       kind}: how long the hub has been inside its current task, as {@link Hub#lag()}, fresh
 *       within one monitor period. It shows a blockage while it happens, before the episode ends.
 * </ul>
 *
 * <p>An episode is counted and timed when it ends, from the monitor's listener thread. Hubs come
 * and go (carriers retire, executors shut down), so a daemon thread named {@code unclog-metrics}
 * looks for new and departed hubs every 5 seconds and adds or removes their lag gauges. Two hubs
 * with the same name and kind would share one series: the first one found is published until it
 * goes. {@link #close() Close} this to stop.
 */
public final class UnclogMetrics implements MeterBinder, AutoCloseable {
  private static final String EPISODES = "unclog.episodes";
  private static final String BLOCKED = "unclog.blocked";
  private static final String HUBS = "unclog.hubs";
  private static final String LAG = "unclog.loop.lag";
  private static final String THREAD_NAME = "unclog-metrics";
  private static final Duration DISCOVERY_PERIOD = Duration.ofSeconds(5);
  /* Longer blockages land in the +Inf bucket; the timer's max still has their real duration. */
  private static final Duration LONGEST_BUCKET = Duration.ofMinutes(10);

  private final Monitor monitor;
  private final Duration discoveryPeriod;
  /* Read by the listener thread without the lock; written under it. */
  private final List<Binding> bindings = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  // Guarded by lock:
  private ScheduledThreadPoolExecutor discovery;
  private AutoCloseable listening;
  private boolean closed;
  private boolean discoveryFailed;

  /** Publishes the meters of {@code monitor}. */
  public UnclogMetrics(Monitor monitor) {
    this(monitor, DISCOVERY_PERIOD);
  }

  /* Tests look for hubs more often than every 5 s. */
  UnclogMetrics(Monitor monitor, Duration discoveryPeriod) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    this.discoveryPeriod = discoveryPeriod;
  }

  /** Returns a new binder for {@link Monitor#global()}, the agent's monitor. */
  public static UnclogMetrics global() {
    return new UnclogMetrics(Monitor.global());
  }

  /**
   * Registers the meters in {@code registry}, and lag gauges for the hubs watched now. Binding the
   * same registry again does nothing.
   *
   * @throws IllegalStateException if this is closed
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("UnclogMetrics is closed");
      }
      for (Binding binding : bindings) {
        if (binding.registry == registry) {
          return; // a second listener would count every episode twice
        }
      }
      Gauge.builder(HUBS, monitor, m -> m.hubs().size())
          .description("Hubs the monitor watches")
          .register(registry);
      Binding binding = new Binding(registry);
      binding.sync(monitor.hubs());
      bindings.add(binding);
      if (listening == null) {
        listening = monitor.addListener(new Recorder());
        discovery = newDiscoveryExecutor();
        long periodNanos = discoveryPeriod.toNanos();
        discovery.scheduleWithFixedDelay(
            this::discover, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
      }
    }
  }

  /**
   * Stops recording episodes and looking for hubs, and removes the lag gauges, which nothing keeps
   * in step with the hubs any more. The other meters stay with their last values.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (discovery != null) {
        discovery.shutdownNow();
      }
      if (listening != null) {
        try {
          listening.close();
        } catch (Exception e) {
          throw new IllegalStateException(e); // unclog's handle declares but never throws
        }
      }
      for (Binding binding : bindings) {
        binding.removeAll();
      }
      bindings.clear(); // events queued before the listener left must not count either
    }
  }

  private void discover() {
    try {
      synchronized (lock) {
        if (closed) {
          return;
        }
        List<Hub> hubs = monitor.hubs();
        for (Binding binding : bindings) {
          binding.sync(hubs);
        }
      }
    } catch (Throwable t) {
      // A scheduled task that throws is never run again: say so once, and keep looking.
      boolean first;
      synchronized (lock) {
        first = !discoveryFailed;
        discoveryFailed = true;
      }
      if (first) {
        Diagnostics.line("metrics hub discovery failed: " + t + " (reported once; it goes on)");
      }
    }
  }

  private ScheduledThreadPoolExecutor newDiscoveryExecutor() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread =
                  Thread.ofPlatform()
                      .name(THREAD_NAME)
                      .daemon(true)
                      .inheritInheritableThreadLocals(false)
                      .unstarted(task);
              // Else it inherits the binding thread's loader, perhaps a web app's, and pins it.
              thread.setContextClassLoader(UnclogMetrics.class.getClassLoader());
              return thread;
            });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return executor;
  }

  /** Counts and times each episode once, when it ends and its real duration is known. */
  private final class Recorder implements BlockingListener {
    @Override
    public void onEvent(BlockingEvent event) {
      if (event.type() != BlockingEvent.Type.UNBLOCKED) {
        return;
      }
      Tags tags = Tags.of("kind", event.hubKind(), "cause", event.cause().jsonName());
      for (Binding binding : bindings) {
        Counter.builder(EPISODES)
            .description("Blocking episodes that ended")
            .tags(tags)
            .register(binding.registry)
            .increment();
        Timer.builder(BLOCKED)
            .description("How long each blocking episode blocked its hub")
            .tags(tags)
            .publishPercentileHistogram()
            // No episode is shorter than the threshold: buckets below it would stay empty.
            .minimumExpectedValue(monitor.maxBlockingTime())
            .maximumExpectedValue(max(LONGEST_BUCKET, monitor.maxBlockingTime()))
            .register(binding.registry)
            .record(event.blocked());
      }
    }

    @Override
    public String toString() {
      return "UnclogMetrics";
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** One registry's lag gauges, by hub. Guarded by the lock. */
  private static final class Binding {
    final MeterRegistry registry;
    /* Identity keys: a hub is one registration, whatever its name. */
    final Map<Hub, Lag> lags = new IdentityHashMap<>();

    Binding(MeterRegistry registry) {
      this.registry = registry;
    }

    void sync(List<Hub> hubs) {
      Set<Hub> live = Collections.newSetFromMap(new IdentityHashMap<>());
      live.addAll(hubs);
      for (Iterator<Map.Entry<Hub, Lag>> i = lags.entrySet().iterator(); i.hasNext(); ) {
        Map.Entry<Hub, Lag> entry = i.next();
        // A renamed thread gets a series under its new name.
        if (!live.contains(entry.getKey())
            || !entry.getValue().name.equals(entry.getKey().name())) {
          registry.remove(entry.getValue().gauge);
          i.remove();
        }
      }
      // One series per name and kind: a second hub of the same name waits for the first to go.
      Set<String> published = new HashSet<>();
      for (Lag lag : lags.values()) {
        published.add(lag.series);
      }
      for (Hub hub : hubs) {
        String name = hub.name();
        String series = hub.kind() + '\n' + name;
        if (lags.containsKey(hub) || !published.add(series)) {
          continue;
        }
        // The gauge holds the hub weakly; this map holds it until the monitor forgets it.
        Meter gauge =
            TimeGauge.builder(LAG, hub, TimeUnit.NANOSECONDS, h -> h.lag().toNanos())
                .description("How long the hub has been inside its current task")
                .tags("hub", name, "kind", hub.kind())
                .register(registry);
        lags.put(hub, new Lag(name, series, gauge));
      }
    }

    void removeAll() {
      for (Lag lag : lags.values()) {
        registry.remove(lag.gauge);
      }
      lags.clear();
    }
  }

  private record Lag(String name, String series, Meter gauge) {}
}
