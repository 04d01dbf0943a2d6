/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.opentelemetry;

import dev.unclog.BlockingEvent;
import dev.unclog.BlockingListener;
import dev.unclog.Hub;
import dev.unclog.MemoryEvent;
import dev.unclog.Monitor;
import dev.unclog.Registration;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.metrics.ObservableLongUpDownCounter;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Publishes a {@link Monitor}'s blocking episodes through the OpenTelemetry API: each event as a
 * log record, and the episodes' durations and counts and the hubs' lag as metrics. Whatever SDK the
 * application set up (by hand, by the SDK's autoconfiguration from {@code OTEL_*} variables, or the
 * OpenTelemetry Java agent's) exports them.
 *
 * <pre>{@code
 * UnclogOpenTelemetry telemetry = UnclogOpenTelemetry.bind(openTelemetry, Monitor.global());
 * ...
 * telemetry.close(); // at shutdown
 * }</pre>
 *
 * <p>Log records, one per event, of the instrumentation scope {@code dev.unclog} (schema URL of the
 * semantic conventions v1.44.0):
 *
 * <ul>
 *   <li>event name {@code unclog.blocked} and {@code unclog.still_blocked} at severity {@code
 *       WARN}, {@code unclog.unblocked} at {@code INFO}; {@code unclog.memory_exceeded} at {@code
 *       WARN}, {@code unclog.memory_recovered} at {@code INFO};
 *   <li>a one-line body of at most 1,000 characters;
 *   <li>attributes: {@code unclog.hub}, {@code unclog.hub.kind}, {@code unclog.cause}, {@code
 *       unclog.blocked.duration} (seconds), {@code unclog.episode.id}, {@code unclog.fingerprint},
 *       the culprit frame as {@code code.function.name}, {@code code.file.path} and {@code
 *       code.line.number}, the stack as {@code code.stacktrace} (at most 64 frames and 16 KiB),
 *       {@code host.name}, {@code process.pid} and {@code unclog.run}, and more
 *       (docs/opentelemetry.md). Other strings are cut to 1,000 characters.
 * </ul>
 *
 * <p>Metrics of the same scope:
 *
 * <ul>
 *   <li>{@code unclog.blocking.duration}, a histogram in seconds by {@code unclog.hub.kind} and
 *       {@code unclog.cause}: each ended episode's measured duration;
 *   <li>{@code unclog.episodes}, a counter by the same attributes: episodes that ended;
 *   <li>{@code unclog.loop.lag}, a gauge in seconds by {@code unclog.hub} and {@code
 *       unclog.hub.kind}: {@link Hub#lag()}, for at most 100 hubs, the ones that lag most;
 *   <li>{@code unclog.hub.count}, by {@code unclog.hub.kind}: the hubs watched.
 * </ul>
 *
 * <p>Records are made and metrics recorded on the monitor's listener thread, never on a hub or the
 * monitor thread; with the SDK's batch processor (autoconfiguration's default) that thread only
 * queues them. Nothing thrown by the API, the SDK or an exporter reaches the monitor: the first
 * failure of each kind is named once on stderr, and the binding goes on. {@link #close() Close}
 * this to stop.
 */
public final class UnclogOpenTelemetry implements AutoCloseable {
  /** The instrumentation scope's name. */
  static final String SCOPE = "dev.unclog";

  /** Hubs whose lag is published at most: hub names are many where carriers come and go. */
  static final int MAX_LAG_SERIES = 100;

  /* For GlobalOpenTelemetry not set yet: how often to look again. */
  private static final Duration GLOBAL_POLL = Duration.ofSeconds(1);

  /* Episodes last from the threshold (100 ms by default; the first bucket is for thresholds down to
   * 50 ms) to about a minute; longer ones go to +Inf, and the sum keeps their real duration. */
  static final List<Double> BUCKETS =
      List.of(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0);

  private final Monitor monitor;
  private final Supplier<OpenTelemetry> source;
  private final PrintStream diagnostics;
  private final Object lock = new Object();
  private final Set<String> failed = ConcurrentHashMap.newKeySet();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong unbound = new AtomicLong();
  /* Null until the OpenTelemetry is known (bindGlobal before the SDK is set up); then never again. */
  private volatile Instruments instruments;
  private volatile boolean closed;
  /*
   * Set JVM-wide by the first global binding: the agent's, whose copy of this class lives in a
   * loader of its own, or the application's. So the other one does not publish every event twice.
   */
  static final String GLOBAL_BOUND = "dev.unclog.otel.globalBound";
  private boolean ownsGlobal; // written before start, read under lock
  // Guarded by lock:
  private Registration listening;
  private Registration polling;

  UnclogOpenTelemetry(Supplier<OpenTelemetry> source, Monitor monitor, PrintStream diagnostics) {
    this.source = source;
    this.monitor = monitor;
    this.diagnostics = diagnostics;
  }

  /**
   * Publishes the events and hubs of {@code monitor} to {@code openTelemetry}'s logs and metrics,
   * from now on. Binding twice publishes every event twice.
   */
  public static UnclogOpenTelemetry bind(OpenTelemetry openTelemetry, Monitor monitor) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    Objects.requireNonNull(monitor, "monitor");
    UnclogOpenTelemetry binding = new UnclogOpenTelemetry(() -> openTelemetry, monitor, System.err);
    binding.start(false);
    return binding;
  }

  /**
   * Publishes the events and hubs of {@link Monitor#global()}, the agent's monitor, to {@link
   * GlobalOpenTelemetry}: the OpenTelemetry Java agent's, or the SDK the application registered.
   * Safe to call before either exists: it never calls {@link GlobalOpenTelemetry#get()} before
   * {@link GlobalOpenTelemetry#isSet()} (which would fix the global to a no-op), but looks again
   * every second, and at each event, until it is set; events before that are not published.
   */
  public static UnclogOpenTelemetry bindGlobal() {
    UnclogOpenTelemetry binding =
        new UnclogOpenTelemetry(
            () -> GlobalOpenTelemetry.isSet() ? GlobalOpenTelemetry.get() : null,
            Monitor.global(),
            System.err);
    if (System.getProperties().putIfAbsent(GLOBAL_BOUND, "true") != null) {
      binding.diagnostics.println(
          "unclog: the global OpenTelemetry is bound already (the unclog agent binds it unless"
              + " UNCLOG_OPENTELEMETRY=false): this bindGlobal() publishes nothing");
      return binding; // never started: close() does nothing
    }
    binding.ownsGlobal = true;
    binding.start(true);
    return binding;
  }

  void start(boolean lazily) {
    synchronized (lock) {
      resolve();
      listening = monitor.addListener(new Listener());
      if (lazily && instruments == null && monitor.enabled()) {
        // Off the listener thread, so that lag is published before the first episode too.
        polling = monitor.addMonitoringFunction(this::resolve, GLOBAL_POLL);
      }
    }
  }

  /**
   * Stops publishing: removes the listener, and the lag and hub gauges, which nothing would keep in
   * step with the hubs. The histogram and the counter keep the values they had (the API cannot
   * remove them); events queued before this are not published.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (ownsGlobal) {
        System.getProperties().remove(GLOBAL_BOUND);
      }
      if (listening != null) {
        listening.close();
      }
      if (polling != null) {
        polling.close();
      }
      Instruments current = instruments;
      if (current != null) {
        current.close();
      }
    }
  }

  /** Failures caught so far, for the tests. */
  long failures() {
    return failures.get();
  }

  /** Events that came before the OpenTelemetry was known, for the tests. */
  long unbound() {
    return unbound.get();
  }

  /** The instruments, made at the first call that finds the OpenTelemetry; null till then. */
  private Instruments resolve() {
    Instruments current = instruments;
    if (current != null) {
      return current;
    }
    synchronized (lock) {
      if (instruments != null || closed) {
        return instruments;
      }
      try {
        OpenTelemetry openTelemetry = source.get();
        if (openTelemetry != null) {
          instruments = new Instruments(openTelemetry);
          if (polling != null) {
            polling.close();
            polling = null;
          }
        }
      } catch (Throwable t) {
        failed("binding to OpenTelemetry", t);
      }
      return instruments;
    }
  }

  private void failed(String what, Throwable t) {
    failures.incrementAndGet();
    if (failed.add(what)) {
      try {
        diagnostics.println(
            "unclog: "
                + what
                + " failed: "
                + t
                + " (reported once; unclog and its OpenTelemetry binding go on)");
      } catch (Throwable ignored) {
        // stderr is gone: nothing left to tell
      }
    }
  }

  /** On the monitor's listener thread, one event at a time. */
  private final class Listener implements BlockingListener {
    @Override
    public void onEvent(BlockingEvent event) {
      Instruments current = closed ? null : resolve();
      if (current == null) {
        if (!closed) {
          unbound.incrementAndGet();
        }
        return;
      }
      // Each signal on its own: a log pipeline that fails must not lose the metrics, or back.
      try {
        Records.emit(current.logger, event);
      } catch (Throwable t) {
        failed("exporting a blocking event as a log record", t);
      }
      if (event.type() == BlockingEvent.Type.UNBLOCKED) {
        try {
          current.record(event);
        } catch (Throwable t) {
          failed("recording a blocking episode's metrics", t);
        }
      }
    }

    @Override
    public void onMemoryEvent(MemoryEvent event) {
      Instruments current = closed ? null : resolve();
      if (current == null) {
        return;
      }
      try {
        Records.emit(current.logger, event);
      } catch (Throwable t) {
        failed("exporting a memory event as a log record", t);
      }
    }

    @Override
    public String toString() {
      return "UnclogOpenTelemetry";
    }
  }

  /** What one OpenTelemetry gave: a logger and the instruments. */
  private final class Instruments {
    final Logger logger;
    final DoubleHistogram durations;
    final LongCounter episodes;
    final ObservableDoubleGauge lag;
    final ObservableLongUpDownCounter hubs;
    /* Attributes by kind and cause: the same few pairs for every episode. */
    final Map<String, Attributes> byKindAndCause = new ConcurrentHashMap<>();

    Instruments(OpenTelemetry openTelemetry) {
      String version = version();
      logger =
          openTelemetry
              .getLogsBridge()
              .loggerBuilder(SCOPE)
              .setInstrumentationVersion(version)
              .setSchemaUrl(Records.SCHEMA_URL)
              .build();
      Meter meter =
          openTelemetry
              .getMeterProvider()
              .meterBuilder(SCOPE)
              .setInstrumentationVersion(version)
              .setSchemaUrl(Records.SCHEMA_URL)
              .build();
      durations =
          meter
              .histogramBuilder("unclog.blocking.duration")
              .setUnit("s")
              .setDescription("How long each blocking episode blocked its hub")
              .setExplicitBucketBoundariesAdvice(BUCKETS)
              .build();
      episodes =
          meter
              .counterBuilder("unclog.episodes")
              .setUnit("{episode}")
              .setDescription("Blocking episodes that ended")
              .build();
      lag =
          meter
              .gaugeBuilder("unclog.loop.lag")
              .setUnit("s")
              .setDescription("How long each hub has been inside its current task")
              .buildWithCallback(this::observeLag);
      try {
        hubs =
            meter
                .upDownCounterBuilder("unclog.hub.count")
                .setUnit("{hub}")
                .setDescription("Hubs the monitor watches")
                .buildWithCallback(this::observeHubs);
      } catch (RuntimeException | Error e) {
        lag.close(); // else the next try to bind would publish every hub's lag twice
        throw e;
      }
    }

    void record(BlockingEvent event) {
      String kind = Bounds.cut(event.hubKind(), Bounds.MAX_STRING);
      String cause = event.cause().jsonName();
      Attributes attributes =
          byKindAndCause.computeIfAbsent(
              kind + '\n' + cause,
              key -> Attributes.of(Records.HUB_KIND, kind, Records.CAUSE, cause));
      durations.record(Records.seconds(event.blocked()), attributes);
      episodes.add(1, attributes);
    }

    /*
     * On the SDK's collecting thread. One point per hub name and kind (two hubs of one name are
     * one series: the laggier one is shown), the laggiest first, at most MAX_LAG_SERIES.
     */
    private void observeLag(ObservableDoubleMeasurement measurement) {
      try {
        Map<String, Lag> bySeries = new HashMap<>();
        for (Hub hub : monitor.hubs()) {
          String name = Bounds.cut(hub.name(), Bounds.MAX_STRING);
          String kind = Bounds.cut(hub.kind(), Bounds.MAX_STRING);
          Lag lag = new Lag(name, kind, Records.seconds(hub.lag()));
          bySeries.merge(kind + '\n' + name, lag, (a, b) -> a.seconds >= b.seconds ? a : b);
        }
        List<Lag> lags = new ArrayList<>(bySeries.values());
        lags.sort(
            Comparator.comparingDouble((Lag lag) -> lag.seconds)
                .reversed()
                .thenComparing(lag -> lag.kind)
                .thenComparing(lag -> lag.name));
        for (Lag lag : lags.subList(0, Math.min(lags.size(), MAX_LAG_SERIES))) {
          measurement.record(
              lag.seconds, Attributes.of(Records.HUB, lag.name, Records.HUB_KIND, lag.kind));
        }
      } catch (Throwable t) {
        failed("observing the hubs' lag", t);
      }
    }

    private void observeHubs(ObservableLongMeasurement measurement) {
      try {
        Map<String, Long> byKind = new HashMap<>();
        for (Hub hub : monitor.hubs()) {
          byKind.merge(Bounds.cut(hub.kind(), Bounds.MAX_STRING), 1L, Long::sum);
        }
        byKind.forEach(
            (kind, count) -> measurement.record(count, Attributes.of(Records.HUB_KIND, kind)));
      } catch (Throwable t) {
        failed("observing the hubs", t);
      }
    }

    void close() {
      lag.close();
      hubs.close();
    }
  }

  private record Lag(String name, String kind, double seconds) {}

  /**
   * This jar's version, the scope's: from a file the build writes, as the manifest is not in tests.
   */
  static String version() {
    try (InputStream in = UnclogOpenTelemetry.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        String version = properties.getProperty("version");
        if (version != null && !version.isBlank() && !version.startsWith("${")) {
          return version;
        }
      }
    } catch (Exception e) {
      // the manifest's, below
    }
    String version = UnclogOpenTelemetry.class.getPackage().getImplementationVersion();
    return version != null ? version : "unknown";
  }
}
