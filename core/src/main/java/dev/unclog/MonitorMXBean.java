/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

/**
 * What the global monitor shows as the platform MBean {@value #NAME}, in JConsole, Mission Control,
 * or {@code unclog status PID}. It is registered once the global monitor first has a hub to watch
 * (a JVM that never has one loads no JMX). Every figure is as of the monitor's latest scan; text
 * from the application (thread names, tasks) comes as it is, for the reader to escape.
 */
public interface MonitorMXBean {
  /** The MBean's object name. */
  String NAME = "dev.unclog:type=Monitor";

  /**
   * The system property the global monitor sets to unclog's version when it starts, so that a JVM
   * that runs unclog says so before its MBean is registered.
   */
  String LOADED = "dev.unclog.version";

  /** unclog's version. */
  String getVersion();

  /** The maximum blocking time, in milliseconds. */
  long getMaxBlockingTimeMillis();

  /** The hubs watched now. */
  int getHubCount();

  /** Episodes found since the start. */
  long getEpisodeCount();

  /** One line per hub blocked now: its name and kind, for how long, in which task, where. */
  String[] getEpisodesInProgress();

  /** One line per hub watched: its name and kind, and its lag (how late a probe of it ran). */
  String[] getHubs();

  /** The places that blocked the most, one line each, worst first (at most ten). */
  String[] getTopOffenders();

  /** The summary the global monitor prints at exit, as of now. */
  String getSummary();
}
