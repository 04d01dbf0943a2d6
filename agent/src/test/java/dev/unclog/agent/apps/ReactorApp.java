/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reactor Core 3.8's schedulers: 500 quick tasks on {@code parallel()}, then a 700 ms sleep after
 * {@code publishOn(parallel())} and one on {@code single()}, both non-blocking by Reactor's
 * contract, and one on {@code boundedElastic()}, meant for blocking work.
 */
public final class ReactorApp {
  private ReactorApp() {}

  public static void main(String[] args) {
    Flux.range(0, 500)
        .parallel()
        .runOn(Schedulers.parallel())
        .map(i -> i * 31)
        .sequential()
        .blockLast();
    Mono.just(1).publishOn(Schedulers.parallel()).map(i -> Errands.checkStock()).block();
    Mono.just(1).publishOn(Schedulers.single()).map(i -> Errands.reserveSeat()).block();
    Mono.just(1)
        .publishOn(Schedulers.boundedElastic())
        .map(i -> Errands.callTheLegacyService())
        .block();
    Schedulers.shutdownNow();
    System.out.println("reactor done");
  }
}
