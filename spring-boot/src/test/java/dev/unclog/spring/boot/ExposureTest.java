/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.unclog.Monitor;
import dev.unclog.micrometer.UnclogMetrics;
import dev.unclog.spring.boot.app.BlockingApp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * Spring Boot's defaults, no {@code unclog.*} property: the endpoint is not exposed over HTTP (its
 * bean is not even made, as with Spring Boot's own endpoints), the meters are bound, no heartbeat
 * runs, and the global monitor keeps its own settings.
 */
@SpringBootTest(
    classes = BlockingApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExposureTest {
  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  @Test
  void byDefault_theEndpointIsNotExposedOverHttp() {
    Http http = new Http(port);
    assertEquals(200, http.get("/actuator/health").status(), "Actuator is there");
    Http.Response unclog = http.get("/actuator/unclog");
    assertEquals(404, unclog.status(), unclog.body());
    assertEquals(List.of(), List.of(context.getBeanNamesForType(UnclogEndpoint.class)));
  }

  @Test
  void byDefault_theMetersAreBound_andNothingElseIsSetUp() {
    assertEquals(1, context.getBeanNamesForType(UnclogMetrics.class).length);
    assertEquals(0, context.getBeanNamesForType(EventLoopHeartbeats.class).length);
    assertNull(System.getProperty("unclog.maxBlockingTime"));
    assertEquals(List.of(), Monitor.global().hubs(), "nothing to watch without the agent");
  }
}
