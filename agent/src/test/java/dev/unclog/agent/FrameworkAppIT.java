/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the ITs of the framework apps (Reactor, RxJava, kotlinx-coroutines, gRPC) share: each runs
 * its app in a child JVM with the agent, to its end, and then reads the app's report.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class FrameworkAppIT {
  /** The jars of the framework apps, copied by the build. */
  static final Path FRAMEWORK_JARS = Path.of("target", "frameworks");

  @TempDir Path dir;

  /**
   * Runs {@code app}, its jars in {@link #FRAMEWORK_JARS}, with the agent to its end; fails (and
   * ends it) unless it exited 0 having printed {@code lastWords}, and the agent knew every build of
   * a framework it met (an unknown one it leaves unwatched, and says so).
   */
  ChildJvm run(Class<?> app, String lastWords) throws Exception {
    ChildJvm child = ChildJvm.java(dir).jarsIn(FRAMEWORK_JARS).start(app);
    try {
      child.assertFinished(lastWords);
      assertTrue(
          child.err.stream().noneMatch(l -> l.startsWith("unclog: unknown")), child.describe());
      return child;
    } catch (Throwable failed) {
      child.close();
      throw failed;
    }
  }

  /**
   * A scheduler that is non-blocking by its library's contract, beside its blocking-work
   * counterpart: each sleep at {@code watched} is one {@code waiting} episode of {@code hubKind}
   * with its frame, and there is no other (the counterpart's sleep at {@code unwatched} and the
   * quick tasks are none).
   */
  static void assertOnlyTheNonBlockingSleeps(
      ChildJvm child, String hubKind, List<String> watched, String unwatched) throws Exception {
    for (String culprit : watched) {
      child.assertOnlySleep(child.endedAt(culprit), hubKind, culprit);
    }
    List<Map<String, Object>> ended = child.events("unblocked");
    assertEquals(
        watched.size(),
        ended.stream().filter(e -> e.get("cause").equals("waiting")).count(),
        "the blocking scheduler's sleep and the quick tasks are no episodes: " + child.describe());
    assertEquals(List.of(), child.endedAt(unwatched), child.describe());
  }
}
