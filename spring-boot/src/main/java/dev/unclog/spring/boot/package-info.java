/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Spring Boot 4 auto-configuration for unclog: {@code unclog.*} properties for the global monitor
 * ({@link dev.unclog.spring.boot.UnclogProperties}), its meters in the application's {@code
 * MeterRegistry}, the Actuator endpoint {@code /actuator/unclog} ({@link
 * dev.unclog.spring.boot.UnclogEndpoint}), and optional heartbeats for Reactor Netty's event loops
 * when the agent is not there. Adding the jar is enough; see docs/spring-boot.md.
 */
package dev.unclog.spring.boot;
