/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.spring.boot;

import dev.unclog.Monitor;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Actuator endpoint {@code unclog}, created only where Spring Boot makes it available: access
 * allowed and exposed over some technology. Over HTTP that takes {@code
 * management.endpoints.web.exposure.include=unclog}, since what it shows names the application's
 * threads and code (docs/spring-boot.md).
 */
@AutoConfiguration(after = UnclogAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
public final class UnclogEndpointAutoConfiguration {
  /** Not for applications: Spring Boot creates it. */
  public UnclogEndpointAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint
  UnclogEndpoint unclogEndpoint() {
    return new UnclogEndpoint(Monitor.global());
  }
}
