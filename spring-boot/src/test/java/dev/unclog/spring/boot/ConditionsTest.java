/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unclog.micrometer.UnclogMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * What each part needs: an application without Micrometer or Actuator still starts and gets the
 * properties; the meters need a registry; the heartbeats need a reactive web server and their
 * property. Plain contexts, no web server.
 */
class ConditionsTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  UnclogAutoConfiguration.class,
                  UnclogMetricsAutoConfiguration.class,
                  UnclogEndpointAutoConfiguration.class,
                  UnclogEventLoopAutoConfiguration.class));

  @Test
  void withoutMicrometerOrActuator_onlyThePropertiesAreThere() {
    runner
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class, Endpoint.class))
        .withPropertyValues("unclog.spring.heartbeat-event-loops=true")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(UnclogProperties.class);
              assertThat(context).doesNotHaveBean(UnclogMetrics.class);
              assertThat(context).doesNotHaveBean(UnclogEndpoint.class);
              assertThat(context).doesNotHaveBean(EventLoopHeartbeats.class); // not reactive web
              assertThat(
                      context.getBean(UnclogProperties.class).getSpring().isHeartbeatEventLoops())
                  .isTrue();
            });
  }

  @Test
  void aRegistry_getsTheMeters_andTheEndpointIsMadeWhenExposed() {
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues(
            "spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=unclog")
        .run(
            context -> {
              assertThat(context).hasSingleBean(UnclogMetrics.class);
              assertThat(context).hasSingleBean(UnclogEndpoint.class);
            });
  }

  @Test
  void theEndpointIsNotMadeWhenNothingExposesIt() {
    runner.run(context -> assertThat(context).doesNotHaveBean(UnclogEndpoint.class));
  }
}
