/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps.tinyloop;

import dev.unclog.Monitor;
import dev.unclog.agent.apps.Errands;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Spring Boot fat jar's application, started by Boot's launcher, its {@link TinyLoop} in {@code
 * BOOT-INF/lib}: quick tasks on the loop until the agent has found the loop's integration in that
 * jar (the loop's thread is a hub), then one 700 ms sleep on it.
 */
public final class FatJarApp {
  private FatJarApp() {}

  public static void main(String[] args) throws Exception {
    try (TinyLoop loop = new TinyLoop()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!watched() && System.nanoTime() < deadline) {
        CountDownLatch ran = new CountDownLatch(1);
        loop.submit(ran::countDown);
        ran.await();
      }
      System.out.println(watched() ? "the loop is watched" : "the loop is not watched");
      CountDownLatch slept = new CountDownLatch(1);
      loop.submit(
          () -> {
            Errands.checkStock();
            slept.countDown();
          });
      slept.await();
    }
    System.out.println("fat jar done");
  }

  private static boolean watched() {
    return Monitor.global().hubs().stream().anyMatch(hub -> hub.kind().equals("tiny-loop"));
  }
}
