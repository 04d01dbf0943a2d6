/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.schedulers.Schedulers;

/**
 * RxJava 3's schedulers: 500 quick tasks on {@code computation()}, then a 700 ms sleep after {@code
 * observeOn(computation())} and one in {@code subscribeOn(single())}, both non-blocking by RxJava's
 * contract, and one after {@code observeOn(io())}, meant for blocking work.
 */
public final class RxJavaApp {
  private RxJavaApp() {}

  public static void main(String[] args) {
    Flowable.range(0, 500)
        .parallel()
        .runOn(Schedulers.computation())
        .map(i -> i * 31)
        .sequential()
        .blockingLast();
    Single.just(1).observeOn(Schedulers.computation()).map(i -> Errands.checkStock()).blockingGet();
    Single.fromCallable(Errands::reserveSeat).subscribeOn(Schedulers.single()).blockingGet();
    Single.just(1)
        .observeOn(Schedulers.io())
        .map(i -> Errands.callTheLegacyService())
        .blockingGet();
    Schedulers.shutdown();
    System.out.println("rxjava done");
  }
}
