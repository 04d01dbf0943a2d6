/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.agent.apps.ThreadTreeApp;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Info tree and "Spawned at" of stderr reports, with the real agent in child JVMs. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ThreadTreeIT {
  static final String APP = "dev.unclog.agent.apps.ThreadTreeApp.";

  @TempDir Path dir;

  @Test
  void infoTree_groupsTheExecutorsVirtualThreads_andMarksTheCulpritAndItsCarrier()
      throws Exception {
    List<String> err = run(false);
    int container = indexOf(err, 0, "java.util.concurrent.ThreadPerTaskExecutor@");
    assertTrue(container > indexOf(err, 0, "Info:"), String.join("\n", err));
    String group = err.get(indexOf(err, container, ThreadTreeApp.class.getSimpleName() + ".park("));
    assertTrue(
        group.matches(
            " {4}3000 virtual threads WAITING at "
                + APP.replace(".", "\\.")
                + "park\\(ThreadTreeApp\\.java:\\d+\\) in java\\.base/java\\.util\\.concurrent\\."
                + "CountDownLatch\\.await\\(.*, e\\.g\\. #\\d+, #\\d+, #\\d+"),
        group);
    String culprit = err.get(indexOf(err, container, "<- the culprit"));
    assertTrue(
        culprit.matches(
            " {4}\"culprit\" #\\d+ virtual RUNNABLE on carrier #(\\d+) at "
                + APP.replace(".", "\\.")
                + "spin\\(.*  <- the culprit"),
        culprit);
    String carrier = culprit.replaceAll(".* on carrier #(\\d+) .*", "$1");
    assertTrue(
        err.stream()
            .anyMatch(
                l ->
                    l.matches(
                        " +\"ForkJoinPool-\\d+-worker-\\d+\" #"
                            + carrier
                            + " .*  <- the blocked hub")),
        String.join("\n", err));
    assertTrue(err.stream().noneMatch(l -> l.contains("pawned at")), "off by default");
  }

  @Test
  void spawnStacks_showWhereTheCulpritThreadAndTaskWereStarted() throws Exception {
    List<String> err = run(true);
    int spawned = indexOf(err, 0, "Spawned at:");
    assertTrue(
        spawned > 0 && err.get(spawned + 1).startsWith("    at " + APP + "spawnCulprit("),
        String.join("\n", err));
    assertTrue(
        err.stream()
            .anyMatch(
                l ->
                    l.matches(
                        " {6}spawned at "
                            + APP.replace(".", "\\.")
                            + "spawnParked\\(ThreadTreeApp\\.java:\\d+\\)")),
        "per group: " + String.join("\n", err));
    int task = indexOf(err, spawned + 1, "Spawned at:");
    assertTrue(
        task > 0 && err.get(task + 1).startsWith("    at " + APP + "submitSleeper("),
        "the watched task's submitter: " + String.join("\n", err));
    assertTrue(
        indexOf(err, task, "Info:") > task,
        "the second report, with a tree or the rate-limit line: " + String.join("\n", err));
  }

  private List<String> run(boolean spawnStacks) throws Exception {
    ChildJvm.Builder java = ChildJvm.java(dir).env("UNCLOG_PRINT_REPORTS", "true");
    if (spawnStacks) {
      java.env("UNCLOG_SPAWN_STACKS", "true");
    }
    try (ChildJvm child = java.start(ThreadTreeApp.class)) {
      assertEquals(0, child.awaitExit(), child.describe());
      assertEquals(List.of("done"), child.out, child.describe());
      assertEquals(2, child.events("blocked").size(), child.describe());
      assertTrue(
          child.events("blocked").stream()
              .allMatch(e -> spawnStacks == String.valueOf(e.get("spawnSite")).contains(APP)),
          "JSON spawnSite: " + child.describe());
      return child.err;
    }
  }

  private static int indexOf(List<String> lines, int from, String part) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).contains(part)) {
        return i;
      }
    }
    return -1;
  }
}
