/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.agent.apps.LibraryStatusApp;
import dev.unclog.agent.apps.StatusApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar unclog-agent.jar status PID} against child JVMs: one whose named pool worker is
 * blocked (its name carrying a terminal escape), one without unclog, and a process id that is no
 * number. It reaches the target's MBean through the local management connector, loading no agent.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StatusIT {
  @TempDir Path dir;

  record Status(int exit, List<String> out, List<String> err) {}

  @Test
  void aBlockedHub_isShown_itsNameEscaped() throws Exception {
    try (ChildJvm child =
        ChildJvm.java(dir).env("UNCLOG_HUB_THREADS", "orders-.*").start(StatusApp.class)) {
      child.awaitEvents("blocked", 1);
      Status status = status(String.valueOf(child.process.pid()));
      long deadline = System.nanoTime() + ChildJvm.DEADLINE_NANOS;
      while (status.out.stream().noneMatch(l -> l.contains("blocked for"))
          && System.nanoTime() < deadline) { // the MBean is registered off the monitor thread
        Thread.sleep(200);
        status = status(String.valueOf(child.process.pid()));
      }
      String all = String.join("\n", status.out);
      assertEquals(0, status.exit, status.toString());
      assertTrue(status.out.get(0).startsWith("unclog "), all);
      assertTrue(all.contains("Blocked now:"), all);
      assertTrue(all.contains("orders-\\u001b[31m-1 (named-pool) blocked for"), all);
      assertTrue(all.chars().noneMatch(c -> c == 0x1b), "no raw escape reaches the terminal");
      assertTrue(all.contains("Hubs:"), all);
    }
  }

  /** The library alone (Monitor.global(), no agent): its JVM says it runs unclog, and shows it. */
  @Test
  void theLibraryWithoutTheAgent_isShownToo() throws Exception {
    Path core = Path.of("..", "core", "target", "unclog-core.jar").toAbsolutePath();
    try (ChildJvm child =
        ChildJvm.java(dir).withoutAgent().classPath(core).start(LibraryStatusApp.class)) {
      child.awaitEvents("blocked", 1);
      Status status = status(String.valueOf(child.process.pid()));
      String all = String.join("\n", status.out);
      assertEquals(0, status.exit, status.toString());
      assertTrue(all.contains("lib-loop (executor) blocked for"), all);
    }
  }

  @Test
  void aJvmWithoutUnclog_isOneLine_andExit2() throws Exception {
    try (ChildJvm child = ChildJvm.java(dir).withoutAgent().start(StatusApp.class)) {
      long deadline = System.nanoTime() + ChildJvm.DEADLINE_NANOS;
      while (!child.out.contains("blocking") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Status status = status(String.valueOf(child.process.pid()));
      assertEquals(2, status.exit, status.toString());
      assertEquals(1, status.err.size(), status.toString());
      assertTrue(status.err.get(0).contains("has no unclog"), status.toString());
    }
  }

  @Test
  void aProcessIdThatIsNoNumber_isOneLine_andExit2() throws Exception {
    Status status = status("12ab\u001b");
    assertEquals(2, status.exit, status.toString());
    assertEquals(List.of("unclog: \"12ab\\u001b\" is not a process id"), status.err);
  }

  private static Status status(String pid) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                ChildJvm.AGENT_JAR.toString(),
                "status",
                pid)
            .start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    return new Status(
        process.exitValue(),
        new String(out, StandardCharsets.UTF_8).lines().toList(),
        new String(err, StandardCharsets.UTF_8).lines().toList());
  }
}
