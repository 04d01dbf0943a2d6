/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.spring.boot;

import dev.unclog.Monitor;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Maps the {@code unclog.*} properties onto the global monitor before any bean uses it. The meters,
 * the endpoint and the event-loop heartbeats are auto-configurations of their own, each conditional
 * on what it needs.
 */
@AutoConfiguration
@ConditionalOnClass(Monitor.class)
@EnableConfigurationProperties(UnclogProperties.class)
public final class UnclogAutoConfiguration {
  /** Not for applications: Spring Boot creates it. */
  public UnclogAutoConfiguration() {}

  /**
   * Static, as a bean factory post-processor must be: it runs before the other beans exist, so none
   * of them can create the global monitor first.
   */
  @Bean
  static BeanFactoryPostProcessor unclogGlobalSettings(Environment environment) {
    return new GlobalSettings(environment);
  }
}
