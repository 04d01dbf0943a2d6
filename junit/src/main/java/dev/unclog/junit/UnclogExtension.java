/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.junit;

import dev.unclog.BlockingEvent;
import dev.unclog.BlockingListener;
import dev.unclog.Monitor;
import dev.unclog.internal.Durations;
import dev.unclog.internal.TextSink;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link FailOnBlocking}: listens to the global monitor while each test
 * runs, waits after it for the monitor to judge what happened ({@link Monitor#flush}), and
 * fails the test with the report of each blockage at or over its limit.
 *
 * <p>With parallel test execution a blockage is charged to the tests whose class appears in
 * the blocked stack (a lambda or method of the test class ran it); one whose stack names no
 * running test class is charged to every test that was running.
 */
public final class UnclogExtension implements BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(UnclogExtension.class);
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);

  /** Creates the extension; JUnit does, through {@link FailOnBlocking}. */
  public UnclogExtension() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    Monitor monitor = Monitor.global();
    Optional<FailOnBlocking> annotation = annotation(context);
    Duration limit = limit(annotation, monitor);
    Watch watch = new Watch(context.getRequiredTestClass(), limit,
        annotation.map(FailOnBlocking::failOnNotTheCode).orElse(false));
    watch.registration = monitor.addListener(watch);
    context.getStore(NAMESPACE).put(Watch.class, watch);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Watch watch = context.getStore(NAMESPACE).remove(Watch.class, Watch.class);
    if (watch == null) {
      return;
    }
    Monitor.global().flush(FLUSH_TIMEOUT);
    watch.registration.close();
    List<List<BlockingEvent>> found = watch.found();
    if (!found.isEmpty()) {
      StringBuilder report = new StringBuilder();
      report.append(found.size()).append(found.size() == 1 ? " hub" : " hubs")
          .append(" blocked for ").append(Durations.format(watch.limit))
          .append(" or more during this test:\n");
      for (List<BlockingEvent> episode : found) {
        for (BlockingEvent event : episode) {
          report.append(TextSink.format(event));
        }
      }
      throw new AssertionError(report.toString());
    }
  }

  private static Optional<FailOnBlocking> annotation(ExtensionContext context) {
    return context.getTestMethod()
        .flatMap(m -> AnnotationSupport.findAnnotation(m, FailOnBlocking.class))
        .or(() -> AnnotationSupport.findAnnotation(context.getRequiredTestClass(),
            FailOnBlocking.class));
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
      throw new ExtensionConfigurationException("@FailOnBlocking(maxBlockingTime = \"" + text
          + "\") is not a duration: use 250ms, 2s or 0.5 (seconds)");
    }
    if (limit.compareTo(monitor.maxBlockingTime()) < 0) {
      throw new ExtensionConfigurationException("@FailOnBlocking(maxBlockingTime = \"" + text
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
      return event.stack().stream().anyMatch(f -> f.getClassName().equals(testClass)
          || f.getClassName().startsWith(nested));
    }

    /**
     * The episodes that reached the limit, each as its blocked report (the stack taken while
     * blocked) and its latest one (unblocked with the real duration, or the latest report if
     * it is still going on).
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
      first.forEach((id, blocked) -> {
        BlockingEvent latest = last.get(id);
        if (latest.blocked().compareTo(limit) >= 0
            && (notTheCodeToo || latest.cause().isTheCode())) {
          found.add(latest == blocked ? List.of(blocked) : List.of(blocked, latest));
        }
      });
      return found;
    }
  }
}
