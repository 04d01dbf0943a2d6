/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.spring.boot;

import dev.unclog.BlockingEvent;
import dev.unclog.Hub;
import dev.unclog.Monitor;
import dev.unclog.MonitorMXBean;
import dev.unclog.Offender;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/unclog}: what the monitor has seen, as JSON. The places that blocked most, the
 * hubs watched with their lag, the episodes in progress, the summary printed at exit. Read-only.
 *
 * <p>It names the application's threads, tasks (a Netty channel's name holds the peer's address)
 * and code (the culprit frames, class, method, file and line): expose it only where that may be
 * seen, and behind the same security as the other Actuator endpoints. Its size is bounded: at most
 * {@value #MAX_OFFENDERS} offenders, {@value #MAX_HUBS} hubs (the most lagging) and {@value
 * #MAX_IN_PROGRESS} episodes in progress, each text cut at {@value #MAX_TEXT} characters and the
 * summary at {@value #MAX_SUMMARY}. Jackson writes the JSON, so application text is escaped.
 *
 * <p>The episodes in progress and the episode count come from the global monitor's MBean ({@value
 * MonitorMXBean#NAME}), which the monitor registers once the JVM has its platform MBean server: the
 * first read starts that server if nothing did, and those two show from a read a second or so
 * later. Spring Boot runs read operations of the web endpoints off the event loops.
 */
@Endpoint(id = "unclog")
public class UnclogEndpoint {
  /** The most offenders shown: as many as the MBean and the summary show. */
  public static final int MAX_OFFENDERS = 10;

  /** The most hubs shown; the rest are counted in {@code hubsOmitted}. */
  public static final int MAX_HUBS = 100;

  /** The most episodes in progress shown; a last line counts the rest. */
  public static final int MAX_IN_PROGRESS = 100;

  /** The longest text shown (a name, a frame, a task, a line), in characters. */
  public static final int MAX_TEXT = 300;

  /** The longest summary shown, in characters. */
  public static final int MAX_SUMMARY = 8_000;

  private final Monitor monitor;

  /** Shows {@code monitor}; the MBean's figures only if it is the global monitor. */
  public UnclogEndpoint(Monitor monitor) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
  }

  /** What the monitor has seen, as of its latest scan. */
  @ReadOperation
  public Report report() {
    MonitorMXBean bean = monitor == Monitor.global() ? bean() : null;
    List<HubLag> hubs = new ArrayList<>();
    for (Hub hub : monitor.hubs()) { // each lag read once: it changes while this sorts
      hubs.add(new HubLag(cut(hub.name(), MAX_TEXT), hub.kind(), hub.lag().toMillis()));
    }
    hubs.sort(Comparator.comparingLong(HubLag::lagMillis).reversed()); // the worst survive the cut
    List<HubLag> shownHubs = List.copyOf(hubs.subList(0, Math.min(hubs.size(), MAX_HUBS)));
    List<TopOffender> offenders = new ArrayList<>();
    for (Offender offender : monitor.topOffenders(MAX_OFFENDERS)) {
      offenders.add(TopOffender.of(offender));
    }
    Long episodes = null;
    List<String> inProgress = List.of();
    if (bean != null) {
      try {
        episodes = bean.getEpisodeCount();
        inProgress = bounded(bean.getEpisodesInProgress());
      } catch (RuntimeException unregistered) {
        // gone between the check and the call (another copy of unclog, a JVM shutting down)
      }
    }
    Summary summary =
        new Summary(
            monitor.maxBlockingTime().toMillis(),
            monitor.period().toMillis(),
            hubs.size(),
            episodes,
            cut(monitor.summary(), MAX_SUMMARY));
    return new Report(
        version(),
        monitor.enabled(),
        summary,
        offenders,
        shownHubs,
        hubs.size() - shownHubs.size(),
        inProgress);
  }

  /** The global monitor's MBean, or null while it is not registered. */
  private static MonitorMXBean bean() {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName name = new ObjectName(MonitorMXBean.NAME);
      return server.isRegistered(name)
          ? JMX.newMXBeanProxy(server, name, MonitorMXBean.class)
          : null;
    } catch (Exception | LinkageError e) { // no JMX in this runtime, a security manager's no
      return null;
    }
  }

  private static String version() {
    String version = Monitor.class.getPackage().getImplementationVersion();
    return version != null ? version : "unknown";
  }

  private static List<String> bounded(String[] lines) {
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < Math.min(lines.length, MAX_IN_PROGRESS); i++) {
      shown.add(cut(lines[i], MAX_TEXT));
    }
    if (lines.length > MAX_IN_PROGRESS) {
      shown.add("... " + (lines.length - MAX_IN_PROGRESS) + " more");
    }
    return shown;
  }

  /* At most max characters and "...", never half a surrogate pair. */
  static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end) + "...";
  }

  /**
   * The endpoint's answer.
   *
   * @param version unclog's version
   * @param enabled whether the monitor watches anything ({@code unclog.monitor-enable})
   * @param summary the monitor's settings in use and its totals
   * @param topOffenders the places that blocked longest in all, most first
   * @param hubs the hubs watched now, the most lagging first
   * @param hubsOmitted how many more hubs there are than {@code hubs} shows
   * @param inProgress one line per hub blocked now: name, kind, for how long, episode, culprit
   */
  public record Report(
      String version,
      boolean enabled,
      Summary summary,
      List<TopOffender> topOffenders,
      List<HubLag> hubs,
      int hubsOmitted,
      List<String> inProgress) {}

  /**
   * The monitor's settings in use and its totals.
   *
   * @param maxBlockingTimeMillis the threshold in use
   * @param periodMillis how often the monitor checks its hubs
   * @param hubCount the hubs watched now
   * @param episodeCount episodes found since the start; null until the MBean is registered
   * @param text the summary the monitor prints at exit, as of now; empty if nothing blocked
   */
  public record Summary(
      long maxBlockingTimeMillis,
      long periodMillis,
      int hubCount,
      Long episodeCount,
      String text) {}

  /**
   * A place where hubs blocked: ended episodes added up by fingerprint.
   *
   * @param culprit the first frame of the application's code, as {@code class.method(File:line)}
   * @param hubKind the kind of hub it blocked, such as {@code event-loop}
   * @param task the task of its last episode
   * @param episodes how many episodes ended there
   * @param totalMillis their durations added up
   * @param longestMillis the longest of them
   * @param lastEpisodeId the last one's id, as in the reports
   * @param fingerprint the place's fingerprint, as in the reports
   * @param causes episodes by cause ({@code waiting}, {@code on-cpu}, ...)
   */
  public record TopOffender(
      String culprit,
      String hubKind,
      String task,
      int episodes,
      long totalMillis,
      long longestMillis,
      String lastEpisodeId,
      String fingerprint,
      Map<String, Integer> causes) {
    static TopOffender of(Offender offender) {
      Map<String, Integer> causes = new LinkedHashMap<>();
      for (Map.Entry<BlockingEvent.Cause, Integer> cause : offender.causes().entrySet()) {
        causes.put(cause.getKey().jsonName(), cause.getValue());
      }
      return new TopOffender(
          cut(frame(offender.culprit()), MAX_TEXT),
          offender.hubKind(),
          cut(offender.task(), MAX_TEXT),
          offender.episodes(),
          millis(offender.total()),
          millis(offender.longest()),
          offender.lastEpisodeId(),
          offender.fingerprint(),
          causes);
    }

    private static String frame(StackTraceElement frame) {
      if (frame == null) {
        return null;
      }
      String where =
          frame.isNativeMethod()
              ? "Native Method"
              : frame.getFileName() == null
                  ? "Unknown Source"
                  : frame.getLineNumber() >= 0
                      ? frame.getFileName() + ":" + frame.getLineNumber()
                      : frame.getFileName();
      return frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
    }

    private static long millis(Duration duration) {
      return duration == null ? 0 : duration.toMillis();
    }
  }

  /**
   * A hub watched now.
   *
   * @param name its thread's name, or a heartbeat hub's
   * @param kind what it is: {@code event-loop}, {@code carrier}, {@code executor}, ...
   * @param lagMillis how long it had been inside its current task at the monitor's last look
   */
  public record HubLag(String name, String kind, long lagMillis) {}
}
