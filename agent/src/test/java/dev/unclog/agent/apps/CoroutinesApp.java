/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlinx.coroutines.CoroutineDispatcher;
import kotlinx.coroutines.Dispatchers;

/**
 * Kotlin's coroutine dispatchers, from Java: 500 quick tasks on {@code Dispatchers.Default}, then a
 * 700 ms sleep on it (non-blocking by contract) and one on {@code Dispatchers.IO} (meant for
 * blocking work; the same workers run both).
 */
public final class CoroutinesApp {
  private CoroutinesApp() {}

  public static void main(String[] args) throws InterruptedException {
    CoroutineDispatcher computing = Dispatchers.getDefault();
    CountDownLatch quick = new CountDownLatch(500);
    for (int i = 0; i < 500; i++) {
      computing.dispatch(EmptyCoroutineContext.INSTANCE, quick::countDown);
    }
    await(quick);
    await(run(computing, CoroutinesApp::computeTheTotals));
    await(run(Dispatchers.getIO(), CoroutinesApp::readTheLedger));
    System.out.println("coroutines done");
  }

  private static CountDownLatch run(CoroutineDispatcher dispatcher, Runnable work) {
    CountDownLatch done = new CountDownLatch(1);
    dispatcher.dispatch(
        EmptyCoroutineContext.INSTANCE,
        () -> {
          work.run();
          done.countDown();
        });
    return done;
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("tasks did not run");
    }
  }

  static void computeTheTotals() {
    Pause.millis(700);
  }

  static void readTheLedger() {
    Pause.millis(700);
  }
}
