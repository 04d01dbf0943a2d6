/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.spring.boot;

import dev.unclog.Monitor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.LoopResources;

/**
 * With {@code unclog.spring.heartbeat-event-loops=true}: the Reactor Netty web server's event loops
 * probed by {@link Monitor#heartbeat}, for applications run without the agent, which alone can
 * watch each task of a loop. A loop held up for longer than the threshold is then reported with the
 * loop thread's stack.
 */
@AutoConfiguration(after = UnclogAutoConfiguration.class)
@ConditionalOnClass(
    value = {Monitor.class, LoopResources.class, ReactorResourceFactory.class},
    name = EventLoopHeartbeats.NETTY_WEB_SERVER)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBooleanProperty("unclog.spring.heartbeat-event-loops")
public final class UnclogEventLoopAutoConfiguration {
  /** Not for applications: Spring Boot creates it. */
  public UnclogEventLoopAutoConfiguration() {}

  @Bean
  EventLoopHeartbeats unclogEventLoopHeartbeats(ObjectProvider<ReactorResourceFactory> resources) {
    return new EventLoopHeartbeats(Monitor.global(), resources);
  }
}
