/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent jar as users get it from a repository: a manifest that makes it an agent and says its
 * version, {@code --version} and {@code --help}, and one line when the unclog library on the class
 * path is another version than the agent.
 */
class ArtifactIT {
  @TempDir Path dir;

  @Test
  void theJar_isAnAgent_withItsVersion() throws Exception {
    Attributes main;
    try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
      main = jar.getManifest().getMainAttributes();
    }
    assertEquals("dev.unclog.agent.UnclogAgent", main.getValue("Premain-Class"));
    assertEquals("dev.unclog.agent.UnclogAgent", main.getValue("Agent-Class"));
    String version = main.getValue("Implementation-Version");
    assertNotNull(version);
    assertEquals(List.of("unclog " + version), run("--version"));
    List<String> help = run("--help");
    for (String command : List.of("attach PID", "report FILE.jsonl", "--version", "--help")) {
      assertTrue(help.stream().anyMatch(l -> l.trim().startsWith(command)), command + ": " + help);
    }
  }

  @Test
  void anotherVersionOfTheLibrary_isSaidInOneLine_andTheAppRuns() throws Exception {
    Path other = dir.resolve("unclog-core-0.0.1.jar");
    copyLibrary(other, "0.0.1-other");
    try (ChildJvm child = ChildJvm.java(dir).jarsIn(dir).start(Quiet.class)) {
      assertEquals(0, child.awaitExit(), child.describe());
      assertEquals(List.of("quiet"), child.out, child.describe());
      List<String> said = child.err.stream().filter(l -> l.contains("use one version")).toList();
      assertEquals(1, said.size(), child.describe());
      assertTrue(
          said.get(0).contains(" is 0.0.1-other") && said.get(0).contains(other.toString()),
          said.get(0));
    }
    try (ChildJvm child = ChildJvm.java(dir).start(Quiet.class)) {
      assertEquals(0, child.awaitExit(), child.describe());
      assertTrue(
          child.err.stream().noneMatch(l -> l.contains("use one version")),
          "the agent's own library is its version: " + child.describe());
    }
  }

  /** A program that does nothing but say so. */
  public static final class Quiet {
    public static void main(String[] args) {
      System.out.println("quiet");
    }
  }

  /** The library's classes from the agent jar, in a jar of their own claiming {@code version}. */
  private static void copyLibrary(Path to, String version) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
    try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile());
        OutputStream file = Files.newOutputStream(to);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (name.startsWith("dev/unclog/")
            && name.endsWith(".class")
            && !name.startsWith("dev/unclog/agent/")
            && !name.startsWith("dev/unclog/shaded/")) {
          out.putNextEntry(new JarEntry(name));
          jar.getInputStream(entry).transferTo(out);
          out.closeEntry();
        }
      }
    }
  }

  private static List<String> run(String argument) throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                ChildJvm.AGENT_JAR.toString(),
                argument)
            .redirectErrorStream(true)
            .start();
    List<String> lines = new String(process.getInputStream().readAllBytes()).lines().toList();
    assertEquals(0, process.waitFor(), String.join("\n", lines));
    return lines;
  }
}
