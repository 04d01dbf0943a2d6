/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * unclog taken as a user takes it: a separate Maven project (src/test/resources/shop) that imports
 * the installed BOM, depends on unclog-junit and puts the agent from the local repository on
 * surefire's argLine, built offline by the same Maven. Its test whose virtual thread holds a
 * carrier for 600 ms fails naming the method; its sleeping test passes. And the installed agent
 * artifact itself: an agent jar that knows its version.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ConsumerProjectTest {
  private static final String VERSION = System.getProperty("unclog.version");
  private static final Path REPOSITORY = Path.of(System.getProperty("unclog.repository"));

  @TempDir Path dir;

  @Test
  void aUsersBuild_failsTheTestThatHoldsACarrier_andPassesTheOther() throws Exception {
    installedAgent();
    Path project = dir.resolve("shop");
    copy("shop/pom.xml", project.resolve("pom.xml"));
    copy(
        "shop/src/test/java/shop/CheckoutTest.java",
        project.resolve("src/test/java/shop/CheckoutTest.java"));

    Path mvn = Path.of(System.getProperty("maven.home"), "bin", "mvn");
    ProcessBuilder build =
        new ProcessBuilder(
                mvn.toString(), "-B", "-o", "-ntp", "-Dmaven.repo.local=" + REPOSITORY, "test")
            .directory(project.toFile())
            .redirectErrorStream(true);
    build.environment().put("JAVA_HOME", System.getProperty("java.home"));
    build.environment().remove("JAVA_TOOL_OPTIONS");
    build.environment().keySet().removeIf(k -> k.startsWith("UNCLOG_"));
    Process process = build.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(240, TimeUnit.SECONDS), output);
    assertNotEquals(0, process.exitValue(), "one test must fail: " + output);

    Path report = project.resolve("target/surefire-reports/shop.CheckoutTest.txt");
    assertTrue(Files.isRegularFile(report), "surefire ran the tests: " + output);
    String text = Files.readString(report);
    assertTrue(text.contains("Tests run: 2, Failures: 1, Errors: 0, Skipped: 0"), text);
    List<String> failed = text.lines().filter(l -> l.contains("<<< FAILURE!")).toList();
    assertEquals(1, failed.stream().filter(l -> l.contains("pricesTheBasket")).count(), text);
    assertTrue(
        text.contains("1 episode on 1 hub blocked for 100 ms or more during this test:"), text);
    assertTrue(text.contains("at shop.CheckoutTest.computePrices(CheckoutTest.java:"), text);
    assertTrue(failed.stream().noneMatch(l -> l.contains("waitsForThePaymentService")), text);
    assertTrue(
        output.lines().noneMatch(l -> l.contains("use one version")),
        "agent and library are one version: " + output);
  }

  @Test
  void theInstalledAgent_isAnAgent_andSaysItsVersion() throws Exception {
    Path installed = installedAgent();
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(installed.toFile())) {
      java.util.jar.Attributes main = jar.getManifest().getMainAttributes();
      assertEquals("dev.unclog.agent.UnclogAgent", main.getValue("Premain-Class"));
      assertEquals(VERSION, main.getValue("Implementation-Version"));
    }
    Process version =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                installed.toString(),
                "--version")
            .redirectErrorStream(true)
            .start();
    String printed = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, version.waitFor(), printed);
    assertEquals("unclog " + VERSION, printed.strip());
    String pom = Files.readString(installed.resolveSibling("unclog-agent-" + VERSION + ".pom"));
    assertTrue(
        !pom.contains("<artifactId>byte-buddy</artifactId>")
            && !pom.contains("<artifactId>unclog-report</artifactId>"),
        "what the jar holds is not a dependency: " + pom);
  }

  /** The agent in the local repository; the test is skipped if it is not installed. */
  private static Path installedAgent() {
    Path installed =
        REPOSITORY.resolve(
            "dev/unclog/unclog-agent/" + VERSION + "/unclog-agent-" + VERSION + ".jar");
    assumeTrue(
        Files.isRegularFile(installed),
        "the artifacts are not installed: this test"
            + " runs in mvn install (./unclog test), after the modules it uses are installed");
    return installed;
  }

  private void copy(String resource, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    try (InputStream in =
        ConsumerProjectTest.class.getClassLoader().getResourceAsStream(resource)) {
      String text =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace("@UNCLOG_VERSION@", VERSION)
              .replace("@JUNIT_VERSION@", System.getProperty("junit.version"));
      Files.writeString(to, text);
    }
  }
}
