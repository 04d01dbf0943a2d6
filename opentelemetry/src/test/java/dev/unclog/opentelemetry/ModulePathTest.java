/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.opentelemetry.modulepath.ModulePathMain;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The module descriptor in use: a child JVM with unclog-core, this module and the OpenTelemetry API
 * on the module path (where core exports {@code dev.unclog.internal} to this module alone of the
 * three) gets records with the host and the run.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ModulePathTest {
  @Test
  void onTheModulePath_recordsStillSayTheirHostAndRun() throws Exception {
    List<String> modulePath = new ArrayList<>();
    List<String> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      boolean module =
          entry.endsWith(Path.of("target", "classes").toString())
              // unclog-core.jar in a reactor build, unclog-core-VERSION.jar from a repository;
              // never the tests jar
              || name.matches("unclog-core(-[0-9][^-]*(-SNAPSHOT)?)?\\.jar")
              || name.matches("opentelemetry-(api|context|common)-[0-9.]+\\.jar");
      (module ? modulePath : classPath).add(entry);
    }
    assertEquals(
        5, modulePath.size(), "core, this module, the API, context, common: " + modulePath);
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--module-path",
            String.join(File.pathSeparator, modulePath),
            "--add-modules",
            "dev.unclog.opentelemetry",
            "-cp",
            String.join(File.pathSeparator, classPath),
            ModulePathMain.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("UNCLOG_"));
    Process child = builder.start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), out);
    assertEquals(0, child.exitValue(), out);

    assertTrue(out.contains("named true\n"), out);
    assertTrue(out.contains("bound true\n"), out);
    int records = 0;
    for (String line : out.split("\n")) {
      if (line.startsWith("record ")) {
        String[] words = line.split(" ", 5);
        String episode = words[2];
        String run = words[3];
        assertTrue(run.matches("[0-9a-f]{12}") && episode.startsWith(run + "-"), line);
        assertEquals(dev.unclog.internal.Origin.host(), words[4], "core's rule, applied here");
        records++;
      }
    }
    assertTrue(records >= 2, out);
  }
}
