/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.agent.apps.OpenTelemetryApp;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that uses OpenTelemetry and no unclog code gets unclog's records through its own
 * SDK, the agent alone binding them: with the API on the class path, and inside a Spring Boot fat
 * jar, where the agent's class loader cannot see the API; and not when UNCLOG_OPENTELEMETRY=false.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OpenTelemetryIT {
  @TempDir Path dir;

  @Test
  void theApplicationsSdk_getsTheEpisode_withNoCode() throws Exception {
    ChildJvm.Builder builder = ChildJvm.java(dir);
    for (Path jar : openTelemetryJars()) {
      builder.classPath(jar);
    }
    try (ChildJvm child = builder.start(OpenTelemetryApp.class)) {
      assertRecords(child);
    }
  }

  @Test
  void inAFatJar_theApplicationsSdk_getsTheEpisode() throws Exception {
    Map<String, byte[]> libraries = new HashMap<>();
    for (Path jar : openTelemetryJars()) {
      libraries.put(jar.getFileName().toString(), Files.readAllBytes(jar));
    }
    Path fatJar =
        FatJarIT.fatJar(
            dir.resolve("otel-app.jar"),
            OpenTelemetryApp.class,
            List.of(OpenTelemetryApp.class.getName() + "$Printing"),
            libraries);
    try (ChildJvm child = ChildJvm.java(dir).startJar(fatJar)) {
      assertRecords(child);
    }
  }

  /*
   * The application has its own copy of unclog-opentelemetry in BOOT-INF/lib and binds it: the
   * agent's copy, relocated, shadows nothing, and each record comes once.
   */
  @Test
  void inAFatJar_anApplicationsOwnBinding_works_andRecordsComeOnce() throws Exception {
    Map<String, byte[]> libraries = new HashMap<>();
    List<Path> jars = new ArrayList<>(openTelemetryJars());
    jars.add(unclogOpenTelemetryJar());
    for (Path jar : jars) {
      libraries.put(jar.getFileName().toString(), Files.readAllBytes(jar));
    }
    Path fatJar =
        FatJarIT.fatJar(
            dir.resolve("own-binding.jar"),
            OpenTelemetryApp.class,
            List.of(OpenTelemetryApp.class.getName() + "$Printing"),
            libraries);
    try (ChildJvm child = ChildJvm.java(dir).startJar(fatJar, "own")) {
      assertRecords(child);
      long blocked =
          child.out.stream().filter(l -> l.startsWith("otel-record unclog.blocked ")).count();
      assertTrue(blocked == 1, "one binding, one record: " + child.describe());
    }
  }

  @Test
  void turnedOff_nothingIsPublished() throws Exception {
    ChildJvm.Builder builder = ChildJvm.java(dir).env("UNCLOG_OPENTELEMETRY", "false");
    for (Path jar : openTelemetryJars()) {
      builder.classPath(jar);
    }
    try (ChildJvm child = builder.start(OpenTelemetryApp.class, "not bound")) {
      child.assertFinished("otel done");
      assertFalse(
          child.out.stream().anyMatch(line -> line.startsWith("otel-record")), child.describe());
      assertTrue(child.out.contains("otel no unblocked record"), child.describe());
    }
  }

  private static void assertRecords(ChildJvm child) throws Exception {
    child.assertFinished("otel done");
    assertTrue(child.out.contains("otel unblocked"), child.describe());
    assertTrue(
        child.out.stream().anyMatch(line -> line.startsWith("otel-record unclog.blocked carrier ")),
        child.describe());
    assertTrue(
        child.out.stream()
            .anyMatch(
                line ->
                    line.startsWith("otel-record unclog.unblocked carrier ")
                        && line.contains("otel-spinner")),
        child.describe());
  }

  /* unclog-opentelemetry as the application would have it: its jar on this test's class path. */
  private static Path unclogOpenTelemetryJar() {
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (path.getFileName().toString().startsWith("unclog-opentelemetry")
          && entry.endsWith(".jar")) {
        return path;
      }
    }
    throw new AssertionError("unclog-opentelemetry's jar is on the test class path");
  }

  /* The OpenTelemetry API and SDK jars of this test's class path. */
  private static List<Path> openTelemetryJars() throws IOException {
    List<Path> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (path.getFileName().toString().startsWith("opentelemetry-") && entry.endsWith(".jar")) {
        jars.add(path);
      }
    }
    assertTrue(jars.size() >= 4, "the API, context, SDK and its parts: " + jars);
    return jars;
  }
}
