/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.spring.boot;

import static dev.unclog.spring.boot.Http.list;
import static dev.unclog.spring.boot.Http.measurement;
import static dev.unclog.spring.boot.Http.number;
import static dev.unclog.spring.boot.Http.object;
import static dev.unclog.spring.boot.Http.tagValues;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.Hub;
import dev.unclog.spring.boot.app.BlockingApp;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The same WebFlux app in a child JVM with the real agent jar, as a user runs it: the agent starts
 * the global monitor before Spring and watches the Netty loops; the app's endpoint and meters show
 * the sleep on a loop, and Spring names the one property that came too late.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WithAgentTest {
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  private Process process;
  private final List<String> out = new CopyOnWriteArrayList<>();
  private final List<String> err = new CopyOnWriteArrayList<>();

  @Test
  void theAgentsEpisode_showsInTheEndpointAndTheApplicationsMeters() throws Exception {
    start(
        "-Dunclog.maxBlockingTime=250ms", // read by the agent's monitor; Spring sees the same
        BlockingApp.class.getName(),
        "--server.port=0",
        "--management.endpoints.web.exposure.include=unclog,metrics",
        "--unclog.repeat-window=5m", // too late for a monitor that runs already
        "--unclog.spring.heartbeat-event-loops=true"); // not beside the agent
    String listening = awaitLine(out, l -> l.startsWith(BlockingApp.LISTENING), "the port");
    Http http = new Http(Integer.parseInt(listening.substring(BlockingApp.LISTENING.length())));

    String warning =
        awaitLine(out, l -> l.contains("unclog: the global monitor was already running"), "warn");
    assertTrue(warning.contains("unclog.repeat-window=5m"), warning);
    assertFalse(warning.contains("max-blocking-time"), warning);
    awaitLine(out, l -> l.contains("unclog: the agent watches the event loops"), "no heartbeats");

    Http.Response slept = http.get("/block");
    assertEquals(200, slept.status(), describe());
    assertTrue(slept.body().startsWith("slept on "), slept.body());

    Map<String, Object> offender =
        poll(
            () -> {
              for (Map<String, Object> o : list(http.json("/actuator/unclog"), "topOffenders")) {
                if (o.get("culprit") instanceof String frame
                    && frame.startsWith(BlockingApp.class.getName() + ".sleepOnTheLoop(")) {
                  return o;
                }
              }
              return null;
            });
    assertEquals(Hub.EVENT_LOOP, offender.get("hubKind"), offender.toString());
    assertEquals(1L, number(offender, "episodes"), offender.toString());
    // Its cause: waiting, unless the loaded machine made it another (cpu-starved, class-loading).
    assertEquals(1, object(offender, "causes").size(), offender.toString());
    assertTrue(number(offender, "longestMillis") >= BlockingApp.SLEEP_MILLIS - 50, describe());

    Map<String, Object> report = http.json("/actuator/unclog");
    assertEquals(250L, number(object(report, "summary"), "maxBlockingTimeMillis"), describe());
    List<Map<String, Object>> hubs = list(report, "hubs");
    String loop = slept.body().substring("slept on ".length());
    assertTrue(
        hubs.stream()
            .anyMatch(h -> loop.equals(h.get("name")) && Hub.EVENT_LOOP.equals(h.get("kind"))),
        "the agent's hub for the loop that slept: " + loop + " " + hubs);
    assertTrue(hubs.stream().noneMatch(h -> Hub.EXECUTOR.equals(h.get("kind"))), describe());

    Map<String, Object> episodes =
        poll(
            () -> {
              Http.Response r = http.get("/actuator/metrics/unclog.episodes");
              return r.status() == 200 ? Http.parse(r.body()) : null;
            });
    assertTrue(measurement(episodes, "COUNT") >= 1, episodes.toString());
    assertTrue(tagValues(episodes, "kind").contains(Hub.EVENT_LOOP), episodes.toString());
    // The lag gauges: one per hub, found by the binder's discovery (every 5 s).
    Map<String, Object> lag =
        poll(
            () -> {
              Http.Response r = http.get("/actuator/metrics/unclog.loop.lag");
              return r.status() == 200 ? Http.parse(r.body()) : null;
            });
    assertTrue(tagValues(lag, "kind").contains(Hub.EVENT_LOOP), lag.toString());
  }

  private void start(String... args) throws IOException {
    Path agent =
        Path.of(System.getProperty("unclog.agent.jar", "../agent/target/unclog-agent.jar"))
            .toAbsolutePath()
            .normalize();
    assertTrue(
        Files.isRegularFile(agent),
        "the agent jar "
            + agent
            + " is missing: build the agent first (mvn -pl agent package, or ./unclog build)");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-javaagent:" + agent);
    command.add("-cp");
    command.add(testClassPath());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    // The child's settings are this test's alone, whatever the shell that runs the build has.
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("UNCLOG_") || k.equals("JAVA_TOOL_OPTIONS"));
    process = builder.start();
    pump(process.getInputStream(), out);
    pump(process.getErrorStream(), err);
  }

  /* The test class path, without the agent (surefire keeps it off): the child's is an app's. */
  private static String testClassPath() {
    String path = System.getProperty("surefire.test.class.path");
    if (path == null) {
      path = System.getProperty("java.class.path");
    }
    return String.join(
        File.pathSeparator,
        List.of(path.split(File.pathSeparator)).stream()
            .filter(entry -> !entry.contains("unclog-agent"))
            .toList());
  }

  private static void pump(InputStream stream, List<String> lines) {
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
  }

  private String awaitLine(List<String> lines, Predicate<String> condition, String what) {
    return poll(
        () -> {
          for (String line : lines) {
            if (condition.test(line)) {
              return line;
            }
          }
          if (!process.isAlive()) {
            throw new AssertionError("the app exited before " + what + ": " + describe());
          }
          return null;
        },
        what);
  }

  private <T> T poll(Callable<T> value) {
    return poll(value, "a condition");
  }

  private <T> T poll(Callable<T> value, String what) {
    try {
      return await()
          .atMost(DEADLINE)
          .pollInterval(Duration.ofMillis(100))
          .until(value, v -> v != null);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("waited for " + what + ": " + describe(), e);
    }
  }

  private String describe() {
    return "\nstdout: " + String.join("\n", out) + "\nstderr: " + String.join("\n", err);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (process != null) {
      process.destroy(); // SIGTERM: Spring closes the context, unclog its reports
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
