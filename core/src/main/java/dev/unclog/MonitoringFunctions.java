/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.internal.Reporter;
import dev.unclog.internal.Threads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** gevent's monitoring functions: the user's checks, run on a thread of their own. */
final class MonitoringFunctions {
  private final Reporter reporter;
  private final ScheduledExecutorService runner =
      Executors.newSingleThreadScheduledExecutor(task -> Threads.newDaemon(task, "functions"));

  MonitoringFunctions(Reporter reporter) {
    this.reporter = reporter;
  }

  Registration add(Runnable function, Duration period) {
    // Built now, not when it fails: the failure may be the heap running out, and an error
    // escaping the task would end its schedule.
    String failure = "monitoring function " + function.getClass().getName();
    ScheduledFuture<?> scheduled =
        runner.scheduleWithFixedDelay(
            () -> {
              try {
                function.run();
              } catch (Throwable t) {
                reporter.failedOnce(failure, t);
              }
            },
            period.toNanos(),
            period.toNanos(),
            TimeUnit.NANOSECONDS);
    return () -> scheduled.cancel(false);
  }

  void stop() {
    runner.shutdownNow();
  }
}
