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
import javax.management.ObjectName;

/**
 * The global monitor's {@link MonitorMXBean}. Its getters run on JMX's threads and read what the
 * monitor thread keeps: a hub's episode through a plain field (a status may be a scan old; an
 * episode's fields are final, so one seen is seen whole), its lag through a volatile.
 */
final class MonitorBean implements MonitorMXBean {
  private static final int TOP = 10;
  private final Monitor monitor;
  private final Watchdog watchdog;

  MonitorBean(Monitor monitor, Watchdog watchdog) {
    this.monitor = monitor;
    this.watchdog = watchdog;
  }

  /**
   * Registers the bean on a thread of its own (the platform MBean server loads a few hundred
   * classes: not on the monitor thread, not on the application's). A second copy of unclog in
   * another class loader finds the name taken and says so.
   */
  static void publish(Monitor monitor, Watchdog watchdog) {
    Thread publisher =
        new Thread(
            () -> {
              try {
                ManagementFactory.getPlatformMBeanServer()
                    .registerMBean(new MonitorBean(monitor, watchdog), new ObjectName(NAME));
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
    return lines.toArray(new String[0]);
  }

  @Override
  public String[] getHubs() {
    List<String> lines = new ArrayList<>();
    for (Hub hub : monitor.registry().snapshot()) {
      lines.add(hub.name() + " (" + hub.kind() + "): lag " + hub.lag().toMillis() + " ms");
    }
    return lines.toArray(new String[0]);
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
    return lines.toArray(new String[0]);
  }

  @Override
  public String getSummary() {
    return monitor.summary();
  }
}
