/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An application run in a child JVM by the tests: it blocks its watched executor once for
 * {@code args[0]} ms with a task named by {@code args[1]}, then prints "app done".
 */
public final class ChildMain {
  private ChildMain() {}

  public static void main(String[] args) throws Exception {
    long millis = Long.parseLong(args[0]);
    String name = args.length > 1 ? args[1] : "child-task";
    ExecutorService loop = Monitor.global().watch(
        Executors.newSingleThreadExecutor(task -> new Thread(task, "child-loop")));
    loop.submit(new Runnable() {
      @Override
      public void run() {
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public String toString() {
        return name;
      }
    }).get();
    loop.submit(() -> { }).get();
    Thread.sleep(200); // lets the monitor see the switch and report the end before exit
    loop.shutdown();
    System.out.println("app done");
  }
}
