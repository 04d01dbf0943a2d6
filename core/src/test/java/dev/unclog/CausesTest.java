/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.internal.JsonReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pauses of the whole process are not blamed on code, in real child JVMs: a GC-heavy program and a
 * long safepoint (a heap dump); and the episodes reach a JFR recording.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CausesTest {
  @TempDir Path dir;

  @Test
  void gcPauses_areLabelledGc_notCode() throws Exception {
    EnvironmentTest.Run run = runCauseApp("gc", Map.of());
    Map<String, Object> episode = theEpisode(run);
    // GC pauses, and the safepoints around them that the monitor sees as its own lateness:
    // which of the two explains more depends on how the pauses fell
    assertTrue(
        List.of("gc", "process-stall").contains(episode.get("cause")),
        "a short computation stretched by GC is not the code's: " + episode);
    assertTrue(((Number) episode.get("gcMs")).longValue() >= 100, "" + episode);
    assertTrue(((Number) episode.get("cpuMs")).longValue() < 100, "" + episode);
    assertTrue(run.err().contains(": not the code (episode "), "one line: " + run.err());
  }

  @Test
  void aSleepThroughGcPauses_staysWaiting() throws Exception {
    Map<String, Object> episode = theEpisode(runCauseApp("gc-sleep", Map.of()));
    assertEquals("waiting", episode.get("cause"), "a sleep is not lengthened by GC: " + episode);
    assertTrue(((Number) episode.get("gcMs")).longValue() > 0, "" + episode);
  }

  @Test
  void aSafepointStall_isLabelledProcessStall_notCode() throws Exception {
    EnvironmentTest.Run run = runCauseApp("stall", Map.of("UNCLOG_MAX_BLOCKING_TIME", "300ms"));
    Map<String, Object> episode = theEpisode(run);
    assertEquals("process-stall", episode.get("cause"), "" + episode);
    assertTrue(((Number) episode.get("stallMs")).longValue() >= 300, "" + episode);
    assertTrue(run.err().contains(", the whole process stalled ("), run.err());
  }

  @Test
  void jfrRecording_holdsTheEpisodeEvents() throws Exception {
    Path recording = dir.resolve("run.jfr");
    EnvironmentTest.Run run =
        EnvironmentTest.run(
            ChildMain.class,
            Map.of(),
            List.of("-XX:StartFlightRecording=filename=" + recording),
            "400",
            "slow-query");
    assertEquals(0, run.exit(), run.err());
    List<RecordedEvent> events =
        RecordingFile.readAllEvents(recording).stream()
            .filter(e -> e.getEventType().getName().startsWith("dev.unclog."))
            .toList();
    RecordedEvent blocked = only(events, "dev.unclog.Blocked");
    RecordedEvent episode = only(events, "dev.unclog.Episode");
    for (RecordedEvent event : List.of(blocked, episode)) {
      assertEquals("child-loop", event.getString("hub"), "" + event);
      assertEquals("executor", event.getString("hubKind"));
      assertEquals("slow-query", event.getString("task"));
      assertTrue(event.getString("stack").contains("ChildMain$1.run(ChildMain.java"), "" + event);
      assertEquals(blocked.getString("episodeId"), event.getString("episodeId"));
    }
    assertEquals("waiting", episode.getString("cause"), "" + episode);
    Duration blockedFor = episode.getDuration("blocked");
    assertTrue(blockedFor.toMillis() >= 300 && blockedFor.toMillis() < 2000, "" + episode);
    assertTrue(episode.getDuration().toMillis() > 0, "spans from detection to the end");
    assertTrue(
        episode.getDuration().compareTo(blockedFor) < 0,
        "the event's own span is shorter than the blockage, which the fields carry: " + episode);
    for (RecordedEvent event : List.of(blocked, episode)) {
      // the blocked loop thread itself, not the reporter thread that committed the event
      assertEquals("child-loop", event.getThread("hubThread").getJavaName(), "" + event);
      assertEquals("child-loop", event.getThread("culpritThread").getJavaName(), "" + event);
      assertTrue(event.getString("episodeId").startsWith(event.getString("run") + "-"), "" + event);
      // which host and process, as the JSON lines and OpenTelemetry records say it
      assertEquals(dev.unclog.internal.Origin.host(), event.getString("host"), "" + event);
      assertTrue(event.getLong("pid") > 0 && event.getLong("pid") != ProcessHandle.current().pid());
      assertTrue(event.getDuration("cpu").toNanos() >= 0 || event.getLong("cpu") == Long.MIN_VALUE);
      for (String figure : List.of("gc", "stall", "runQueue", "throttled", "since")) {
        assertTrue(event.hasField(figure), figure + " in " + event);
      }
    }
    // and as `jfr print` shows them
    Process print =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jfr").toString(),
                "print",
                "--events",
                "dev.unclog.Episode",
                recording.toString())
            .redirectErrorStream(true)
            .start();
    String printed = new String(print.getInputStream().readAllBytes());
    assertEquals(0, print.waitFor(), printed);
    assertTrue(printed.contains("hubThread = \"child-loop\""), printed);
    assertTrue(printed.contains("cause = \"waiting\""), printed);
    assertTrue(printed.contains("since = "), printed);
  }

  private static RecordedEvent only(List<RecordedEvent> events, String name) {
    List<RecordedEvent> named =
        events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    assertEquals(1, named.size(), name + " in " + events);
    return named.get(0);
  }

  /**
   * Runs CauseApp in {@code mode} with a report file, Serial GC and a 1 GiB heap (what its modes
   * need), and checks that it ended well.
   */
  private EnvironmentTest.Run runCauseApp(String mode, Map<String, String> env) throws Exception {
    Map<String, String> withFile = new java.util.HashMap<>(env);
    withFile.put("UNCLOG_REPORT_FILE", reportFile().toString());
    EnvironmentTest.Run run =
        EnvironmentTest.run(
            CauseApp.class, withFile, List.of("-XX:+UseSerialGC", "-Xms1g", "-Xmx1g"), mode);
    assertEquals(0, run.exit(), run.err());
    return run;
  }

  private Path reportFile() {
    return dir.resolve("events.jsonl");
  }

  /** The one episode's unblocked event on the child's loop. */
  private Map<String, Object> theEpisode(EnvironmentTest.Run run) throws Exception {
    Path file = reportFile();
    assertTrue(Files.exists(file), run.out() + run.err());
    List<Map<String, Object>> unblocked =
        Files.readAllLines(file).stream()
            .map(JsonReader::object)
            .filter(e -> "unblocked".equals(e.get("event")) && "child-loop".equals(e.get("hub")))
            .toList();
    assertEquals(1, unblocked.size(), Files.readString(file) + run.err());
    return unblocked.get(0);
  }
}
