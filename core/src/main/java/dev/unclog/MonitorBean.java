/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.internal.Diagnostics;
import dev.unclog.internal.Frames;
import dev.unclog.internal.Threads;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/**
 * The global monitor's {@link MonitorMXBean}. Its getters run on JMX's threads and read what the
 * monitor thread keeps: a hub's episode through a plain field (a status may be a scan old; an
 * episode's fields are final, so one seen is seen whole), its lag through a volatile.
 */
final class MonitorBean implements MonitorMXBean {
  private static final int TOP = 10;
  /* Bounds on what the bean hands out (a thread name can be any length; a JVM can have a hundred
   * thousand carriers): a line at most, lines at most, the rest counted in a last line. */
  static final int MAX_LINE = 1_000;
  static final int MAX_LINES = 1_000;
  private final Monitor monitor;
  private final Watchdog watchdog;

  MonitorBean(Monitor monitor, Watchdog watchdog) {
    this.monitor = monitor;
    this.watchdog = watchdog;
  }

  /**
   * Registers the bean in the platform MBean server once that server exists: made by JConsole,
   * Mission Control or {@code unclog status} starting the JVM's management agent, or by the
   * application (Spring Boot, Micrometer and most servers make it at start). unclog never makes it:
   * that would load a few hundred classes at every start, or inside a task the monitor judges. The
   * monitor thread asks {@link #registerIfServerExists} about once a second; the registration
   * itself runs on a short-lived thread of its own. Returns whether it is done.
   */
  static boolean registerIfServerExists(Monitor monitor, Watchdog watchdog) {
    MBeanServer platform = null;
    for (MBeanServer server : MBeanServerFactory.findMBeanServer(null)) {
      // only the JDK's own servers are asked: an application's may run code of its own, and
      // this is the monitor thread (a platform server an application wraps gets no bean)
      if (server.getClass().getClassLoader() == null && server.isRegistered(RUNTIME)) {
        platform = server;
      }
    }
    if (platform == null) {
      return false;
    }
    MBeanServer server = platform;
    Thread publisher =
        new Thread(
            () -> {
              try {
                server.registerMBean(new MonitorBean(monitor, watchdog), new ObjectName(NAME));
              } catch (InstanceAlreadyExistsException e) {
                Diagnostics.line(
                    NAME + " is taken (another copy of unclog in this JVM); this one has no MBean");
              } catch (Throwable t) {
                Diagnostics.line("the MBean " + NAME + " is off: " + t);
              }
            },
            Threads.NAME_PREFIX + "jmx");
    publisher.setDaemon(true);
    publisher.start();
    return true;
  }

  private static final ObjectName RUNTIME = runtimeName();

  private static ObjectName runtimeName() {
    try {
      return new ObjectName(ManagementFactory.RUNTIME_MXBEAN_NAME);
    } catch (javax.management.MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String getVersion() {
    String version = Monitor.class.getPackage().getImplementationVersion();
    return version != null ? version : "unknown";
  }

  @Override
  public long getMaxBlockingTimeMillis() {
    return monitor.maxBlockingTime().toMillis();
  }

  @Override
  public int getHubCount() {
    return monitor.registry().size();
  }

  @Override
  public long getEpisodeCount() {
    return watchdog.episodes();
  }

  @Override
  public String[] getEpisodesInProgress() {
    List<String> lines = new ArrayList<>();
    long now = System.nanoTime();
    for (Hub hub : monitor.registry().snapshot()) {
      Episode episode = hub.watch.episode;
      if (episode != null) {
        StackTraceElement culprit = Frames.culprit(episode.stack);
        lines.add(
            hub.name()
                + " ("
                + hub.kind()
                + ") blocked for "
                + TimeUnit.NANOSECONDS.toMillis(now - episode.startNanos)
                + " ms (episode "
                + episode.id
                + ")"
                + (culprit != null ? " at " + culprit : ""));
      }
    }
    return bounded(lines);
  }

  @Override
  public String[] getHubs() {
    List<String> lines = new ArrayList<>();
    for (Hub hub : monitor.registry().snapshot()) {
      lines.add(hub.name() + " (" + hub.kind() + "): lag " + hub.lag().toMillis() + " ms");
    }
    return bounded(lines);
  }

  @Override
  public String[] getTopOffenders() {
    List<String> lines = new ArrayList<>();
    for (Offender offender : monitor.topOffenders(TOP)) {
      lines.add(
          offender.culprit()
              + " ("
              + offender.hubKind()
              + "): "
              + offender.episodes()
              + (offender.episodes() == 1 ? " episode, " : " episodes, ")
              + offender.total().toMillis()
              + " ms in all, the longest "
              + offender.longest().toMillis()
              + " ms, last episode "
              + offender.lastEpisodeId());
    }
    return bounded(lines);
  }

  @Override
  public String getSummary() {
    return monitor.summary();
  }

  /* The lines, each cut to MAX_LINE characters, at most MAX_LINES of them and a count of the rest. */
  static String[] bounded(List<String> lines) {
    int kept = Math.min(lines.size(), MAX_LINES);
    String[] out = new String[kept + (lines.size() > kept ? 1 : 0)];
    for (int i = 0; i < kept; i++) {
      String line = lines.get(i);
      out[i] = line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE) + "...";
    }
    if (lines.size() > kept) {
      out[kept] = "... " + (lines.size() - kept) + " more";
    }
    return out;
  }
}
