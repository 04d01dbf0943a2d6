/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.unclog.internal.JsonReader;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A child JVM running a test application with the real agent jar, its stdout and stderr collected
 * line by line, and its JSON lines report parsed.
 */
final class ChildJvm implements AutoCloseable {
  static final Path AGENT_JAR = Path.of("target", "unclog-agent.jar").toAbsolutePath();
  static final Path TEST_CLASSES = Path.of("target", "test-classes").toAbsolutePath();
  static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

  final Process process;
  final Path reportFile;
  final List<String> out = new CopyOnWriteArrayList<>();
  final List<String> err = new CopyOnWriteArrayList<>();

  private final List<Thread> pumps;

  private ChildJvm(Process process, Path reportFile) {
    this.process = process;
    this.reportFile = reportFile;
    pumps = List.of(pump(process.getInputStream(), out), pump(process.getErrorStream(), err));
  }

  /** A builder of the command line; the agent is on unless {@link #withoutAgent} is called. */
  static Builder java(Path dir) {
    return new Builder(dir);
  }

  static final class Builder {
    private final Path dir;
    private String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private boolean agent = true;
    private String agentOptions = "";
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<Path> classPath = new ArrayList<>(List.of(TEST_CLASSES));
    private final Map<String, String> env = new java.util.HashMap<>();

    Builder(Path dir) {
      this.dir = dir;
      env.put("UNCLOG_PRINT_REPORTS", "false");
    }

    Builder javaHome(Path home) {
      java = home.resolve("bin").resolve("java").toString();
      return this;
    }

    Builder withoutAgent() {
      agent = false;
      return this;
    }

    Builder agentOptions(String options) {
      agentOptions = options;
      return this;
    }

    Builder jvmOption(String option) {
      jvmOptions.add(option);
      return this;
    }

    Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /** Adds a jar or folder to the class path. */
    Builder classPath(Path entry) {
      classPath.add(entry);
      return this;
    }

    /** Adds every jar in {@code folder} to the class path (a Netty version's jars). */
    Builder jarsIn(Path folder) {
      try (Stream<Path> jars = Files.list(folder)) {
        jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(classPath::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    ChildJvm start(Class<?> main, String... args) throws IOException {
      List<String> tail = new ArrayList<>();
      tail.add("-cp");
      tail.add(
          classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
      tail.add(main.getName());
      tail.addAll(List.of(args));
      return launch(tail);
    }

    /** {@code java -jar jar}: the class path is the jar's alone. */
    ChildJvm startJar(Path jar, String... args) throws IOException {
      List<String> tail = new ArrayList<>(List.of("-jar", jar.toString()));
      tail.addAll(List.of(args));
      return launch(tail);
    }

    private ChildJvm launch(List<String> tail) throws IOException {
      Path report = dir.resolve("report-" + System.nanoTime() + ".jsonl");
      List<String> command = new ArrayList<>();
      command.add(java);
      if (agent) {
        command.add("-javaagent:" + AGENT_JAR + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
      }
      command.addAll(jvmOptions);
      command.addAll(tail);
      ProcessBuilder builder = new ProcessBuilder(command);
      builder
          .environment()
          .keySet()
          .removeIf(k -> k.startsWith("UNCLOG_") || k.equals("JAVA_TOOL_OPTIONS"));
      builder.environment().put("UNCLOG_REPORT_FILE", report.toString());
      builder.environment().putAll(env);
      return new ChildJvm(builder.start(), report);
    }
  }

  private static Thread pump(java.io.InputStream stream, List<String> lines) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "child-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Waits for an output line matching {@code condition}. */
  String awaitOut(Predicate<String> condition, String what) {
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    while (System.nanoTime() - deadline < 0) {
      for (String line : out) {
        if (condition.test(line)) {
          return line;
        }
      }
      if (!process.isAlive() && out.stream().noneMatch(condition)) {
        break;
      }
      pause();
    }
    return fail("no stdout line " + what + "; stdout: " + out + "\nstderr: " + err);
  }

  void send(String line) throws IOException {
    OutputStream stdin = process.getOutputStream();
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  /** Waits for the child to exit and returns its status. */
  int awaitExit() throws InterruptedException {
    assertTrue(
        process.waitFor(DEADLINE_NANOS, TimeUnit.NANOSECONDS),
        "child JVM did not finish; stdout: " + out + "\nstderr: " + err);
    for (Thread pump : pumps) {
      pump.join(TimeUnit.SECONDS.toMillis(10)); // the last lines
    }
    return process.exitValue();
  }

  /** The report's events so far, each a parsed JSON object. */
  List<Map<String, Object>> events() throws IOException {
    if (!Files.exists(reportFile)) {
      return List.of();
    }
    // Only whole lines: the child may be writing the last one as it is read.
    String text = Files.readString(reportFile);
    return text.substring(0, text.lastIndexOf('\n') + 1).lines().map(JsonReader::object).toList();
  }

  List<Map<String, Object>> events(String type) throws IOException {
    return events().stream().filter(e -> type.equals(e.get("event"))).toList();
  }

  /** Waits until the report holds at least {@code count} events of {@code type}. */
  List<Map<String, Object>> awaitEvents(String type, int count) throws IOException {
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    while (events(type).size() < count) {
      if (System.nanoTime() - deadline > 0) {
        fail(
            "waited for "
                + count
                + " "
                + type
                + " events; report: "
                + events()
                + "\nstdout: "
                + out
                + "\nstderr: "
                + err);
      }
      pause();
    }
    return events(type);
  }

  /** The report's ended episodes with a frame that contains {@code frame}. */
  List<Map<String, Object>> endedAt(String frame) throws IOException {
    return events("unblocked").stream().filter(e -> inStack(e, frame)).toList();
  }

  /** An episode's two events, as the report has them. */
  record Episode(Map<String, Object> blocked, Map<String, Object> unblocked) {}

  /** The report's one episode; fails unless it has exactly one blocked and one unblocked event. */
  Episode onlyEpisode() throws IOException {
    List<Map<String, Object>> blocked = events("blocked");
    List<Map<String, Object>> unblocked = events("unblocked");
    assertEquals(1, blocked.size(), describe());
    assertEquals(1, unblocked.size(), describe());
    return new Episode(blocked.get(0), unblocked.get(0));
  }

  /** Waits for the child to exit and fails unless it exited 0 having printed {@code lastWords}. */
  void assertFinished(String lastWords) throws IOException, InterruptedException {
    assertEquals(0, awaitExit(), describe());
    assertTrue(out.contains(lastWords), describe());
  }

  /**
   * The one episode in {@code episodes}; fails unless there is exactly one and it is one of the
   * framework apps' 700 ms sleeps where the framework forbids blocking: on a hub of {@code
   * hubKind}, waiting, at {@code frame}.
   */
  Map<String, Object> assertOnlySleep(
      List<Map<String, Object>> episodes, String hubKind, String frame) throws IOException {
    assertEquals(1, episodes.size(), frame + ": " + describe());
    Map<String, Object> episode = episodes.get(0);
    assertEquals(hubKind, episode.get("hubKind"), describe());
    assertEquals("waiting", episode.get("cause"), describe());
    assertTrue(inStack(episode, frame), describe());
    assertTrue(number(episode, "durationMs") >= 600, describe());
    return episode;
  }

  String describe() throws IOException {
    return "report: " + events() + "\nstdout: " + out + "\nstderr: " + err;
  }

  @SuppressWarnings("unchecked")
  static List<String> stack(Map<String, Object> event) {
    return (List<String>) event.get("stack");
  }

  /** Whether a frame of the event's stack contains {@code frame}. */
  static boolean inStack(Map<String, Object> event, String frame) {
    return stack(event).stream().anyMatch(f -> f.contains(frame));
  }

  static double number(Map<String, Object> event, String field) {
    return ((Number) event.get(field)).doubleValue();
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
