/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.spring.boot;

import dev.unclog.micrometer.UnclogMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The global monitor's meters ({@code unclog.episodes}, {@code unclog.blocked}, {@code
 * unclog.hubs}, {@code unclog.loop.lag}; see docs/metrics.md) in the application's registry. {@link
 * UnclogMetrics} is a {@code MeterBinder} bean, which Spring Boot binds to its registry itself (to
 * the composite one when there are several), as it does its own binders.
 */
@AutoConfiguration(
    after = UnclogAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnClass({MeterRegistry.class, UnclogMetrics.class})
@ConditionalOnBean(MeterRegistry.class)
public final class UnclogMetricsAutoConfiguration {
  /** Not for applications: Spring Boot creates it. */
  public UnclogMetricsAutoConfiguration() {}

  /** Closed with the context: its discovery thread stops and its lag gauges go. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  UnclogMetrics unclogMetrics() {
    return UnclogMetrics.global();
  }
}
