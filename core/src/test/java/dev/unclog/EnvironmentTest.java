/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.internal.JsonReader;
import dev.unclog.testing.ChildJava;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The global monitor configured by environment variables, in real child JVMs. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EnvironmentTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {
    List<String> unclogLines() {
      return err.lines().filter(l -> l.startsWith("unclog: ")).toList();
    }
  }

  static Run run(Map<String, String> env, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    return run(ChildMain.class, env, jvmOptions, args);
  }

  /** Runs {@code main} in a child JVM; one still running after 120 s is killed and fails. */
  static Run run(Class<?> main, Map<String, String> env, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    ProcessBuilder builder = ChildJava.builder(jvmOptions, main, args);
    builder.environment().putAll(env);
    Path outFile = Files.createTempFile("unclog-child", ".out");
    Path errFile = Files.createTempFile("unclog-child", ".err");
    builder.redirectOutput(outFile.toFile());
    builder.redirectError(errFile.toFile());
    Process process = builder.start();
    process.getOutputStream().close();
    boolean finished = process.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String out = Files.readString(outFile);
    String err = Files.readString(errFile);
    Files.delete(outFile);
    Files.delete(errFile);
    assertTrue(finished, "child JVM finished within 120 s; stderr: " + err);
    return new Run(process.exitValue(), out, err);
  }

  @Test
  void defaults_reportABlockOnStderr() throws Exception {
    Run run = run(Map.of(), List.of(), "400", "slow-query");
    assertEquals(0, run.exit(), run.err());
    assertEquals("app done\n", run.out());
    assertTrue(run.err().contains("slow-query blocked hub child-loop (executor) for "), run.err());
    assertTrue(run.err().contains("at dev.unclog.ChildMain$1.run(ChildMain.java"), run.err());
    assertTrue(
        run.err().contains("slow-query unblocked hub child-loop (executor) after "), run.err());
  }

  @Test
  void badValue_isNamedInOneLine_defaultsApply_andTheAppRuns() throws Exception {
    Run run = run(Map.of("UNCLOG_MAX_BLOCKING_TIME", "abc"), List.of(), "300");
    assertEquals(0, run.exit(), run.err());
    assertEquals("app done\n", run.out());
    List<String> errors = run.unclogLines();
    assertEquals(1, errors.size(), run.err());
    assertEquals(
        "unclog: UNCLOG_MAX_BLOCKING_TIME=\"abc\" is not valid: expected a duration such"
            + " as 250ms, 2s or 0.1 (seconds); using 100 ms",
        errors.get(0));
    assertTrue(run.err().contains(" blocked hub child-loop"), "default threshold applies");
  }

  @Test
  void monitorDisabled_reportsNothing() throws Exception {
    Run run = run(Map.of("UNCLOG_MONITOR_ENABLE", "false"), List.of(), "300");
    assertEquals(0, run.exit(), run.err());
    assertEquals("app done\n", run.out());
    assertEquals("", run.err());
  }

  @Test
  void systemProperty_overridesTheEnvironment_andAcceptsBareSeconds() throws Exception {
    Run run =
        run(
            Map.of("UNCLOG_MAX_BLOCKING_TIME", "100ms"),
            List.of("-Dunclog.maxBlockingTime=0.5"),
            "300");
    assertEquals(0, run.exit(), run.err());
    assertEquals("", run.err(), "300 ms is under the 0.5 s threshold");
  }

  @Test
  void reportFile_getsJsonLines_ownerOnly_andPrintingCanBeOff() throws Exception {
    Path file = dir.resolve("events.jsonl");
    Run run =
        run(
            Map.of(
                "UNCLOG_REPORT_FILE",
                file.toString(),
                "UNCLOG_PRINT_REPORTS",
                "false",
                "UNCLOG_MAX_BLOCKING_TIME",
                "100ms",
                "UNCLOG_MONITOR_PERIOD",
                "10ms"),
            List.of(),
            "500",
            "tricky \"name\"\nwith\tcontrols \u2028");
    assertEquals(0, run.exit(), run.err());
    assertEquals("", run.err());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    List<Map<String, Object>> events =
        Files.readAllLines(file).stream().map(JsonReader::object).toList();
    assertTrue(events.size() >= 2, "" + events);
    Map<String, Object> blocked = events.get(0);
    Map<String, Object> unblocked = events.get(events.size() - 1);
    assertEquals("blocked", blocked.get("event"));
    assertEquals("unblocked", unblocked.get("event"));
    assertEquals(blocked.get("id"), unblocked.get("id"));
    assertEquals("tricky \"name\"\nwith\tcontrols \u2028", blocked.get("task"));
    assertEquals("executor", blocked.get("hubKind"));
    assertEquals("child-loop", blocked.get("hub"));
    assertEquals(100L, blocked.get("thresholdMs"));
    assertTrue(((Number) blocked.get("blockedMs")).doubleValue() >= 100.0);
    double duration = ((Number) unblocked.get("durationMs")).doubleValue();
    assertTrue(duration >= 400 && duration <= 700, "about 500 ms: " + duration);
    for (String field : List.of("time", "since")) {
      java.time.Instant.parse((String) blocked.get(field));
    }
    @SuppressWarnings("unchecked")
    List<String> stack = (List<String>) blocked.get("stack");
    assertTrue(
        stack.stream().anyMatch(f -> f.startsWith("dev.unclog.ChildMain$1.run(")), "" + stack);
    assertFalse(unblocked.containsKey("blockedMs"));
    // where it comes from: this host, the child's pid, its run, which prefixes the episode id
    String runId = (String) blocked.get("run");
    assertTrue(runId.matches("[0-9a-f]{12}"), runId);
    assertTrue(((String) blocked.get("id")).startsWith(runId + "-"), "" + blocked);
    assertEquals(runId, unblocked.get("run"));
    assertTrue(((Number) blocked.get("pid")).longValue() != ProcessHandle.current().pid());
    assertEquals(
        Files.readString(Path.of("/proc/sys/kernel/hostname")).trim(), blocked.get("host"));
  }

  /** UNCLOG_LOG_FORMAT=json: stderr is one JSON object per line, Info: and the summary inside. */
  @Test
  void logFormatJson_printsEachEventAsOneJsonLine() throws Exception {
    Run run = run(Map.of("UNCLOG_LOG_FORMAT", "json"), List.of(), "400", "json-task", "300");
    assertEquals(0, run.exit(), run.err());
    List<Map<String, Object>> lines =
        run.err().lines().filter(l -> !l.isBlank()).map(JsonReader::object).toList();
    assertEquals(
        List.of("blocked", "unblocked", "summary"),
        lines.stream().map(l -> l.get("event")).toList(),
        run.err());
    Map<String, Object> blocked = lines.get(0);
    assertEquals("json-task", blocked.get("task"));
    assertTrue(((String) blocked.get("info")).contains("Info:"), "" + blocked);
    // bounded for log pipelines: 64 frames of the 300 and more, and how many were left out
    @SuppressWarnings("unchecked")
    List<String> stack = (List<String>) blocked.get("stack");
    assertEquals(64, stack.size(), "" + stack);
    assertTrue(((Number) blocked.get("stackFramesCut")).intValue() > 236, "" + blocked);
    assertEquals(blocked.get("run"), lines.get(2).get("run"));
    assertTrue(
        ((String) lines.get(2).get("report")).contains("Where hubs blocked longest"),
        "" + lines.get(2));
  }

  @Test
  void onBlockHalt_writesTheReportThenHalts() throws Exception {
    Run run = run(Map.of("UNCLOG_ON_BLOCK", "halt"), List.of(), "5000");
    assertEquals(3, run.exit(), run.err());
    assertEquals("", run.out(), "halted inside the block");
    assertTrue(run.err().contains(" blocked hub child-loop"), run.err());
    assertTrue(
        run.err().contains("unclog: halting the JVM (UNCLOG_ON_BLOCK=halt) after episode"),
        run.err());
  }

  @Test
  void onBlockInterrupt_interruptsTheWatchedTask() throws Exception {
    Run run = run(Map.of("UNCLOG_ON_BLOCK", "interrupt"), List.of(), "20000");
    assertEquals(0, run.exit(), run.err());
    assertEquals("task interrupted\napp done\n", run.out());
    assertTrue(
        run.err().contains("unclog: interrupted child-loop (UNCLOG_ON_BLOCK=interrupt)"),
        run.err());
    assertTrue(run.err().contains(" unblocked hub child-loop"), run.err());
  }

  @Test
  void aBlockInProgressAtExit_doesNotDelayShutdown() throws Exception {
    Run run = run(Map.of(), List.of(), "-1");
    long exited = System.nanoTime(); // CLOCK_MONOTONIC: comparable with the child's nanoTime
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().startsWith("app done "), run.out());
    assertTrue(run.err().contains(" blocked hub child-loop"), run.err());
    long mainEnded = Long.parseLong(run.out().trim().substring("app done ".length()));
    long shutdownMillis = (exited - mainEnded) / 1_000_000;
    // unclog's hook takes at most 300 ms; the rest is the JVM's own exit: a wide bound
    assertTrue(shutdownMillis < 2_000, "main ended " + shutdownMillis + " ms before the exit");
  }

  @Test
  void fullDisk_isNamedOnce_andDetectionGoesOn() throws Exception {
    Path file = dir.resolve("events.jsonl");
    ProcessBuilder builder = ChildJava.builder(List.of(), ChildMain.class, "300");
    // 1 KiB files: the first report line does not fit
    builder.command().addAll(0, List.of("bash", "-c", "ulimit -f 1; exec \"$0\" \"$@\""));
    builder.environment().put("UNCLOG_REPORT_FILE", file.toString());
    Process process = builder.start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), err);
    assertEquals("app done\n", out);
    List<String> errors = err.lines().filter(l -> l.startsWith("unclog: ")).toList();
    assertEquals(1, errors.size(), err);
    assertTrue(errors.get(0).contains("report file " + file + " failed"), errors.get(0));
    assertTrue(err.contains(" unblocked hub child-loop"), "stderr reports go on");
  }

  @Test
  void aReportFileThatIsALinkInASharedDirectory_isRefused_andTheVictimUntouched() throws Exception {
    Path shared = Files.createDirectory(dir.resolve("tmp"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    new ProcessBuilder("chmod", "+t", shared.toString()).start().waitFor(); // as /tmp is
    Path victim = Files.writeString(dir.resolve("victim.txt"), "precious\n");
    Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
    Path link = Files.createSymbolicLink(shared.resolve("events.jsonl"), victim);
    Run run = run(Map.of("UNCLOG_REPORT_FILE", link.toString()), List.of(), "300");
    assertEquals(0, run.exit(), run.err());
    assertEquals("precious\n", Files.readString(victim));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
    List<String> lines = run.unclogLines();
    assertEquals(1, lines.size(), run.err());
    assertTrue(
        lines.get(0).contains("UNCLOG_REPORT_FILE " + link + " is refused: it is a symbolic link"),
        lines.get(0));
    assertTrue(run.err().contains(" unblocked hub child-loop"), "stderr reports go on");
  }

  @Test
  void anExistingReportFile_othersMayWrite_isRefused_groupMayWrite_isAppendedTo() throws Exception {
    Path open = Files.writeString(dir.resolve("open.jsonl"), "");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-rw-rw-"));
    Run refused = run(Map.of("UNCLOG_REPORT_FILE", open.toString()), List.of(), "300");
    assertEquals("", Files.readString(open));
    assertTrue(
        refused.unclogLines().size() == 1
            && refused.unclogLines().get(0).contains("is refused: others may write to it"),
        refused.err());
    Path shared = Files.writeString(dir.resolve("group.jsonl"), "");
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-rw----"));
    Run appended = run(Map.of("UNCLOG_REPORT_FILE", shared.toString()), List.of(), "300");
    assertEquals(List.of(), appended.unclogLines());
    assertTrue(Files.readString(shared).contains("\"event\":\"unblocked\""));
  }

  @Test
  void theStandardStreamAndAFifo_areAllowed_andNothingWaitsForAReader() throws Exception {
    Run toStderr =
        run(
            Map.of("UNCLOG_REPORT_FILE", "/dev/stderr", "UNCLOG_PRINT_REPORTS", "false"),
            List.of(),
            "300");
    assertEquals(0, toStderr.exit(), toStderr.err());
    assertTrue(toStderr.err().contains("\"event\":\"unblocked\""), toStderr.err());
    Path fifo = dir.resolve("events.fifo");
    assertEquals(0, new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).start().waitFor());
    Run toFifo = run(Map.of("UNCLOG_REPORT_FILE", fifo.toString()), List.of(), "300");
    assertEquals(0, toFifo.exit(), toFifo.err()); // no reader, and it finished
    assertEquals(List.of(), toFifo.unclogLines());
  }

  @Test
  void unwritableReportFile_isNamedOnce_andDetectionGoesOn() throws Exception {
    Path file = dir.resolve("no-such-dir").resolve("events.jsonl");
    Run run = run(Map.of("UNCLOG_REPORT_FILE", file.toString()), List.of(), "300");
    assertEquals(0, run.exit(), run.err());
    assertEquals("app done\n", run.out());
    List<String> errors = run.unclogLines();
    assertEquals(1, errors.size(), run.err());
    assertTrue(errors.get(0).contains("report file " + file + " failed"), errors.get(0));
    assertTrue(run.err().contains(" unblocked hub child-loop"), "stderr reports go on");
  }
}
