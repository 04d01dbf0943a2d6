/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The settings a monitor starts from, read from agent arguments, {@code unclog.*} system
 * properties and {@code UNCLOG_*} environment variables, in that order of precedence. A bad
 * value never stops the program: it is named in one line on stderr and the default is used.
 *
 * @param enabled whether the global monitor watches anything ({@code UNCLOG_MONITOR_ENABLE})
 * @param enabledExplicitly whether {@code UNCLOG_MONITOR_ENABLE} was set at all
 * @param maxBlockingTime the threshold ({@code UNCLOG_MAX_BLOCKING_TIME})
 * @param period how often hubs are checked ({@code UNCLOG_MONITOR_PERIOD})
 * @param reportFile where JSON lines go, or null ({@code UNCLOG_REPORT_FILE})
 * @param printReports whether text reports go to stderr ({@code UNCLOG_PRINT_REPORTS})
 * @param onBlock report, interrupt or halt ({@code UNCLOG_ON_BLOCK})
 * @param memoryLimitBytes the heap limit, 0 for none ({@code UNCLOG_MONITOR_MEMORY_MAX})
 * @param memoryPeriod how often the heap is checked ({@code UNCLOG_MONITOR_MEMORY_PERIOD})
 * @param reportDebuggerPauses whether threads a debugger suspended are reported
 *     ({@code UNCLOG_DEBUGGER=report})
 * @param repeatWindow how long a place reported in full gets brief reports, zero for never
 *     ({@code UNCLOG_REPEAT_WINDOW})
 * @param maxReportsPerMinute full text reports per minute at most, 0 for no limit
 *     ({@code UNCLOG_MAX_REPORTS_PER_MINUTE})
 * @param loggerName the {@link System.Logger} reports go to, or null ({@code UNCLOG_LOGGER})
 * @param jfr whether episodes are recorded as JFR events ({@code UNCLOG_JFR})
 * @param spawnStacks whether thread starts and task submissions record where they happened
 *     ({@code UNCLOG_SPAWN_STACKS})
 */
public record Config(boolean enabled, boolean enabledExplicitly, Duration maxBlockingTime,
    Duration period, Path reportFile, boolean printReports, String onBlock,
    long memoryLimitBytes, Duration memoryPeriod, boolean reportDebuggerPauses,
    Duration repeatWindow, int maxReportsPerMinute, String loggerName, boolean jfr,
    boolean spawnStacks) {

  /** How long a place reported in full gets brief reports by default. */
  public static final Duration DEFAULT_REPEAT_WINDOW = Duration.ofMinutes(1);
  /** Full text reports per minute at most, by default. */
  public static final int DEFAULT_MAX_REPORTS_PER_MINUTE = 20;
  /** The logger name {@code UNCLOG_LOGGER=true} stands for. */
  public static final String DEFAULT_LOGGER = "dev.unclog";

  /** How often the heap is checked against a memory limit by default: gevent's 5 s. */
  public static final Duration DEFAULT_MEMORY_PERIOD = Duration.ofSeconds(5);

  /** The default maximum blocking time, gevent's 0.1 s. */
  public static final Duration DEFAULT_MAX_BLOCKING_TIME = Duration.ofMillis(100);
  static final Duration MIN_DURATION = Duration.ofMillis(1);
  static final Duration MAX_THRESHOLD = Duration.ofHours(1);
  static final String DURATION_FORMS = "a duration such as 250ms, 2s or 0.1 (seconds)";

  /** One setting: its environment variable and its system property / agent argument name. */
  public enum Knob {
    MONITOR_ENABLE("UNCLOG_MONITOR_ENABLE", "monitorEnable"),
    MAX_BLOCKING_TIME("UNCLOG_MAX_BLOCKING_TIME", "maxBlockingTime"),
    MONITOR_PERIOD("UNCLOG_MONITOR_PERIOD", "monitorPeriod"),
    REPORT_FILE("UNCLOG_REPORT_FILE", "reportFile"),
    PRINT_REPORTS("UNCLOG_PRINT_REPORTS", "printReports"),
    ON_BLOCK("UNCLOG_ON_BLOCK", "onBlock"),
    MEMORY_MAX("UNCLOG_MONITOR_MEMORY_MAX", "memoryMax"),
    MEMORY_PERIOD("UNCLOG_MONITOR_MEMORY_PERIOD", "memoryPeriod"),
    DEBUGGER("UNCLOG_DEBUGGER", "debugger"),
    REPEAT_WINDOW("UNCLOG_REPEAT_WINDOW", "repeatWindow"),
    MAX_REPORTS_PER_MINUTE("UNCLOG_MAX_REPORTS_PER_MINUTE", "maxReportsPerMinute"),
    LOGGER("UNCLOG_LOGGER", "logger"),
    JFR("UNCLOG_JFR", "jfr"),
    SPAWN_STACKS("UNCLOG_SPAWN_STACKS", "spawnStacks");

    final String environmentName;
    final String argumentName;

    Knob(String environmentName, String argumentName) {
      this.environmentName = environmentName;
      this.argumentName = argumentName;
    }

    /** The system property: {@code unclog.} and the argument name. */
    public String propertyName() {
      return "unclog." + argumentName;
    }

    /** The agent argument name, such as {@code maxBlockingTime}. */
    public String argumentName() {
      return argumentName;
    }

    /** The environment variable, such as {@code UNCLOG_MAX_BLOCKING_TIME}. */
    public String environmentName() {
      return environmentName;
    }
  }

  /* Set once by the agent before the global monitor is created; read when it is. */
  private static volatile Map<String, String> agentArguments = Map.of();
  private static volatile boolean environmentRead;

  /**
   * Hands the agent's arguments to the global monitor. Returns false if it is too late: the
   * application made the global monitor before the agent came (attached to a running JVM).
   */
  public static boolean useAgentArguments(Map<String, String> arguments) {
    agentArguments = Map.copyOf(arguments);
    return !environmentRead;
  }

  /**
   * Reads the agent's arguments, the process's system properties and its environment; errors
   * go to {@code err}.
   */
  public static Config fromEnvironment(PrintStream err) {
    environmentRead = true;
    return load(agentArguments, System::getProperty, System::getenv,
        line -> err.println("unclog: " + line));
  }

  /**
   * Reads the settings from three sources, the first that has a knob winning.
   *
   * @param arguments agent arguments by argument name
   * @param properties system properties by name
   * @param environment environment variables by name
   * @param errors receives one line per bad value
   */
  public static Config load(Map<String, String> arguments, Function<String, String> properties,
      Function<String, String> environment, Consumer<String> errors) {
    Reader reader = new Reader(arguments, properties, environment, errors);
    String enable = reader.raw(Knob.MONITOR_ENABLE);
    boolean enabled = reader.bool(Knob.MONITOR_ENABLE, true);
    Duration threshold = reader.duration(Knob.MAX_BLOCKING_TIME, DEFAULT_MAX_BLOCKING_TIME,
        MAX_THRESHOLD, "between 1ms and 1h");
    Duration defaultPeriod = defaultPeriod(threshold);
    Duration period = reader.duration(Knob.MONITOR_PERIOD, defaultPeriod, threshold,
        "between 1ms and the maximum blocking time (" + Durations.format(threshold) + ")");
    Path reportFile = reader.path(Knob.REPORT_FILE);
    boolean print = reader.bool(Knob.PRINT_REPORTS, true);
    String onBlock = reader.choice(Knob.ON_BLOCK, "report", "report", "interrupt", "halt");
    long memoryMax = reader.bytes(Knob.MEMORY_MAX, Runtime.getRuntime().maxMemory());
    Duration memoryPeriod = reader.duration(Knob.MEMORY_PERIOD, DEFAULT_MEMORY_PERIOD,
        MAX_THRESHOLD, "between 1ms and 1h");
    boolean reportDebuggerPauses =
        reader.choice(Knob.DEBUGGER, "quiet", "quiet", "report").equals("report");
    Duration repeatWindow = reader.raw(Knob.REPEAT_WINDOW) != null
        && reader.raw(Knob.REPEAT_WINDOW).trim().equals("0") ? Duration.ZERO
        : reader.duration(Knob.REPEAT_WINDOW, DEFAULT_REPEAT_WINDOW, Duration.ofDays(1),
            "0 or between 1ms and 1d");
    int maxReports = reader.count(Knob.MAX_REPORTS_PER_MINUTE, DEFAULT_MAX_REPORTS_PER_MINUTE,
        1_000_000);
    String logger = reader.raw(Knob.LOGGER);
    String loggerName = null;
    if (logger != null) {
      String trimmed = logger.trim();
      switch (trimmed.toLowerCase(Locale.ROOT)) {
        case "", "false", "off", "no", "0" -> loggerName = null;
        case "true", "on", "yes", "1" -> loggerName = DEFAULT_LOGGER;
        default -> loggerName = trimmed;
      }
    }
    boolean jfr = reader.bool(Knob.JFR, true);
    boolean spawnStacks = reader.bool(Knob.SPAWN_STACKS, false);
    return new Config(enabled, enable != null, threshold, period, reportFile, print, onBlock,
        memoryMax, memoryPeriod, reportDebuggerPauses, repeatWindow, maxReports, loggerName,
        jfr, spawnStacks);
  }

  /** A quarter of the threshold, at least 1 ms: a block is caught by 1.25 x the threshold. */
  public static Duration defaultPeriod(Duration threshold) {
    Duration quarter = threshold.dividedBy(4);
    return quarter.compareTo(MIN_DURATION) < 0 ? MIN_DURATION : quarter;
  }

  /** Checks a threshold given through the API. */
  public static Duration checkThreshold(Duration threshold) {
    if (threshold.compareTo(MIN_DURATION) < 0 || threshold.compareTo(MAX_THRESHOLD) > 0) {
      throw new IllegalArgumentException(
          "maximum blocking time must be between 1 ms and 1 hour: " + threshold);
    }
    return threshold;
  }

  /** Checks a period given through the API. */
  public static Duration checkPeriod(Duration period) {
    if (period.compareTo(MIN_DURATION) < 0) {
      throw new IllegalArgumentException("period must be at least 1 ms: " + period);
    }
    return period;
  }

  private static final class Reader {
    private final Map<String, String> arguments;
    private final Function<String, String> properties;
    private final Function<String, String> environment;
    private final Consumer<String> errors;

    Reader(Map<String, String> arguments, Function<String, String> properties,
        Function<String, String> environment, Consumer<String> errors) {
      this.arguments = arguments;
      this.properties = properties;
      this.environment = environment;
      this.errors = errors;
    }

    /** The knob's value from the first source that has it, or null. */
    String raw(Knob knob) {
      String value = arguments.get(knob.argumentName);
      if (value == null) {
        value = properties.apply(knob.propertyName());
      }
      if (value == null) {
        value = environment.apply(knob.environmentName);
      }
      return value;
    }

    /** Where the knob's value came from, for error messages. */
    private String source(Knob knob) {
      if (arguments.containsKey(knob.argumentName)) {
        return "agent argument " + knob.argumentName;
      }
      return properties.apply(knob.propertyName()) != null
          ? "system property " + knob.propertyName() : knob.environmentName;
    }

    private void reject(Knob knob, String value, String accepts, String defaultText) {
      errors.accept(source(knob) + "=\"" + Text.printable(value, 80) + "\" is not valid: expected "
          + accepts + "; using " + defaultText);
    }

    boolean bool(Knob knob, boolean defaultValue) {
      String value = raw(knob);
      if (value == null) {
        return defaultValue;
      }
      switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "true", "1", "yes", "on" -> {
          return true;
        }
        case "false", "0", "no", "off" -> {
          return false;
        }
        default -> {
          reject(knob, value, "true or false", String.valueOf(defaultValue));
          return defaultValue;
        }
      }
    }

    String choice(Knob knob, String defaultValue, String... choices) {
      String value = raw(knob);
      if (value == null) {
        return defaultValue;
      }
      String lower = value.trim().toLowerCase(Locale.ROOT);
      for (String choice : choices) {
        if (choice.equals(lower)) {
          return choice;
        }
      }
      reject(knob, value, "one of " + String.join(", ", choices), defaultValue);
      return defaultValue;
    }

    /**
     * A size in bytes: a number with an optional k, m or g (powers of 1024), or a percentage
     * of {@code heapMax}; 0 (none) by default.
     */
    long bytes(Knob knob, long heapMax) {
      String value = raw(knob);
      if (value == null) {
        return 0;
      }
      String text = value.trim().toLowerCase(Locale.ROOT);
      try {
        if (text.endsWith("%")) {
          double percent = Double.parseDouble(text.substring(0, text.length() - 1));
          if (percent > 0 && percent <= 100 && heapMax > 0 && heapMax != Long.MAX_VALUE) {
            return (long) (heapMax * percent / 100);
          }
        } else {
          int shift = switch (text.isEmpty() ? ' ' : text.charAt(text.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
          };
          long number = Long.parseLong(shift == 0 ? text : text.substring(0, text.length() - 1));
          if (number > 0 && number <= (Long.MAX_VALUE >> shift)) {
            return number << shift;
          }
        }
      } catch (NumberFormatException e) {
        // named below
      }
      reject(knob, value, "a heap size such as 512m, 2g or 80%", "no memory limit");
      return 0;
    }

    /** A whole number from 0 to {@code max}. */
    int count(Knob knob, int defaultValue, int max) {
      String value = raw(knob);
      if (value == null) {
        return defaultValue;
      }
      try {
        int parsed = Integer.parseInt(value.trim());
        if (parsed >= 0 && parsed <= max) {
          return parsed;
        }
      } catch (NumberFormatException e) {
        // named below
      }
      reject(knob, value, "a whole number from 0 to " + max, String.valueOf(defaultValue));
      return defaultValue;
    }

    Duration duration(Knob knob, Duration defaultValue, Duration max, String range) {
      String value = raw(knob);
      if (value == null) {
        return defaultValue;
      }
      Duration parsed;
      try {
        parsed = Durations.parse(value);
      } catch (IllegalArgumentException e) {
        reject(knob, value, DURATION_FORMS, Durations.format(defaultValue));
        return defaultValue;
      }
      if (parsed.compareTo(MIN_DURATION) < 0 || parsed.compareTo(max) > 0) {
        reject(knob, value, range, Durations.format(defaultValue));
        return defaultValue;
      }
      return parsed;
    }

    Path path(Knob knob) {
      String value = raw(knob);
      if (value == null || value.isBlank()) {
        if (value != null) {
          reject(knob, value, "a file path", "no report file");
        }
        return null;
      }
      try {
        return Path.of(value.trim());
      } catch (InvalidPathException e) {
        reject(knob, value, "a file path", "no report file");
        return null;
      }
    }


  }
}
