/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadTreeTest {
  @TempDir Path tmp;

  /* --- real dumps --- */

  @Test
  void realDump_groupsVirtualThreadsUnderTheirExecutor_andMarksTheCulprit() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(2001);
    Thread culprit;
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 2000; i++) {
        executor.submit(() -> parkUntil(started, release));
      }
      culprit =
          Thread.ofVirtual()
              .name("forged\n\"main\" #1 RUNNABLE")
              .start(() -> parkUntil(started, release));
      started.await();
      while (culprit.getState() != Thread.State.WAITING) { // past countDown, parked in await
        Thread.sleep(1);
      }
      String tree = new ThreadTree(Duration.ofSeconds(10), tmp).render(culprit.threadId(), "x");
      release.countDown();

      List<String> lines = tree.lines().toList();
      int container = indexOf(lines, "java.util.concurrent.ThreadPerTaskExecutor@");
      int group =
          indexOf(
              lines,
              "2000 virtual threads WAITING at dev.unclog.internal."
                  + "ThreadTreeTest.parkUntil(ThreadTreeTest.java:");
      assertTrue(container >= 0 && group > container, tree);
      assertTrue(indent(lines.get(group)) > indent(lines.get(container)), "nested: " + tree);
      assertTrue(
          lines
              .get(group)
              .contains(" in java.base/java.util.concurrent.CountDownLatch" + ".await("),
          "what it called: " + tree);
      String marked = lines.get(indexOf(lines, "<- the culprit"));
      assertTrue(
          marked.contains(
              "\"forged\\u000a\\\"main\\\" #1 RUNNABLE\" #"
                  + culprit.threadId()
                  + " virtual WAITING"),
          marked);
      assertTrue(lines.stream().noneMatch(l -> l.startsWith("\"main\" #1")), "no forged line");
      assertTrue(lines.get(0).equals("Info:") && lines.get(2).startsWith("* Threads: "), tree);
      assertTrue(lines.size() < 60, "thousands of threads, a few lines: " + lines.size());
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList(), "the dump and its directory are deleted");
    }
  }

  @Test
  void realDump_marksThePlatformHub() {
    String tree =
        new ThreadTree(Duration.ofSeconds(10), tmp)
            .render(Thread.currentThread().threadId(), Thread.currentThread().getName());
    assertTrue(
        tree.lines()
            .anyMatch(
                l ->
                    l.contains(
                            "\""
                                + Thread.currentThread().getName()
                                + "\" #"
                                + Thread.currentThread().threadId())
                        && l.endsWith("  <- the blocked hub")),
        tree);
  }

  /* --- bounds --- */

  @Test
  void hundredThousandDistinctThreads_renderInBoundedSize_withTheCulpritStillShown() {
    StringBuilder json = new StringBuilder("{\"threadDump\":{\"threadContainers\":[");
    json.append("{\"container\":\"<root>\",\"parent\":null,\"threads\":[]}");
    int id = 0;
    for (int c = 0; c < 1000; c++) {
      json.append(",{\"container\":\"scope-")
          .append(c)
          .append("\",\"parent\":\"")
          .append(c == 0 ? "<root>" : "scope-" + (c - 1))
          .append("\",\"threads\":[");
      for (int t = 0; t < 100; t++, id++) {
        json.append(t == 0 ? "" : ",")
            .append("{\"tid\":\"")
            .append(id)
            .append("\",\"virtual\":true,\"name\":\"v")
            .append(id)
            .append("\",\"state\":\"WAITING\",\"stack\":[\"app.Work.step")
            .append(id)
            .append(
                "(Work.java:1)\",\"java.base/java.lang.VirtualThread.run(VirtualThread.java:1)\"]}");
      }
      json.append("],\"threadCount\":\"100\"}");
    }
    json.append("]}}");
    int last = id - 1;
    String tree = ThreadTree.render(JsonReader.object(json.toString()), last, "carrier", Map.of());
    assertTrue(tree.length() < ThreadTree.MAX_CHARS + 2000, "chars: " + tree.length());
    assertTrue(tree.lines().count() < ThreadTree.MAX_LINES + 10, "lines: " + tree.lines().count());
    assertTrue(tree.contains(" more threads not shown ("), tree);
    assertTrue(
        tree.lines().anyMatch(l -> l.contains("\"v" + last + "\"") && l.endsWith("<- the culprit")),
        tree);
  }

  /**
   * Found by ParserPropertiesTest: a container without a list of threads, or a thread that is not
   * an object, threw NullPointerException or ClassCastException; now each is refused in words.
   */
  @Test
  void aDumpOfAnotherShape_isRefusedInWords() {
    for (String json :
        List.of(
            "{\"threadDump\":{\"threadContainers\":[{\"container\":\"<root>\"}]}}",
            "{\"threadDump\":{\"threadContainers\":[{\"container\":\"<root>\",\"threads\":[1]}]}}",
            "{\"threadDump\":{\"threadContainers\":[\"pool\"]}}")) {
      IllegalArgumentException refused =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class,
              () -> ThreadTree.render(JsonReader.object(json), 1, "x", Map.of()),
              json);
      assertTrue(refused.getMessage().startsWith("a thread"), refused.getMessage());
    }
    String frames =
        "{\"threadDump\":{\"threadContainers\":[{\"container\":\"<root>\",\"threads\":"
            + "[{\"tid\":\"1\",\"name\":\"main\",\"stack\":[7,\"app.Main.main(Main.java:1)\"]}]}]}}";
    assertTrue(
        ThreadTree.render(JsonReader.object(frames), 1, "main", Map.of()).contains("main"),
        "a frame that is not text is shown as text");
  }

  /** JDK 21 writes no state, virtual flag or carrier: the stack's bottom tells a virtual one. */
  @Test
  void jdk21Format_withoutStateOrVirtualFlag() {
    String thread =
        "{\"tid\":\"%d\",\"name\":\"\",\"stack\":[\"java.base/java.lang.Thread.sleep"
            + "(Thread.java:1)\",\"app.Main.nap(Main.java:9)\","
            + "\"java.base/java.lang.VirtualThread.run(VirtualThread.java:1)\"]}";
    String json =
        "{\"threadDump\":{\"threadContainers\":[{\"container\":\"<root>\","
            + "\"parent\":null,\"owner\":null,\"threads\":[{\"tid\":\"7\",\"name\":\"ForkJoinPool-1-"
            + "worker-1\",\"stack\":[]},"
            + thread.formatted(20)
            + ","
            + thread.formatted(21)
            + ","
            + thread.formatted(22)
            + "],\"threadCount\":\"4\"}]}}";
    String tree =
        ThreadTree.render(
            JsonReader.object(json),
            22,
            "ForkJoinPool-1-worker-1",
            Map.of(20L, List.of(new StackTraceElement("app.Main", "spawn", "Main.java", 3))));
    assertTrue(
        tree.contains(
            "\n  \"\" #20 virtual at app.Main.nap(Main.java:9) in java.base/"
                + "java.lang.Thread.sleep(Thread.java:1)\n    spawned at app.Main.spawn(Main.java:3)\n"),
        tree);
    assertTrue(
        tree.contains("\n  \"\" #21 virtual at app.Main.nap("), "no site, no group: " + tree);
    assertTrue(
        tree.contains("\"ForkJoinPool-1-worker-1\" #7, no Java frames  <- the blocked hub"),
        "the carrier found by name: " + tree);
    assertTrue(
        tree.contains(
            "#22 virtual at app.Main.nap(Main.java:9) in java.base/java.lang."
                + "Thread.sleep(Thread.java:1)  <- the culprit"),
        tree);
  }

  /* --- fallback and rate limit --- */

  @Test
  void failingDump_fallsBackToPlatformThreads_withOneNote() {
    String tree =
        new ThreadTree(Duration.ofSeconds(10), tmp.resolve("missing"))
            .render(Thread.currentThread().threadId(), "x");
    List<String> lines = tree.lines().toList();
    assertTrue(
        lines
            .get(4)
            .startsWith(
                "(platform threads only: the JDK's thread dump failed "
                    + "(java.nio.file.NoSuchFileException: "),
        tree);
    assertTrue(
        tree.contains(
            "\"" + Thread.currentThread().getName() + "\" #" + Thread.currentThread().threadId()),
        tree);
    assertTrue(lines.stream().filter(l -> l.startsWith("(")).count() == 1, tree);
  }

  @Test
  void aSecondReportWithinTheInterval_isOneLine() {
    ThreadTree tree = new ThreadTree(Duration.ofSeconds(10), tmp);
    String first = tree.info(-1, "x");
    assertTrue(first.startsWith("Info:\n"), first);
    String second = tree.info(-1, "x");
    assertTrue(
        second.matches(
            "Info: threads not listed: the last thread dump was [\\d.]+ m?s ago;"
                + " the next may come in [\\d.]+ m?s \\(unclog waits 20 times as long as a dump took, and"
                + " at least 10000 ms\\)\n\n"),
        second);
  }

  @Test
  void printable_escapesControlCharacters_andCuts() {
    assertEquals("a\\u000ab\\u001b[31m\\u2028", Text.printable("a\nb\u001b[31m\u2028", 80));
    assertEquals("abc...", Text.printable("abcdef", 3));
  }

  private static Void parkUntil(CountDownLatch started, CountDownLatch release) {
    started.countDown();
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  private static int indexOf(List<String> lines, String part) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(part)) {
        return i;
      }
    }
    return -1;
  }

  private static int indent(String line) {
    return line.length() - line.stripLeading().length();
  }
}
