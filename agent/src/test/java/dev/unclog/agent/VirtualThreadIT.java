/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.agent.apps.SwitchesApp;
import dev.unclog.agent.apps.VirtualThreadApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Carriers watched by the real agent in child JVMs. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class VirtualThreadIT {
  @TempDir Path dir;

  /**
   * An application that puts unclog-core on the module path: its module exports the internals only
   * to unclog's modules, and the agent, on the class path, opens them to itself at start.
   */
  @Test
  void withTheLibraryOnTheModulePath_theAgentStillWatches() throws Exception {
    Path core = Path.of("..", "core", "target", "unclog-core.jar").toAbsolutePath();
    try (ChildJvm child =
        ChildJvm.java(dir)
            .jvmOption("--module-path=" + core)
            .jvmOption("--add-modules=dev.unclog")
            .start(VirtualThreadApp.class, "spin")) {
      assertEquals(0, child.awaitExit(), child.describe());
      assertEquals("carrier", child.onlyEpisode().blocked().get("hubKind"), child.describe());
      assertTrue(
          child.err.stream().noneMatch(l -> l.contains("could not start")), child.describe());
    }
  }

  /** JFR's events name the carrier as the hub thread and the virtual thread as the culprit. */
  @Test
  void jfrEvents_nameTheCarrier_andTheCulpritVirtualThread() throws Exception {
    Path recording = dir.resolve("run.jfr");
    try (ChildJvm child =
        ChildJvm.java(dir)
            .jvmOption("-XX:StartFlightRecording=filename=" + recording)
            .start(VirtualThreadApp.class, "spin")) {
      assertEquals(0, child.awaitExit(), child.describe());
      List<jdk.jfr.consumer.RecordedEvent> episodes =
          jdk.jfr.consumer.RecordingFile.readAllEvents(recording).stream()
              .filter(e -> e.getEventType().getName().equals("dev.unclog.Episode"))
              .toList();
      assertEquals(1, episodes.size(), "" + episodes);
      jdk.jfr.consumer.RecordedEvent episode = episodes.get(0);
      jdk.jfr.consumer.RecordedThread carrier = episode.getThread("hubThread");
      jdk.jfr.consumer.RecordedThread culprit = episode.getThread("culpritThread");
      assertTrue(carrier.getJavaName().startsWith("ForkJoinPool-"), "" + episode);
      assertTrue(!carrier.isVirtual() && culprit.isVirtual(), "" + episode);
      assertEquals("culprit", culprit.getJavaName(), "" + episode);
      assertEquals("on-cpu", episode.getString("cause"), "" + episode);
    }
  }

  @Test
  void spinningVirtualThread_amongSleepers_isOneCarrierEpisode_withItsOwnStack() throws Exception {
    try (ChildJvm child = ChildJvm.java(dir).start(VirtualThreadApp.class, "spin")) {
      assertEquals(0, child.awaitExit(), child.describe());
      List<Map<String, Object>> events = child.events();
      ChildJvm.Episode only = child.onlyEpisode();
      Map<String, Object> episode = only.blocked();
      assertEquals("carrier", episode.get("hubKind"));
      assertTrue(((String) episode.get("hub")).startsWith("ForkJoinPool-"), child.describe());
      assertTrue(
          ((String) episode.get("task")).startsWith("virtual thread \"culprit\" #"),
          child.describe());
      assertEquals("RUNNABLE", episode.get("threadState"));
      assertTrue(
          ChildJvm.stack(episode).get(0).contains("VirtualThreadApp.spinOnCarrier("),
          "the virtual thread's own stack, not the carrier's: " + ChildJvm.stack(episode));
      double duration = ChildJvm.number(only.unblocked(), "durationMs");
      assertTrue(duration >= 600 && duration <= 900, "about 700 ms: " + duration);
      assertEquals("on-cpu", only.unblocked().get("cause"), "the carrier's CPU time says spinning");
      assertTrue(
          events.stream().allMatch(e -> e.get("id").equals(episode.get("id"))), child.describe());
    }
  }

  @Test
  void virtualThreadSleepingInAClassInitializer_isOneEpisode() throws Exception {
    try (ChildJvm child = ChildJvm.java(dir).start(VirtualThreadApp.class, "clinit")) {
      assertEquals(0, child.awaitExit(), child.describe());
      ChildJvm.Episode only = child.onlyEpisode();
      assertTrue(
          ChildJvm.inStack(only.blocked(), "SlowToInitialize.<clinit>("),
          "pinned in <clinit>: " + ChildJvm.stack(only.blocked()));
      double duration = ChildJvm.number(only.unblocked(), "durationMs");
      assertTrue(duration >= 300 && duration <= 600, "about 400 ms: " + duration);
      assertEquals("waiting", only.unblocked().get("cause"), "sleeping, pinned");
    }
  }

  @Test
  void virtualThreadBlockedInFileIo_isOneEpisode_waiting() throws Exception {
    Path fifo = dir.resolve("fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor());
    try (ChildJvm child =
        ChildJvm.java(dir).start(VirtualThreadApp.class, "fifo", fifo.toString())) {
      assertEquals(0, child.awaitExit(), child.describe());
      List<Map<String, Object>> blocked = child.events("blocked");
      assertEquals(1, blocked.size(), child.describe());
      assertEquals("carrier", blocked.get(0).get("hubKind"));
      assertTrue(
          ChildJvm.inStack(blocked.get(0), "java.io.FileInputStream.open"), child.describe());
      assertEquals("waiting", child.events("unblocked").get(0).get("cause"), child.describe());
    }
  }

  @Test
  void twentyThousandWellBehavedVirtualThreads_reportNothing() throws Exception {
    try (ChildJvm child = ChildJvm.java(dir).start(VirtualThreadApp.class, "calm")) {
      assertEquals(0, child.awaitExit(), child.describe());
      assertEquals(List.of("done"), child.out);
      assertEquals(List.of(), child.events(), child.describe());
      assertEquals(List.of(), child.err, "nothing on stderr either");
    }
  }

  /** gevent passes the first and fails the second (issue 1517); the largest gap decides. */
  @Test
  void assertSwitches_judgesTheLargestRunBetweenSwitches_notTheTotal() throws Exception {
    try (ChildJvm child = ChildJvm.java(dir).start(SwitchesApp.class)) {
      assertEquals(0, child.awaitExit(), child.describe());
      String spin = child.awaitOut(l -> l.startsWith("spin-then-yield: "), "spin-then-yield");
      assertTrue(spin.startsWith("spin-then-yield: failed: VirtualThread"), spin);
      assertTrue(spin.matches(".* ran [23]\\d\\d ms without a switch \\(at most 100 ms; .*"), spin);
      assertTrue(
          spin.contains(
              "unclog's report of it, the stack taken while it ran:"
                  + "|    at dev.unclog.agent.apps.VirtualThreadApp.spinOnCarrier("),
          "the culprit: " + spin);
      assertEquals(
          "short-sleeps: passed",
          child.awaitOut(l -> l.startsWith("short-sleeps: "), "short-sleeps"));
      String nothing = child.awaitOut(l -> l.startsWith("nothing: "), "nothing");
      assertTrue(
          nothing.matches("nothing: failed: VirtualThread.* never gave up its carrier in .*"),
          nothing);
    }
  }

  @Test
  void attachingToARunningJvm_thenABlock_isReported_andAttachingTwiceIsHarmless() throws Exception {
    try (ChildJvm child =
        ChildJvm.java(dir)
            .withoutAgent()
            .jvmOption("-XX:+EnableDynamicAgentLoading")
            .start(VirtualThreadApp.class, "wait")) {
      String pid = child.awaitOut(l -> l.startsWith("ready "), "ready").substring(6);
      for (int i = 0; i < 2; i++) {
        Process attach =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    ChildJvm.AGENT_JAR.toString(),
                    "attach",
                    pid,
                    "maxBlockingTime=200ms")
                .redirectErrorStream(true)
                .start();
        String said = new String(attach.getInputStream().readAllBytes());
        assertTrue(attach.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, attach.exitValue(), said);
        assertTrue(said.contains("unclog: attached to process " + pid), said);
      }
      child.send("spin");
      child.awaitOut("spun"::equals, "spun");
      List<Map<String, Object>> unblocked = child.awaitEvents("unblocked", 1);
      assertEquals(1, child.events("blocked").size(), child.describe());
      assertEquals(200.0, ChildJvm.number(unblocked.get(0), "thresholdMs"));
      assertTrue(
          child.err.contains(
              "unclog: the agent is already installed in this JVM; loading it again does nothing"),
          child.describe());
      child.send("exit");
      assertEquals(0, child.awaitExit(), child.describe());
    }
  }
}
