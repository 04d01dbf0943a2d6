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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.Hub;
import dev.unclog.Monitor;
import dev.unclog.spring.boot.app.BlockingApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The WebFlux app in this JVM, without the agent: the {@code unclog.*} properties reach the global
 * monitor, which nothing used before; the heartbeats probe the Netty loops; the sleep on a loop is
 * an episode, in the endpoint and in the application's meters.
 */
@SpringBootTest(
    classes = BlockingApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "unclog.max-blocking-time=250ms",
      "unclog.print-reports=false",
      "unclog.spring.heartbeat-event-loops=true",
      "management.endpoints.web.exposure.include=unclog,metrics"
    })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WithoutAgentTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @LocalServerPort int port;
  @Autowired EventLoopHeartbeats heartbeats;
  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @Test
  void theProperties_configureTheGlobalMonitor_whenSpringIsFirst() {
    assertEquals(Duration.ofMillis(250), Monitor.global().maxBlockingTime());
    assertEquals(Duration.ofNanos(62_500_000), Monitor.global().period(), "a quarter, by default");
    assertEquals("250ms", System.getProperty("unclog.maxBlockingTime"));
    Map<String, Object> report = http.json("/actuator/unclog");
    assertEquals(true, report.get("enabled"), report.toString());
    assertNotNull(report.get("version"), report.toString());
    Map<String, Object> summary = object(report, "summary");
    assertEquals(250L, number(summary, "maxBlockingTimeMillis"), report.toString());
    assertEquals(62L, number(summary, "periodMillis"), report.toString());
  }

  @Test
  void aHandlerSleepingOnItsEventLoop_isTheTopOffender_andCounted() {
    List<Hub> probed = heartbeats.hubs();
    assertTrue(probed.size() >= 1, "a heartbeat hub per server loop");
    Map<String, Object> before = http.json("/actuator/unclog");
    List<Map<String, Object>> hubs = list(before, "hubs");
    assertEquals(probed.size(), hubs.size(), before.toString()); // what the library watches
    for (Map<String, Object> hub : hubs) {
      assertEquals(Hub.EXECUTOR, hub.get("kind"), before.toString());
      assertTrue(number(hub, "lagMillis") >= 0, before.toString());
    }

    Http.Response slept = http.get("/block");
    assertEquals(200, slept.status());
    String loop = slept.body().substring("slept on ".length());
    assertTrue(
        hubs.stream().anyMatch(h -> loop.equals(h.get("name"))),
        "the loop that served it is probed, under its thread's name: " + loop + " " + hubs);

    Map<String, Object> offender =
        await()
            .atMost(DEADLINE)
            .pollInterval(Duration.ofMillis(100))
            .until(() -> sleepOffender(http.json("/actuator/unclog")), o -> o != null);
    assertEquals(Hub.EXECUTOR, offender.get("hubKind"), offender.toString());
    assertTrue(number(offender, "longestMillis") >= 250, offender.toString());
    assertEquals(1L, number(offender, "episodes"), offender.toString());
    // Its cause: waiting, unless the loaded machine made it another (cpu-starved, class-loading).
    assertEquals(1, object(offender, "causes").size(), offender.toString());
    Map<String, Object> report = http.json("/actuator/unclog");
    assertTrue(number(object(report, "summary"), "hubCount") >= 1, report.toString());
    assertTrue(
        ((String) object(report, "summary").get("text")).contains("sleepOnTheLoop"),
        report.toString());

    Map<String, Object> episodes =
        await()
            .atMost(DEADLINE)
            .until(
                () -> {
                  Http.Response r = http.get("/actuator/metrics/unclog.episodes");
                  return r.status() == 200 ? Http.parse(r.body()) : null;
                },
                m -> m != null);
    // At least: the first request on a loop may also hold it up loading classes.
    assertTrue(measurement(episodes, "COUNT") >= 1, episodes.toString());
    assertEquals(List.of(Hub.EXECUTOR), tagValues(episodes, "kind"), episodes.toString());
    assertTrue(tagValues(episodes, "cause").contains("waiting"), episodes.toString());
    Map<String, Object> hubGauge = http.json("/actuator/metrics/unclog.hubs");
    assertEquals(probed.size(), measurement(hubGauge, "VALUE"), 0.0, hubGauge.toString());
  }

  @Test
  void applicationText_isEscapedAndCut() throws Exception {
    String name = "quote\" back\\slash\nnewline </script>" + "x".repeat(1_000);
    CountDownLatch done = new CountDownLatch(1);
    Thread thread =
        new Thread(
            () -> {
              try {
                done.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    Hub hub = Monitor.global().register(thread, "test-kind");
    try {
      Http.Response response = http.get("/actuator/unclog");
      assertEquals(200, response.status());
      assertFalse(response.body().contains("\nnewline"), "a raw newline in the JSON");
      Map<String, Object> shown =
          list(Http.parse(response.body()), "hubs").stream()
              .filter(h -> "test-kind".equals(h.get("kind")))
              .findFirst()
              .orElseThrow(() -> new AssertionError(response.body()));
      String shownName = (String) shown.get("name");
      assertEquals(name.substring(0, UnclogEndpoint.MAX_TEXT) + "...", shownName);
    } finally {
      hub.close();
      done.countDown();
    }
  }

  /* The offender at the sleep, once the episode has ended; else null. */
  private static Map<String, Object> sleepOffender(Map<String, Object> report) {
    for (Map<String, Object> offender : list(report, "topOffenders")) {
      Object culprit = offender.get("culprit");
      if (culprit instanceof String frame
          && frame.startsWith(BlockingApp.class.getName() + ".sleepOnTheLoop(")) {
        return offender;
      }
    }
    return null;
  }
}
