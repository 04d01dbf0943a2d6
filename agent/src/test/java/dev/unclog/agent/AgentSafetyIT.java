/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.unclog.agent.apps.VirtualThreadApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The agent never breaks the application: old JVMs, bad options, switched off. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AgentSafetyIT {
  @TempDir Path dir;

  @Test
  void onJava17_theAgentSaysItIsOff_andTheAppRunsUnchanged() throws Exception {
    Optional<Path> jdk17 = jdk(17);
    assumeTrue(jdk17.isPresent(), "no JDK 17 under /usr/lib/jvm");
    Path source = dir.resolve("Hello17.java");
    Files.writeString(
        source,
        "public class Hello17 { public static void main(String[] a) {"
            + " System.out.println(\"hello from \" + System.getProperty(\"java.specification.version\"));"
            + " } }");
    Process javac =
        new ProcessBuilder(
                jdk17.get().resolve("bin/javac").toString(),
                "-d",
                dir.toString(),
                source.toString())
            .inheritIO()
            .start();
    assertEquals(0, javac.waitFor());

    List<String> plain = run(jdk17.get(), false);
    List<String> withAgent = run(jdk17.get(), true);
    assertEquals(List.of("out: hello from 17"), plain);
    assertEquals(
        List.of(
            "err: unclog: the agent needs Java 21 or newer and this JVM is Java 17;"
                + " unclog is off and the application runs normally",
            "out: hello from 17"),
        withAgent.stream().sorted().toList());
  }

  private List<String> run(Path jdk, boolean agent) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(jdk.resolve("bin/java").toString()));
    if (agent) {
      command.add("-javaagent:" + ChildJvm.AGENT_JAR);
    }
    command.addAll(List.of("-cp", dir.toString(), "Hello17"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes());
    String err = new String(process.getErrorStream().readAllBytes());
    assertEquals(0, process.waitFor());
    return Stream.concat(out.lines().map(l -> "out: " + l), err.lines().map(l -> "err: " + l))
        .toList();
  }

  /**
   * The hook path must never load a class, take a lock or start a thread inside a mount: the
   * warm-up in premain runs it first. So every class it needs is loaded before the application's
   * main class is.
   */
  @Test
  void hookPathClasses_areLoadedBeforeTheFirstCarrierRuns() throws Exception {
    Path log = dir.resolve("classes.log");
    try (ChildJvm child =
        ChildJvm.java(dir)
            .jvmOption("-Xlog:class+load=info:file=" + log)
            .start(VirtualThreadApp.class, "spin")) {
      assertEquals(0, child.awaitExit(), child.describe());
    }
    List<String> loaded =
        Files.readAllLines(log).stream()
            .map(l -> l.replaceAll("^\\[[^]]*]\\[[^]]*]\\[[^]]*] ", "").split(" ")[0])
            .toList();
    int main = loaded.indexOf(VirtualThreadApp.class.getName());
    // The woven VirtualThread runs first on a carrier: no class may load inside a mount
    int carrier = loaded.indexOf("jdk.internal.misc.CarrierThread");
    assertTrue(main > 0 && carrier > main, "main at " + main + ", the first carrier at " + carrier);
    for (String hookClass :
        List.of(
            "dev.unclog.agent.internal.AgentHooks$Slot",
            "dev.unclog.agent.internal.AgentHooks$Enter",
            "dev.unclog.agent.internal.AgentHooks$Exit",
            "dev.unclog.Hub",
            "dev.unclog.Watchdog",
            "dev.unclog.internal.Reporter")) {
      int at = loaded.indexOf(hookClass);
      assertTrue(
          at >= 0 && at < carrier, hookClass + " loaded at " + at + ", carrier at " + carrier);
    }
  }

  @Test
  void aProgramThatWeavesNothing_loadsNoWeaverNorHooks() throws Exception {
    Path log = dir.resolve("classes.log");
    try (ChildJvm child =
        ChildJvm.java(dir)
            .jvmOption("-Xlog:class+load=info:file=" + log)
            .start(dev.unclog.agent.apps.HelloApp.class)) {
      assertEquals(0, child.awaitExit(), child.describe());
    }
    String loaded = Files.readString(log);
    assertTrue(loaded.contains("dev.unclog.agent.internal.Installer"), "the agent ran");
    for (String notNeeded :
        List.of(
            "dev.unclog.shaded.org.objectweb.asm.ClassWriter",
            "java.util.function.UnclogHookSlots",
            "java.lang.VirtualThread$VThreadContinuation")) {
      assertFalse(loaded.contains(notNeeded + " "), notNeeded + " loaded, with nothing to weave");
    }
  }

  @Test
  void badAgentOptions_areNamedInOneLineEach_andDetectionGoesOn() throws Exception {
    try (ChildJvm child =
        ChildJvm.java(dir)
            .agentOptions("maxBlockingTime=soon,colour=red")
            .start(VirtualThreadApp.class, "spin")) {
      assertEquals(0, child.awaitExit(), child.describe());
      assertEquals(List.of("done"), child.out);
      assertEquals(
          List.of(
              "unclog: agent option \"colour=red\" is not valid: expected name=value with a name"
                  + " among monitorEnable, maxBlockingTime, monitorPeriod, reportFile, printReports,"
                  + " logFormat, onBlock, memoryMax, memoryPeriod, debugger, repeatWindow, maxReportsPerMinute,"
                  + " logger, jfr, spawnStacks, hubThreads, openTelemetry;"
                  + " ignoring it",
              "unclog: agent argument maxBlockingTime=\"soon\" is not valid: expected a duration"
                  + " such as 250ms, 2s or 0.1 (seconds); using 100 ms"),
          child.err);
      assertEquals(1, child.events("blocked").size(), child.describe());
    }
  }

  @Test
  void monitorSwitchedOff_weavesNothing_andSaysNothing() throws Exception {
    try (ChildJvm child =
        ChildJvm.java(dir)
            .env("UNCLOG_MONITOR_ENABLE", "false")
            .start(VirtualThreadApp.class, "spin")) {
      assertEquals(0, child.awaitExit(), child.describe());
      assertEquals(List.of("done"), child.out);
      assertEquals(List.of(), child.err);
      assertEquals(List.of(), child.events());
    }
  }

  @Test
  void attach_toNoProcess_orNotAJvm_orAnOldJvm_failsInOneLine() throws Exception {
    assertEquals(List.of("unclog: no process 999999"), attach("999999"));
    assertEquals(List.of("unclog: \"x1\" is not a process id"), attach("x1"));
    Process sleeper = new ProcessBuilder("sleep", "60").start();
    try {
      List<String> said = attach(Long.toString(sleeper.pid()));
      assertEquals(1, said.size(), "" + said);
      assertTrue(
          said.get(0)
              .startsWith(
                  "unclog: cannot attach to process "
                      + sleeper.pid()
                      + ": not a JVM, a JVM of another user, or one that disallows attaching"),
          "" + said);
    } finally {
      sleeper.destroyForcibly();
    }
    Optional<Path> jdk17 = jdk(17);
    if (jdk17.isPresent()) {
      Process old = new ProcessBuilder(jdk17.get().resolve("bin/jshell").toString()).start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> said = attach(Long.toString(old.pid()));
        while (said.get(0).contains("cannot attach") && System.nanoTime() < deadline) {
          Thread.sleep(200); // the JVM answers attach requests once it is up
          said = attach(Long.toString(old.pid()));
        }
        assertEquals(
            List.of(
                "unclog: process "
                    + old.pid()
                    + " runs Java 17; unclog needs Java"
                    + " 21 or newer"),
            said);
      } finally {
        old.destroyForcibly();
      }
    }
  }

  @Test
  void attach_toAnotherUsersJvm_failsInOneLineNamingTheOwner() throws Exception {
    String me = System.getProperty("user.name");
    assumeTrue(
        me.equals("root") && Files.isExecutable(Path.of("/usr/sbin/runuser")),
        "needs root and runuser, to attach as user nobody to a JVM of " + me);
    // jshell waits on its open stdin: a JVM of this user that lives until destroyed
    Process target =
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jshell").toString())
            .start();
    try {
      List<String> said =
          attach(List.of("/usr/sbin/runuser", "-u", "nobody", "--"), Long.toString(target.pid()));
      assertEquals(
          List.of(
              "unclog: cannot attach to process "
                  + target.pid()
                  + ": it belongs to"
                  + " user "
                  + me
                  + ", not nobody; run this as "
                  + me
                  + " (sudo -u "
                  + me
                  + " java -jar unclog-agent.jar attach "
                  + target.pid()
                  + ")"),
          said);
    } finally {
      target.destroyForcibly();
    }
  }

  private static List<String> attach(String pid) throws IOException, InterruptedException {
    return attach(List.of(), pid);
  }

  /**
   * Runs {@code java -jar unclog-agent.jar attach PID}, after {@code as} (a command that runs it as
   * another user); asserts exit 2, returns its lines.
   */
  private static List<String> attach(List<String> as, String pid)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(as);
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            ChildJvm.AGENT_JAR.toString(),
            "attach",
            pid));
    Process attach = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new String(attach.getInputStream().readAllBytes()).lines().toList();
    assertTrue(attach.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, attach.exitValue(), "" + lines);
    return lines;
  }

  private static Optional<Path> jdk(int release) throws IOException {
    try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
      return homes
          .filter(home -> Files.isExecutable(home.resolve("bin/javac")))
          .filter(
              home -> {
                try {
                  return Files.readAllLines(home.resolve("release")).stream()
                      .anyMatch(l -> l.startsWith("JAVA_VERSION=\"" + release + "."));
                } catch (IOException e) {
                  return false;
                }
              })
          .findFirst();
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
