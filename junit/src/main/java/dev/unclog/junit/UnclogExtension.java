/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.junit;

import dev.unclog.BlockingEvent;
import dev.unclog.BlockingListener;
import dev.unclog.Monitor;
import dev.unclog.internal.Diagnostics;
import dev.unclog.internal.Durations;
import dev.unclog.internal.ReportText;
import dev.unclog.internal.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link FailOnBlocking}: listens to the global monitor while each test runs,
 * waits after it for the monitor to judge what happened ({@link Monitor#flush}), and fails the test
 * with the report of each blockage at or over its limit.
 *
 * <p>With parallel test execution a blockage is charged to the tests whose class appears in the
 * blocked stack (a lambda or method of the test class ran it); one whose stack names no running
 * test class is charged to every test that was running.
 *
 * <p>On a class, the class itself is watched too, from before its {@code @BeforeAll} methods to
 * after its {@code @AfterAll} ones: what no test was charged with is the class's.
 */
public final class UnclogExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(UnclogExtension.class);
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);
  private static final AtomicBoolean NO_AGENT_SAID = new AtomicBoolean();

  /** Creates the extension; JUnit does, through {@link FailOnBlocking}. */
  public UnclogExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    Optional<FailOnBlocking> annotation =
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), FailOnBlocking.class);
    if (annotation.isEmpty()) {
      return; // only methods are annotated: they are watched alone
    }
    Watch watch;
    try {
      watch = start(context, annotation);
    } catch (ExtensionConfigurationException e) {
      return; // a bad limit: each test says so
    }
    context.getStore(NAMESPACE).put(Watch.class, watch);
    context.getStore(NAMESPACE).put(Charged.class, new Charged());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    Charged charged = context.getStore(NAMESPACE).remove(Charged.class, Charged.class);
    finish(
        context,
        charged != null ? charged.ids : Set.of(),
        "in @BeforeAll, @AfterAll or between the tests of this class",
        null);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NAMESPACE).put(Watch.class, start(context, annotation(context)));
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Charged charged =
        context
            .getParent()
            .map(parent -> parent.getStore(NAMESPACE).get(Charged.class, Charged.class))
            .orElse(null);
    finish(context, Set.of(), "during this test", charged);
  }

  private static Watch start(ExtensionContext context, Optional<FailOnBlocking> annotation) {
    Monitor monitor = Monitor.global();
    Duration limit = limit(annotation, monitor);
    checkAgent(annotation.map(FailOnBlocking::failOnNoAgent).orElse(false));
    Watch watch =
        new Watch(
            context.getRequiredTestClass(),
            limit,
            annotation.map(FailOnBlocking::failOnNotTheCode).orElse(false));
    watch.registration = monitor.addListener(watch);
    return watch;
  }

  /**
   * Stops {@code context}'s watch and fails with what it found, leaving out the episodes in {@code
   * alreadyCharged}; records what it found in {@code charged}, if given.
   */
  private static void finish(
      ExtensionContext context, Set<String> alreadyCharged, String when, Charged charged) {
    Watch watch = context.getStore(NAMESPACE).remove(Watch.class, Watch.class);
    if (watch == null) {
      return;
    }
    Monitor.global().flush(FLUSH_TIMEOUT);
    watch.registration.close();
    List<List<BlockingEvent>> found = watch.found();
    found.removeIf(episode -> alreadyCharged.contains(episode.get(0).episodeId()));
    if (charged != null) {
      watch.seen().forEach(charged.ids::add);
    }
    if (!found.isEmpty()) {
      throw new AssertionError(report(found, watch.limit, when));
    }
  }

  /** "2 episodes on 1 hub blocked for 100 ms or more during this test:", then each report. */
  static String report(List<List<BlockingEvent>> found, Duration limit, String when) {
    long hubs = found.stream().map(episode -> episode.get(0).hub()).distinct().count();
    StringBuilder report = new StringBuilder();
    report
        .append(found.size())
        .append(found.size() == 1 ? " episode on " : " episodes on ")
        .append(hubs)
        .append(hubs == 1 ? " hub" : " hubs")
        .append(" blocked for ")
        .append(Durations.format(limit))
        .append(" or more ")
        .append(when)
        .append(":\n");
    for (List<BlockingEvent> episode : found) {
      for (BlockingEvent event : episode) {
        report.append(ReportText.format(event));
      }
    }
    return report.toString();
  }

  /** Without the agent, only watched executors are hubs: said once, or a failure if asked. */
  private static void checkAgent(boolean failOnNoAgent) {
    // Not whether its carrier hooks are in: they go in at the first virtual thread
    if (Settings.agentWatches()) {
      return;
    }
    String line =
        "no agent is loaded, so event loops and virtual-thread carriers are"
            + " not watched, only watched executors: add -javaagent:unclog-agent.jar to the test JVM"
            + " (docs/build.md)";
    if (failOnNoAgent) {
      throw new AssertionError(line + "; @FailOnBlocking(failOnNoAgent = true) asks for it");
    }
    if (NO_AGENT_SAID.compareAndSet(false, true)) {
      Diagnostics.line(line);
    }
  }

  /** The episodes a class's tests were charged with (every one a test saw). */
  private static final class Charged {
    final Set<String> ids = ConcurrentHashMap.newKeySet();
  }

  private static Optional<FailOnBlocking> annotation(ExtensionContext context) {
    return context
        .getTestMethod()
        .flatMap(m -> AnnotationSupport.findAnnotation(m, FailOnBlocking.class))
        .or(
            () ->
                AnnotationSupport.findAnnotation(
                    context.getRequiredTestClass(), FailOnBlocking.class));
  }

  private static Duration limit(Optional<FailOnBlocking> annotation, Monitor monitor) {
    String text = annotation.map(FailOnBlocking::maxBlockingTime).orElse("");
    if (text.isBlank()) {
      return monitor.maxBlockingTime();
    }
    Duration limit;
    try {
      limit = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(
          "@FailOnBlocking(maxBlockingTime = \""
              + text
              + "\") is not a duration: use 250ms, 2s or 0.5 (seconds)");
    }
    if (limit.compareTo(monitor.maxBlockingTime()) < 0) {
      throw new ExtensionConfigurationException(
          "@FailOnBlocking(maxBlockingTime = \""
              + text
              + "\") is below the monitor's threshold of "
              + Durations.format(monitor.maxBlockingTime())
              + ", which decides what is seen: lower UNCLOG_MAX_BLOCKING_TIME");
    }
    return limit;
  }

  /** One test's listener: keeps the blockages at or over its limit. */
  private static final class Watch implements BlockingListener {
    /* Tests running now, for charging a blockage to the right ones under parallel execution. */
    private static final List<Watch> RUNNING = new CopyOnWriteArrayList<>();

    final String testClass;
    final Duration limit;
    final boolean notTheCodeToo;
    final java.time.Instant startedAt = java.time.Instant.now();
    dev.unclog.Registration registration;
    private final List<BlockingEvent> events = new CopyOnWriteArrayList<>();

    Watch(Class<?> testClass, Duration limit, boolean notTheCodeToo) {
      this.testClass = testClass.getName();
      this.limit = limit;
      this.notTheCodeToo = notTheCodeToo;
      RUNNING.add(this);
    }

    @Override
    public void onEvent(BlockingEvent event) {
      if (mine(event)) {
        events.add(event);
      }
    }

    /** Charged to me: my class is in the stack, or no running test's class is. */
    private boolean mine(BlockingEvent event) {
      if (names(event, testClass)) {
        return true;
      }
      for (Watch other : RUNNING) {
        if (other != this && names(event, other.testClass)) {
          return false;
        }
      }
      return true;
    }

    private static boolean names(BlockingEvent event, String testClass) {
      String nested = testClass + "$";
      return event.stack().stream()
          .anyMatch(f -> f.getClassName().equals(testClass) || f.getClassName().startsWith(nested));
    }

    /**
     * The episodes that reached the limit, each as its blocked report (the stack taken while
     * blocked) and its latest one (unblocked with the real duration, or the latest report if it is
     * still going on).
     */
    List<List<BlockingEvent>> found() {
      RUNNING.remove(this);
      java.util.Map<String, BlockingEvent> first = new java.util.LinkedHashMap<>();
      java.util.Map<String, BlockingEvent> last = new java.util.HashMap<>();
      for (BlockingEvent event : events) {
        first.putIfAbsent(event.episodeId(), event);
        last.put(event.episodeId(), event);
      }
      List<List<BlockingEvent>> found = new java.util.ArrayList<>();
      first.forEach(
          (id, blocked) -> {
            BlockingEvent latest = last.get(id);
            if (endedBefore(latest, startedAt)) {
              return; // reported late, after its end: before this watch began (a @BeforeAll's)
            }
            if (latest.blocked().compareTo(limit) >= 0
                && (notTheCodeToo || latest.cause().isTheCode())) {
              found.add(latest == blocked ? List.of(blocked) : List.of(blocked, latest));
            }
          });
      return found;
    }

    /** The episodes this watch was charged with, at any length. */
    Set<String> seen() {
      Set<String> ids = new java.util.HashSet<>();
      events.stream()
          .filter(event -> !endedBefore(event, startedAt))
          .forEach(event -> ids.add(event.episodeId()));
      return ids;
    }

    private static boolean endedBefore(BlockingEvent event, java.time.Instant instant) {
      return event.type() == BlockingEvent.Type.UNBLOCKED
          && event.since().plus(event.blocked()).isBefore(instant);
    }
  }
}
