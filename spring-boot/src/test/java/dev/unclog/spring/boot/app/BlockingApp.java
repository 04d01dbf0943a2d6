/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.spring.boot.app;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * A WebFlux application with the mistake unclog is for: {@code GET /block} sleeps on the Reactor
 * Netty event loop that serves it, since {@code Mono.fromCallable} runs where it is subscribed and
 * nothing moves it off the loop. Run in the tests' JVM and, with the agent, in a child JVM.
 */
@SpringBootApplication
public class BlockingApp {
  /** What the child JVM prints once it serves, for the test to find its port. */
  public static final String LISTENING = "unclog-test: listening on port ";

  /** How long {@code GET /block} holds its event loop. */
  public static final long SLEEP_MILLIS = 400;

  public static void main(String[] args) {
    SpringApplication.run(BlockingApp.class, args);
  }

  @Bean
  RouterFunction<ServerResponse> routes() {
    return route(
        GET("/block"),
        request ->
            ServerResponse.ok().body(Mono.fromCallable(BlockingApp::sleepOnTheLoop), String.class));
  }

  /** The culprit frame the reports must name. */
  static String sleepOnTheLoop() throws InterruptedException {
    Thread.sleep(SLEEP_MILLIS);
    return "slept on " + Thread.currentThread().getName();
  }

  @Bean
  ApplicationListener<WebServerInitializedEvent> printPort() {
    return event -> {
      if (event.getApplicationContext().getServerNamespace() == null) { // not a management port
        System.out.println(LISTENING + event.getWebServer().getPort());
      }
    };
  }
}
