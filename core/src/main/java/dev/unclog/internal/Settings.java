/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import dev.unclog.Monitor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Every setting of a monitor, each defined once: its names (environment variable, system property,
 * agent option), how its text is read, its bounds, its default, and the {@link Monitor.Builder}
 * setter it goes through. The environment, the agent and the API so validate the same way: the
 * bounds below are the builder's own.
 *
 * <p>Sources are read in the order agent option, system property ({@code unclog.} and the option
 * name), environment variable; the first that has a setting wins. A bad value never stops the
 * program: it is named in one line and the setting keeps its default.
 */
public final class Settings {
  /** The default maximum blocking time, gevent's 0.1 s. */
  public static final Duration DEFAULT_MAX_BLOCKING_TIME = Duration.ofMillis(100);

  /** How often the heap is checked against a memory limit by default: gevent's 5 s. */
  public static final Duration DEFAULT_MEMORY_PERIOD = Duration.ofSeconds(5);

  /** How long a place reported in full gets brief reports by default. */
  public static final Duration DEFAULT_REPEAT_WINDOW = Duration.ofMinutes(1);

  /** Full text reports per minute at most, by default. */
  public static final int DEFAULT_MAX_REPORTS_PER_MINUTE = 20;

  /** The logger name {@code UNCLOG_LOGGER=true} stands for. */
  public static final String DEFAULT_LOGGER = "dev.unclog";

  private static final Duration MIN_DURATION = Duration.ofMillis(1);
  private static final Duration NO_LIMIT = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
  private static final int MAX_REPORTS_PER_MINUTE = 1_000_000;
  private static final String WHOLE_REPORTS = "a whole number from 0 to " + MAX_REPORTS_PER_MINUTE;
  private static final String DURATION_FORMS = "a duration such as 250ms, 2s or 0.1 (seconds)";
  private static final String BOOLEAN = "true or false";

  /** A value out of a setting's bounds, or text that is no value: says what was expected. */
  public static final class Refused extends IllegalArgumentException {
    private final String expected;

    private Refused(String message, String expected) {
      super(message);
      this.expected = expected;
    }

    /** Text that is no value of the setting. */
    static Refused notA(String expected) {
      return new Refused("expected " + expected, expected);
    }

    /** A value out of the setting's bounds. */
    static Refused outOf(String what, String expected, Object value) {
      return new Refused(what + " must be " + expected + ": " + value, expected);
    }
  }

  // ---- bounds, shared with the builder ----

  /** Checks a maximum blocking time. */
  public static Duration checkThreshold(Duration threshold) {
    return within("maximum blocking time", threshold, Duration.ofHours(1), "between 1ms and 1h");
  }

  /** Checks a period, of the monitor or of a monitoring function. */
  public static Duration checkPeriod(Duration period) {
    return within("period", period, NO_LIMIT, "at least 1ms");
  }

  /** Checks that the monitor's period is no longer than its maximum blocking time. */
  public static Duration checkPeriodFits(Duration period, Duration threshold) {
    String expected =
        "between 1ms and the maximum blocking time (" + Durations.format(threshold) + ")";
    if (period.compareTo(threshold) > 0) {
      throw new Refused(
          "period "
              + Durations.format(period)
              + " is longer than the maximum"
              + " blocking time "
              + Durations.format(threshold),
          expected);
    }
    return within("period", period, threshold, expected);
  }

  /** Checks how often the heap is checked. */
  public static Duration checkMemoryPeriod(Duration period) {
    return within("memory period", period, Duration.ofHours(1), "between 1ms and 1h");
  }

  /** Checks a repeat window: zero, or between 1 ms and a day. */
  public static Duration checkRepeatWindow(Duration window) {
    return window.isZero()
        ? window
        : within("repeat window", window, Duration.ofDays(1), "0 or between 1ms and 1d");
  }

  /** Checks a number of full reports per minute. */
  public static int checkReportsPerMinute(int max) {
    if (max < 0 || max > MAX_REPORTS_PER_MINUTE) {
      throw Refused.outOf("max reports per minute", WHOLE_REPORTS, max);
    }
    return max;
  }

  /** Checks a memory limit in bytes, 0 for none. */
  public static long checkMemoryLimit(long bytes) {
    if (bytes < 0) {
      throw Refused.outOf("memory limit", "a heap size such as 512m, 2g or 80%", bytes);
    }
    return bytes;
  }

  /** A quarter of the threshold, at least 1 ms: a block is caught by 1.25 x the threshold. */
  public static Duration defaultPeriod(Duration threshold) {
    Duration quarter = Duration.ofNanos(threshold.toNanos() / 4); // dividedBy: BigDecimal, slow
    return quarter.compareTo(MIN_DURATION) < 0 ? MIN_DURATION : quarter;
  }

  private static Duration within(String what, Duration value, Duration max, String expected) {
    if (value.compareTo(MIN_DURATION) < 0 || value.compareTo(max) > 0) {
      throw Refused.outOf(what, expected, Durations.format(value));
    }
    return value;
  }

  // ---- the table ----

  /** What loading the settings gives: a builder, and what only the global monitor uses. */
  public static final class Loaded {
    /** The builder, every setting that was given applied. */
    public final Monitor.Builder builder = Monitor.builder();

    /** Whether the global monitor watches anything ({@code UNCLOG_MONITOR_ENABLE}). */
    public boolean enabled = true;

    /** Whether thread starts and submissions record where they happened. */
    public boolean spawnStacks;

    /** The names of the JDK pool workers that are hubs, or null. */
    public Pattern hubThreads;

    /** Whether the agent publishes to the application's GlobalOpenTelemetry. */
    public boolean openTelemetry = true;

    /* The threshold applied so far: the period's bound. */
    private Duration threshold = DEFAULT_MAX_BLOCKING_TIME;

    /** The threshold the builder was given. */
    public Duration threshold() {
      return threshold;
    }
  }

  /**
   * One setting: its agent option (with {@code unclog.}, its system property), its environment
   * variable, what it is when not given, and how its text reaches the builder (read, then applied;
   * either may throw {@link Refused}, or the builder's IllegalArgumentException). An enum of small
   * bodies, not lambdas: this is read at every JVM start with the agent, where each lambda costs a
   * class spun at run time. In this order: the period's bound is the threshold given before it.
   */
  private enum Setting {
    MONITOR_ENABLE("monitorEnable", "UNCLOG_MONITOR_ENABLE", "true") {
      @Override
      void apply(Loaded l, String text) {
        l.enabled = bool(text);
      }
    },
    MAX_BLOCKING_TIME(
        "maxBlockingTime",
        "UNCLOG_MAX_BLOCKING_TIME",
        Durations.format(DEFAULT_MAX_BLOCKING_TIME)) {
      @Override
      void apply(Loaded l, String text) {
        Duration threshold = duration(text);
        l.builder.maxBlockingTime(threshold);
        l.threshold = threshold;
      }
    },
    MONITOR_PERIOD("monitorPeriod", "UNCLOG_MONITOR_PERIOD", null) {
      @Override
      void apply(Loaded l, String text) {
        l.builder.period(checkPeriodFits(duration(text), l.threshold));
      }

      @Override
      String unset(Loaded l) {
        return Durations.format(defaultPeriod(l.threshold));
      }
    },
    REPORT_FILE("reportFile", "UNCLOG_REPORT_FILE", "no report file") {
      @Override
      void apply(Loaded l, String text) {
        l.builder.reportFile(path(text));
      }
    },
    PRINT_REPORTS("printReports", "UNCLOG_PRINT_REPORTS", "true") {
      @Override
      void apply(Loaded l, String text) {
        l.builder.printTo(bool(text) ? System.err : null);
      }
    },
    LOG_FORMAT("logFormat", "UNCLOG_LOG_FORMAT", "text") {
      @Override
      void apply(Loaded l, String text) {
        l.builder.printJson(choice(text, "text", "json").equals("json"));
      }
    },
    ON_BLOCK("onBlock", "UNCLOG_ON_BLOCK", "report") {
      @Override
      void apply(Loaded l, String text) {
        l.builder.onBlock(
            Monitor.OnBlock.valueOf(
                choice(text, "report", "interrupt", "halt").toUpperCase(Locale.ROOT)));
      }
    },
    MEMORY_MAX("memoryMax", "UNCLOG_MONITOR_MEMORY_MAX", "no memory limit") {
      @Override
      void apply(Loaded l, String text) {
        l.builder.memoryLimit(heapSize(text));
      }
    },
    MEMORY_PERIOD(
        "memoryPeriod", "UNCLOG_MONITOR_MEMORY_PERIOD", Durations.format(DEFAULT_MEMORY_PERIOD)) {
      @Override
      void apply(Loaded l, String text) {
        l.builder.memoryPeriod(duration(text));
      }
    },
    DEBUGGER("debugger", "UNCLOG_DEBUGGER", "quiet") {
      @Override
      void apply(Loaded l, String text) {
        l.builder.reportDebuggerPauses(choice(text, "quiet", "report").equals("report"));
      }
    },
    REPEAT_WINDOW("repeatWindow", "UNCLOG_REPEAT_WINDOW", Durations.format(DEFAULT_REPEAT_WINDOW)) {
      @Override
      void apply(Loaded l, String text) {
        l.builder.repeatWindow(text.trim().equals("0") ? Duration.ZERO : duration(text));
      }
    },
    MAX_REPORTS_PER_MINUTE(
        "maxReportsPerMinute",
        "UNCLOG_MAX_REPORTS_PER_MINUTE",
        String.valueOf(DEFAULT_MAX_REPORTS_PER_MINUTE)) {
      @Override
      void apply(Loaded l, String text) {
        l.builder.maxReportsPerMinute(count(text));
      }
    },
    LOGGER("logger", "UNCLOG_LOGGER", "none") {
      @Override
      void apply(Loaded l, String text) {
        String name = loggerName(text);
        l.builder.logTo(name.isEmpty() ? null : System.getLogger(name));
      }
    },
    JFR("jfr", "UNCLOG_JFR", "true") {
      @Override
      void apply(Loaded l, String text) {
        l.builder.jfr(bool(text));
      }
    },
    SPAWN_STACKS("spawnStacks", "UNCLOG_SPAWN_STACKS", "false") {
      @Override
      void apply(Loaded l, String text) {
        l.spawnStacks = bool(text);
      }
    },
    HUB_THREADS("hubThreads", "UNCLOG_HUB_THREADS", "no named pools") {
      @Override
      void apply(Loaded l, String text) {
        l.hubThreads = pattern(text);
      }
    },
    OPEN_TELEMETRY("openTelemetry", "UNCLOG_OPENTELEMETRY", "true") {
      @Override
      void apply(Loaded l, String text) {
        l.openTelemetry = bool(text);
      }
    };

    final String argumentName;
    final String environmentName;
    private final String unset;

    Setting(String argumentName, String environmentName, String unset) {
      this.argumentName = argumentName;
      this.environmentName = environmentName;
      this.unset = unset;
    }

    /** Reads {@code text} and gives the value to the builder, or throws. */
    abstract void apply(Loaded loaded, String text);

    /** What the setting is when not given, for the refusal line. */
    String unset(Loaded loaded) {
      return unset;
    }

    String propertyName() {
      return "unclog." + argumentName;
    }
  }

  /** The agent option names, in the documented order. */
  public static List<String> argumentNames() {
    List<String> names = new ArrayList<>();
    for (Setting setting : Setting.values()) {
      names.add(setting.argumentName);
    }
    return names;
  }

  /** The environment variable names, in the documented order. */
  public static List<String> environmentNames() {
    List<String> names = new ArrayList<>();
    for (Setting setting : Setting.values()) {
      names.add(setting.environmentName);
    }
    return names;
  }

  /* Set once by the agent before the global monitor is created; read when it is. */
  private static volatile Map<String, String> agentArguments = Map.of();
  private static volatile boolean environmentRead;

  private Settings() {}

  /**
   * Hands the agent's arguments to the global monitor. Returns false if it is too late: the
   * application made the global monitor before the agent came (attached to a running JVM).
   */
  public static boolean useAgentArguments(Map<String, String> arguments) {
    agentArguments = Map.copyOf(arguments);
    agent = true;
    return !environmentRead;
  }

  private static volatile boolean agent;
  private static volatile boolean installed;

  /** Whether the agent is starting in this JVM (it hands its arguments over first). */
  public static boolean agentPresent() {
    return agent;
  }

  /** Called by the agent once its integrations are in place. */
  public static void agentInstalled() {
    installed = true;
  }

  /** Whether the agent started and watches this JVM's schedulers. */
  public static boolean agentWatches() {
    return installed;
  }

  /**
   * Reads the agent's arguments, the process's system properties and its environment; each refusal
   * is one line on {@code err}.
   */
  public static Loaded fromEnvironment(PrintStream err) {
    environmentRead = true;
    Loaded loaded =
        load(agentArguments, new SystemProperties(), new Environment(), Diagnostics.to(err));
    openTelemetry = loaded.openTelemetry;
    return loaded;
  }

  /* The global monitor's UNCLOG_OPENTELEMETRY, for the agent: set when its settings are read. */
  private static volatile boolean openTelemetry = true;

  /** Whether the agent may publish to the application's GlobalOpenTelemetry. */
  public static boolean openTelemetry() {
    return openTelemetry;
  }

  /* Classes, not method references: each of those spins a class at every start. */
  private static final class SystemProperties implements Function<String, String> {
    @Override
    public String apply(String name) {
      return System.getProperty(name);
    }
  }

  private static final class Environment implements Function<String, String> {
    @Override
    public String apply(String name) {
      return System.getenv(name);
    }
  }

  /**
   * Reads the settings from three sources, the first that has a setting winning.
   *
   * @param arguments agent arguments by option name
   * @param properties system properties by name
   * @param environment environment variables by name
   * @param errors receives one line per refused value
   */
  public static Loaded load(
      Map<String, String> arguments,
      Function<String, String> properties,
      Function<String, String> environment,
      Consumer<String> errors) {
    Loaded loaded = new Loaded();
    for (Setting setting : Setting.values()) {
      String source = "agent argument " + setting.argumentName;
      String text = arguments.get(setting.argumentName);
      if (text == null) {
        source = "system property " + setting.propertyName();
        text = properties.apply(setting.propertyName());
      }
      if (text == null) {
        source = setting.environmentName;
        text = environment.apply(setting.environmentName);
      }
      if (text != null) {
        apply(setting, text, loaded, source, errors);
      }
    }
    return loaded;
  }

  private static void apply(
      Setting setting, String text, Loaded loaded, String source, Consumer<String> errors) {
    try {
      setting.apply(loaded, text);
    } catch (IllegalArgumentException e) {
      String expected = e instanceof Refused refused ? refused.expected : e.getMessage();
      errors.accept(
          source
              + "=\""
              + Text.printable(text, 80)
              + "\" is not valid: expected "
              + expected
              + "; using "
              + setting.unset(loaded));
    }
  }

  // ---- readers: text to value, or Refused naming what was expected ----

  /** A setting's boolean as the settings read it ({@code true}, {@code yes}, ...), or null. */
  public static Boolean booleanOrNull(String text) {
    try {
      return bool(text);
    } catch (Refused notABoolean) {
      return null;
    }
  }

  private static boolean bool(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw Refused.notA(BOOLEAN);
    };
  }

  private static String choice(String text, String... choices) {
    String lower = text.trim().toLowerCase(Locale.ROOT);
    for (String choice : choices) {
      if (choice.equals(lower)) {
        return choice;
      }
    }
    throw Refused.notA("one of " + String.join(", ", choices));
  }

  private static Duration duration(String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw Refused.notA(DURATION_FORMS);
    }
  }

  private static Path path(String text) {
    try {
      if (!text.isBlank()) {
        return Path.of(text.trim());
      }
    } catch (IllegalArgumentException e) { // InvalidPathException
      // refused below
    }
    throw Refused.notA("a file path");
  }

  /* A regular expression that a whole thread name must match; not blank. */
  private static Pattern pattern(String text) {
    try {
      if (!text.isBlank()) {
        return Pattern.compile(text.trim());
      }
    } catch (PatternSyntaxException e) {
      throw Refused.notA(
          "a regular expression of thread names ("
              + e.getDescription()
              + " at "
              + e.getIndex()
              + ")");
    }
    throw Refused.notA("a regular expression of thread names");
  }

  /* A whole number; its bounds are the builder's (checkReportsPerMinute). */
  private static int count(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw Refused.notA(WHOLE_REPORTS);
    }
  }

  /** The logger's name; empty for none. {@code true} and its kin stand for the default one. */
  private static String loggerName(String text) {
    String trimmed = text.trim();
    return switch (trimmed.toLowerCase(Locale.ROOT)) {
      case "", "false", "off", "no", "0" -> "";
      case "true", "on", "yes", "1" -> DEFAULT_LOGGER;
      default -> trimmed;
    };
  }

  /** A number of bytes with an optional k, m or g (powers of 1024), or a percentage of the heap. */
  private static long heapSize(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    long heapMax = Runtime.getRuntime().maxMemory();
    try {
      if (value.endsWith("%")) {
        double percent = Double.parseDouble(value.substring(0, value.length() - 1));
        if (percent > 0 && percent <= 100 && heapMax > 0 && heapMax != Long.MAX_VALUE) {
          return (long) (heapMax * percent / 100);
        }
      } else {
        int shift =
            switch (value.isEmpty() ? ' ' : value.charAt(value.length() - 1)) {
              case 'k' -> 10;
              case 'm' -> 20;
              case 'g' -> 30;
              default -> 0;
            };
        long number = Long.parseLong(shift == 0 ? value : value.substring(0, value.length() - 1));
        if (number > 0 && number <= (Long.MAX_VALUE >> shift)) {
          return number << shift;
        }
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw Refused.notA("a heap size such as 512m, 2g or 80%");
  }
}
