/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code unclog.*} properties: the global monitor's settings of docs/configuration.md under
 * their Spring names ({@code unclog.maxBlockingTime} is {@code unclog.max-blocking-time}), and
 * {@code unclog.spring.*} for this integration itself.
 *
 * <p>The monitor's settings are text, passed to the monitor as it is and read by the monitor's own
 * rules: the same formats as {@code -Dunclog.*} and {@code UNCLOG_*} (a bare number is seconds),
 * and a bad value is named in one line while the default applies, never a failed start. Spring sees
 * {@code -Dunclog.maxBlockingTime} and {@code UNCLOG_MAX_BLOCKING_TIME} as this same property, so a
 * typed property would refuse values that the monitor accepts. Null means not set: the monitor's
 * default, or what the JVM's system properties and environment say.
 *
 * <p>The global monitor reads its settings once, when it is created. Spring applies them only if it
 * is the first to use the monitor; when the agent (or other code) started it before, the properties
 * that differ from what it uses are named in one warning line and take effect at the next start.
 */
@ConfigurationProperties("unclog")
public class UnclogProperties {
  /** Whether the global monitor watches anything (UNCLOG_MONITOR_ENABLE). Default true. */
  private String monitorEnable;

  /**
   * The threshold: a hub inside one task for longer is reported (UNCLOG_MAX_BLOCKING_TIME), such as
   * 250ms, 2s or 0.1 (seconds). Between 1ms and 1h. Default 100ms.
   */
  private String maxBlockingTime;

  /**
   * How often the monitor checks the hubs (UNCLOG_MONITOR_PERIOD), at most the threshold. Default a
   * quarter of the threshold.
   */
  private String monitorPeriod;

  /** A file to append one JSON object per event to (UNCLOG_REPORT_FILE). Default none. */
  private String reportFile;

  /** Whether reports are printed on stderr (UNCLOG_PRINT_REPORTS). Default true. */
  private String printReports;

  /** The stderr reports as text or json, one object per line (UNCLOG_LOG_FORMAT). Default text. */
  private String logFormat;

  /**
   * What to do about a blockage besides reporting it: report, interrupt or halt (UNCLOG_ON_BLOCK).
   * Default report.
   */
  private String onBlock;

  /**
   * A heap limit reported when crossed, such as 512m, 2g or 80% (UNCLOG_MONITOR_MEMORY_MAX).
   * Default none.
   */
  private String memoryMax;

  /**
   * How often heap usage is checked against memory-max (UNCLOG_MONITOR_MEMORY_PERIOD). Default 5s.
   */
  private String memoryPeriod;

  /**
   * Whether hubs a debugger has suspended are reported: quiet or report (UNCLOG_DEBUGGER). Default
   * quiet.
   */
  private String debugger;

  /**
   * How long a place reported in full gets one-line text reports (UNCLOG_REPEAT_WINDOW); 0 prints
   * every episode in full. Default 1m.
   */
  private String repeatWindow;

  /**
   * Full text reports per minute at most, the rest one line each; 0 for no limit
   * (UNCLOG_MAX_REPORTS_PER_MINUTE). Default 20.
   */
  private String maxReportsPerMinute;

  /**
   * Also sends the text reports to this System.Logger; true means the logger dev.unclog
   * (UNCLOG_LOGGER). Default none.
   */
  private String logger;

  /**
   * Whether episodes are recorded as JFR events while a recording runs (UNCLOG_JFR). Default true.
   */
  private String jfr;

  /**
   * Whether thread starts and task submissions record where they happened (UNCLOG_SPAWN_STACKS).
   * Default false.
   */
  private String spawnStacks;

  /**
   * A regular expression of thread names whose JDK pool workers become hubs, with the agent only
   * (UNCLOG_HUB_THREADS). Default none.
   */
  private String hubThreads;

  /**
   * With the agent, whether the monitor's events and hubs go to the application's
   * GlobalOpenTelemetry (UNCLOG_OPENTELEMETRY). Default true.
   */
  private String openTelemetry;

  /** What this integration does beside the monitor's settings. */
  private final Spring spring = new Spring();

  public String getMonitorEnable() {
    return monitorEnable;
  }

  public void setMonitorEnable(String monitorEnable) {
    this.monitorEnable = monitorEnable;
  }

  public String getMaxBlockingTime() {
    return maxBlockingTime;
  }

  public void setMaxBlockingTime(String maxBlockingTime) {
    this.maxBlockingTime = maxBlockingTime;
  }

  public String getMonitorPeriod() {
    return monitorPeriod;
  }

  public void setMonitorPeriod(String monitorPeriod) {
    this.monitorPeriod = monitorPeriod;
  }

  public String getReportFile() {
    return reportFile;
  }

  public void setReportFile(String reportFile) {
    this.reportFile = reportFile;
  }

  public String getPrintReports() {
    return printReports;
  }

  public void setPrintReports(String printReports) {
    this.printReports = printReports;
  }

  public String getLogFormat() {
    return logFormat;
  }

  public void setLogFormat(String logFormat) {
    this.logFormat = logFormat;
  }

  public String getOnBlock() {
    return onBlock;
  }

  public void setOnBlock(String onBlock) {
    this.onBlock = onBlock;
  }

  public String getMemoryMax() {
    return memoryMax;
  }

  public void setMemoryMax(String memoryMax) {
    this.memoryMax = memoryMax;
  }

  public String getMemoryPeriod() {
    return memoryPeriod;
  }

  public void setMemoryPeriod(String memoryPeriod) {
    this.memoryPeriod = memoryPeriod;
  }

  public String getDebugger() {
    return debugger;
  }

  public void setDebugger(String debugger) {
    this.debugger = debugger;
  }

  public String getRepeatWindow() {
    return repeatWindow;
  }

  public void setRepeatWindow(String repeatWindow) {
    this.repeatWindow = repeatWindow;
  }

  public String getMaxReportsPerMinute() {
    return maxReportsPerMinute;
  }

  public void setMaxReportsPerMinute(String maxReportsPerMinute) {
    this.maxReportsPerMinute = maxReportsPerMinute;
  }

  public String getLogger() {
    return logger;
  }

  public void setLogger(String logger) {
    this.logger = logger;
  }

  public String getJfr() {
    return jfr;
  }

  public void setJfr(String jfr) {
    this.jfr = jfr;
  }

  public String getSpawnStacks() {
    return spawnStacks;
  }

  public void setSpawnStacks(String spawnStacks) {
    this.spawnStacks = spawnStacks;
  }

  public String getHubThreads() {
    return hubThreads;
  }

  public void setHubThreads(String hubThreads) {
    this.hubThreads = hubThreads;
  }

  public String getOpenTelemetry() {
    return openTelemetry;
  }

  public void setOpenTelemetry(String openTelemetry) {
    this.openTelemetry = openTelemetry;
  }

  public Spring getSpring() {
    return spring;
  }

  /**
   * {@code unclog.spring.*}: this integration's own settings, read at each start of the context.
   */
  public static class Spring {
    /**
     * Without the agent, probe each event loop of the Reactor Netty web server with a no-op task
     * every monitor period, so that a loop held up longer than the threshold is reported with its
     * stack (hubs of kind executor). Ignored when the agent watches the loops itself.
     */
    private boolean heartbeatEventLoops;

    public boolean isHeartbeatEventLoops() {
      return heartbeatEventLoops;
    }

    public void setHeartbeatEventLoops(boolean heartbeatEventLoops) {
      this.heartbeatEventLoops = heartbeatEventLoops;
    }
  }
}
