/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.spring.boot;

import dev.unclog.Monitor;
import dev.unclog.MonitorMXBean;
import dev.unclog.internal.Durations;
import dev.unclog.internal.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Hands the {@code unclog.*} properties to the global monitor, the one way core offers: as the
 * system properties it reads when it is created. A bean factory post-processor, so that this runs
 * before any bean (the meters, the endpoint, an application's own) can create the monitor with
 * other settings.
 *
 * <p>The monitor has no setter for any of its settings: once created, it keeps them. So when it
 * already runs (the agent started it, or code used it before Spring), nothing is set, and the
 * properties it does not use are named in one warning line.
 */
final class GlobalSettings implements BeanFactoryPostProcessor {
  private static final Log LOG = LogFactory.getLog(UnclogAutoConfiguration.class);
  private static final int MAX_VALUE_SHOWN = 80;

  /** One of core's settings: its Spring name, system property, environment variable. */
  enum Knob {
    MONITOR_ENABLE(
        "monitor-enable", "monitorEnable", "UNCLOG_MONITOR_ENABLE", p -> p.getMonitorEnable()),
    MAX_BLOCKING_TIME(
        "max-blocking-time",
        "maxBlockingTime",
        "UNCLOG_MAX_BLOCKING_TIME",
        p -> p.getMaxBlockingTime()),
    MONITOR_PERIOD(
        "monitor-period", "monitorPeriod", "UNCLOG_MONITOR_PERIOD", p -> p.getMonitorPeriod()),
    REPORT_FILE("report-file", "reportFile", "UNCLOG_REPORT_FILE", p -> p.getReportFile()),
    PRINT_REPORTS(
        "print-reports", "printReports", "UNCLOG_PRINT_REPORTS", p -> p.getPrintReports()),
    LOG_FORMAT("log-format", "logFormat", "UNCLOG_LOG_FORMAT", p -> p.getLogFormat()),
    ON_BLOCK("on-block", "onBlock", "UNCLOG_ON_BLOCK", p -> p.getOnBlock()),
    MEMORY_MAX("memory-max", "memoryMax", "UNCLOG_MONITOR_MEMORY_MAX", p -> p.getMemoryMax()),
    MEMORY_PERIOD(
        "memory-period", "memoryPeriod", "UNCLOG_MONITOR_MEMORY_PERIOD", p -> p.getMemoryPeriod()),
    DEBUGGER("debugger", "debugger", "UNCLOG_DEBUGGER", p -> p.getDebugger()),
    REPEAT_WINDOW(
        "repeat-window", "repeatWindow", "UNCLOG_REPEAT_WINDOW", p -> p.getRepeatWindow()),
    MAX_REPORTS_PER_MINUTE(
        "max-reports-per-minute",
        "maxReportsPerMinute",
        "UNCLOG_MAX_REPORTS_PER_MINUTE",
        p -> p.getMaxReportsPerMinute()),
    LOGGER("logger", "logger", "UNCLOG_LOGGER", p -> p.getLogger()),
    JFR("jfr", "jfr", "UNCLOG_JFR", p -> p.getJfr()),
    SPAWN_STACKS("spawn-stacks", "spawnStacks", "UNCLOG_SPAWN_STACKS", p -> p.getSpawnStacks()),
    HUB_THREADS("hub-threads", "hubThreads", "UNCLOG_HUB_THREADS", p -> p.getHubThreads()),
    OPEN_TELEMETRY(
        "open-telemetry", "openTelemetry", "UNCLOG_OPENTELEMETRY", p -> p.getOpenTelemetry());

    final String springName;
    final String systemProperty;
    final String environmentVariable;
    final Function<UnclogProperties, String> value;

    Knob(
        String springName,
        String option,
        String environmentVariable,
        Function<UnclogProperties, String> value) {
      this.springName = "unclog." + springName;
      this.systemProperty = "unclog." + option;
      this.environmentVariable = environmentVariable;
      this.value = value;
    }
  }

  private final Environment environment;
  private final UnaryOperator<String> env;
  private final Log log;

  GlobalSettings(Environment environment) {
    this(environment, System::getenv, LOG);
  }

  /* Tests give an environment and a log of their own. */
  GlobalSettings(Environment environment, UnaryOperator<String> env, Log log) {
    this.environment = environment;
    this.env = env;
    this.log = log;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    UnclogProperties properties =
        Binder.get(environment)
            .bind("unclog", UnclogProperties.class)
            .orElseGet(UnclogProperties::new);
    apply(properties);
  }

  /** Applies the properties, or names those the running monitor does not use; returns that line. */
  String apply(UnclogProperties properties) {
    Map<Knob, String> given = new LinkedHashMap<>();
    for (Knob knob : Knob.values()) {
      String text = knob.value.apply(properties);
      if (text != null) {
        given.put(knob, text);
      }
    }
    if (given.isEmpty()) {
      return null; // nothing to apply: not even a reason to create the monitor early
    }
    // The global monitor sets this property when it starts (enabled); read it before creating it.
    boolean running = System.getProperty(MonitorMXBean.LOADED) != null;
    if (!running) {
      for (Map.Entry<Knob, String> entry : given.entrySet()) {
        if (!entry.getValue().equals(System.getProperty(entry.getKey().systemProperty))) {
          System.setProperty(entry.getKey().systemProperty, entry.getValue());
        }
      }
    }
    Monitor monitor = Monitor.global(); // created now from those properties, unless it ran already
    List<String> unused = new ArrayList<>();
    for (Map.Entry<Knob, String> entry : given.entrySet()) {
      String problem = unused(monitor, entry.getKey(), entry.getValue(), running);
      if (problem != null) {
        unused.add(problem);
      }
    }
    String line = null;
    if (!monitor.enabled() && isFalse(given.get(Knob.MONITOR_ENABLE))) {
      unused.clear(); // off, as asked: what else it would use does not matter
    }
    if (!monitor.enabled() && !isFalse(given.get(Knob.MONITOR_ENABLE))) {
      line =
          "unclog: the global monitor is switched off (UNCLOG_MONITOR_ENABLE, -Dunclog.monitorEnable"
              + " or the agent's monitorEnable=false), so these properties do nothing: "
              + String.join(", ", shown(given));
    } else if (!unused.isEmpty() && running) {
      line =
          "unclog: the global monitor was already running when Spring bound unclog.* (the agent"
              + " started it, or code used it first), and it reads its settings only when it"
              + " starts; these need a restart with them as -Dunclog.* system properties, UNCLOG_*"
              + " variables or agent options: "
              + String.join(", ", unused);
    } else if (!unused.isEmpty()) {
      line =
          "unclog: the global monitor refused these properties (the reason is in the line unclog"
              + " printed on stderr) and uses its defaults: "
              + String.join(", ", unused);
    } else if (log.isDebugEnabled()) {
      log.debug(
          "unclog: the global monitor "
              + (running ? "already used " : "was configured from ")
              + String.join(", ", shown(given)));
    }
    if (line != null) {
      log.warn(line);
    }
    return line;
  }

  /**
   * Whether the monitor does not use {@code text} for {@code knob}: null if it does (or may, for
   * those core does not show), else the property as the warning names it. The threshold, period and
   * switch are compared with the monitor's own values; the rest, once it runs, with what the JVM's
   * system properties and environment say, which is where the monitor read them.
   */
  private String unused(Monitor monitor, Knob knob, String text, boolean running) {
    String shown = knob.springName + "=" + cut(text);
    switch (knob) {
      case MONITOR_ENABLE -> {
        Boolean on = bool(text);
        return on != null && on == monitor.enabled()
            ? null
            : shown + " (in use: " + monitor.enabled() + ")";
      }
      case MAX_BLOCKING_TIME -> {
        Duration threshold = duration(text);
        return monitor.maxBlockingTime().equals(threshold)
            ? null
            : shown + " (in use: " + millis(monitor.maxBlockingTime()) + ")";
      }
      case MONITOR_PERIOD -> {
        Duration period = duration(text);
        return monitor.period().equals(period)
            ? null
            : shown + " (in use: " + millis(monitor.period()) + ")";
      }
      default -> {
        if (!running) {
          return null; // set as a system property just before the monitor read them
        }
        String property = System.getProperty(knob.systemProperty);
        String variable = env.apply(knob.environmentVariable);
        // The monitor took the system property over the variable, as Spring does.
        String read = property != null ? property : variable;
        return read != null && read.trim().equals(text.trim()) ? null : shown;
      }
    }
  }

  private static List<String> shown(Map<Knob, String> given) {
    List<String> shown = new ArrayList<>();
    given.forEach((knob, text) -> shown.add(knob.springName + "=" + cut(text)));
    return shown;
  }

  private static String millis(Duration duration) {
    long micros = duration.toNanos() / 1_000;
    return micros % 1_000 == 0 ? micros / 1_000 + "ms" : micros + "us";
  }

  /* A value as a log line shows it: one line, not too long (a path, a pattern). */
  static String cut(String text) {
    String line = text.replaceAll("\\p{Cntrl}", "?");
    return line.length() <= MAX_VALUE_SHOWN ? line : line.substring(0, MAX_VALUE_SHOWN) + "...";
  }

  private static boolean isFalse(String text) {
    return text != null && Boolean.FALSE.equals(bool(text));
  }

  /* The monitor's booleans, read by core's rule; null for none. */
  static Boolean bool(String text) {
    return Settings.booleanOrNull(text);
  }

  /* The monitor's durations, read by core's rule, to compare a property with what the monitor
   * uses; null for text that is no duration. */
  static Duration duration(String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException notADuration) {
      return null;
    }
  }
}
