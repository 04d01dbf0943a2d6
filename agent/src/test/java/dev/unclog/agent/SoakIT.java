/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.agent.apps.SoakApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak: {@link SoakApp}'s mixed load (Netty requests, virtual-thread churn, a real block every
 * few seconds on an event loop or a carrier) with the real agent, then the invariants: every
 * injected block reported exactly once, no other episode, heap after GC flat, no exception on
 * stderr. The CI copy runs 30 s; {@code stress/soak.sh} runs it for 10 minutes ({@code
 * -Dunclog.soak.seconds=600}). The numbers and the verdict go to {@code target/soak-summary.txt}.
 */
class SoakIT {
  private static final Pattern INJECTED_TASK =
      Pattern.compile("soak-(el|vt)-(\\d+)|virtual thread \"soak-(el|vt)-(\\d+)\" #\\d+");
  /* How far the used heap after a full GC may grow from the first sample to the last. */
  private static final long HEAP_GROWTH_BOUND = 16L << 20;

  @TempDir Path dir;

  @Test
  void mixedLoad_everyInjectedBlockReportedOnce_noOtherEpisode_flatHeap() throws Exception {
    long seconds = Long.getLong("unclog.soak.seconds", 30);
    long blockEvery = Long.getLong("unclog.soak.blockEvery", seconds >= 300 ? 10 : 3);
    try (ChildJvm child =
        ChildJvm.java(dir)
            .jarsIn(Path.of("target", "netty-4.2"))
            .jvmOption("-Xmx256m")
            .start(SoakApp.class, Long.toString(seconds), Long.toString(blockEvery))) {
      assertTrue(child.process.waitFor(seconds + 120, TimeUnit.SECONDS), "soak app finished");
      int exit = child.awaitExit();
      Map<String, Long> totals = new HashMap<>();
      Map<Integer, String> injected = new HashMap<>();
      List<Long> heap = new ArrayList<>();
      for (String line : child.out) {
        String[] words = line.split(" ");
        switch (words[0]) {
          case "injected" -> {
            if (words.length == 4) {
              injected.put(Integer.parseInt(words[1]), words[2]);
            } else {
              totals.put("injected", Long.parseLong(words[1]));
            }
          }
          case "heap" -> heap.add(Long.parseLong(words[2]));
          default -> totals.put(words[0], Long.parseLong(words[1]));
        }
      }
      List<String> problems = new ArrayList<>();
      if (exit != 0) {
        problems.add("exit status " + exit);
      }
      // Each injected block: one blocked and one unblocked event, of one episode, its own kind.
      Map<Integer, List<String>> reported = new HashMap<>();
      List<String> others = new ArrayList<>();
      for (Map<String, Object> event : child.events()) {
        Matcher task = INJECTED_TASK.matcher(String.valueOf(event.get("task")));
        if (!task.matches()) {
          others.add(
              event.get("event")
                  + " "
                  + event.get("hub")
                  + " "
                  + event.get("task")
                  + " "
                  + event.get("cause")
                  + " "
                  + event.get("durationMs")
                  + " ms (cpu "
                  + event.get("cpuMs")
                  + ", gc "
                  + event.get("gcMs")
                  + ", stall "
                  + event.get("stallMs")
                  + ") "
                  + ChildJvm.stack(event).stream().limit(3).toList());
          continue;
        }
        int k = Integer.parseInt(task.group(2) != null ? task.group(2) : task.group(4));
        String kind = task.group(1) != null ? task.group(1) : task.group(3);
        if (!kind.equals(injected.get(k))) {
          problems.add("episode of a block not injected as " + kind + ": " + event);
        }
        reported.computeIfAbsent(k, x -> new ArrayList<>()).add((String) event.get("event"));
      }
      for (int k : injected.keySet()) {
        List<String> types = reported.getOrDefault(k, List.of());
        if (types.stream().filter("blocked"::equals).count() != 1
            || types.stream().filter("unblocked"::equals).count() != 1) {
          problems.add("block " + k + " (" + injected.get(k) + ") reported as " + types);
        }
      }
      if (!others.isEmpty()) {
        problems.add(others.size() + " events of no injected block: " + others);
      }
      long growth = heap.size() < 2 ? 0 : heap.get(heap.size() - 1) - heap.get(0);
      if (heap.size() < 2 || growth > HEAP_GROWTH_BOUND) {
        problems.add("heap after GC " + heap);
      }
      List<String> exceptions = child.err.stream().filter(l -> l.contains("Exception")).toList();
      if (!exceptions.isEmpty()) {
        problems.add("stderr: " + child.err);
      }
      String summary =
          String.format(
              "soak %d s, a block every %d s: requests %d, virtual threads"
                  + " %d, blocks injected %d (%d on event loops, %d on carriers), reported once each %d,"
                  + " events of no injected block %d, heap after GC first %.1f MB last %.1f MB"
                  + " (%d samples), stderr lines with Exception %d: %s%n",
              seconds,
              blockEvery,
              totals.getOrDefault("requests", -1L),
              totals.getOrDefault("virtual-threads", -1L),
              injected.size(),
              injected.values().stream().filter("el"::equals).count(),
              injected.values().stream().filter("vt"::equals).count(),
              injected.keySet().stream()
                  .filter(k -> List.of("blocked", "unblocked").equals(reported.get(k)))
                  .count(),
              others.size(),
              heap.isEmpty() ? 0 : heap.get(0) / 1e6,
              heap.isEmpty() ? 0 : heap.getLast() / 1e6,
              heap.size(),
              exceptions.size(),
              problems.isEmpty() ? "PASS" : "FAIL " + problems);
      Files.writeString(Path.of("target", "soak-summary.txt"), summary);
      System.out.print(summary);
      assertEquals(List.of(), problems, child.describe());
      assertEquals((long) injected.size(), totals.get("injected"), "the app's own count");
    }
  }
}
