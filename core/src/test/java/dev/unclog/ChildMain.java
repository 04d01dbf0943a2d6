/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import dev.unclog.testing.Loops;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An application run in a child JVM by the tests: it blocks its watched executor once for {@code
 * args[0]} ms with a task named by {@code args[1]}, then prints "app done". With a negative {@code
 * args[0]} it leaves a daemon loop blocked forever and ends main at once.
 */
public final class ChildMain {
  private ChildMain() {}

  public static void main(String[] args) throws Exception {
    long millis = Long.parseLong(args[0]);
    String name = args.length > 1 ? args[1] : "child-task";
    int depth =
        args.length > 2 ? Integer.parseInt(args[2]) : 0; // frames to recurse before sleeping
    if (millis < 0) {
      exitWhileBlocked();
      return;
    }
    ExecutorService loop =
        Monitor.global()
            .watch(Executors.newSingleThreadExecutor(task -> new Thread(task, "child-loop")));
    loop.submit(
            new Runnable() {
              @Override
              public void run() {
                sleepAfter(depth);
              }

              private void sleepAfter(int frames) {
                if (frames > 0) {
                  sleepAfter(frames - 1);
                  return;
                }
                try {
                  Thread.sleep(millis);
                } catch (InterruptedException e) {
                  System.out.println("task interrupted");
                }
              }

              @Override
              public String toString() {
                return name;
              }
            })
        .get();
    loop.submit(() -> {}).get();
    // the monitor sees the switch and every sink (JFR too, slow to start on a busy machine)
    // writes the end before exit
    Monitor.global().flush(java.time.Duration.ofSeconds(20));
    loop.shutdown();
    System.out.println("app done");
  }

  private static void exitWhileBlocked() throws InterruptedException {
    ExecutorService loop = Monitor.global().watch(Loops.daemon("child-loop"));
    loop.execute(
        () -> {
          try {
            Thread.sleep(Long.MAX_VALUE);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    Thread.sleep(400); // reported blocked by now
    System.out.println("app done " + System.nanoTime());
  }
}
