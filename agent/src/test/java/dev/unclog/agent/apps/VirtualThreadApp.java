/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Virtual-thread workloads for the agent's tests, one per mode: {@code spin} (one virtual thread
 * spins 700 ms among 500 that sleep), {@code clinit} (one sleeps 400 ms inside a class initializer,
 * pinned), {@code calm} (20,000 that behave), and {@code wait} (does nothing until told on stdin:
 * {@code spin} or {@code exit}), {@code fifo} (one blocks 500 ms opening a FIFO: file I/O holds the
 * carrier).
 */
public final class VirtualThreadApp {
  static volatile long sink;

  private VirtualThreadApp() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "spin" -> amongSleepers(500, () -> spinOnCarrier(700));
      case "clinit" -> amongSleepers(200, () -> sink = SlowToInitialize.VALUE);
      case "calm" -> calm(20_000);
      case "wait" -> waitForOrders();
      case "fifo" -> readFifo(args[1]);
      default -> throw new IllegalArgumentException(args[0]);
    }
    System.out.println("done");
  }

  static void amongSleepers(int sleepers, Runnable culprit) throws Exception {
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < sleepers; i++) {
        threads.submit(
            () -> {
              for (int nap = 0; nap < 5; nap++) {
                Thread.sleep(50);
              }
              return null;
            });
      }
      Thread.ofVirtual().name("culprit").start(culprit).join();
    }
  }

  static void calm(int count) throws Exception {
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < count; i++) {
        int n = i;
        threads.submit(
            () -> {
              for (int step = 0; step < 3; step++) {
                if ((n + step) % 2 == 0) {
                  Thread.sleep(1 + n % 10);
                } else {
                  Thread.yield();
                }
              }
              return null;
            });
      }
    }
  }

  static void waitForOrders() throws Exception {
    System.out.println("ready " + ProcessHandle.current().pid());
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
    for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
      if (line.equals("spin")) {
        Thread.ofVirtual().name("culprit").start(() -> spinOnCarrier(600)).join();
        System.out.println("spun");
      } else if (line.equals("exit")) {
        return;
      }
    }
  }

  /** A virtual thread opens a FIFO, which blocks in the kernel until a writer comes 500 ms on. */
  static void readFifo(String fifo) throws Exception {
    Thread reader =
        Thread.ofVirtual()
            .name("culprit")
            .start(
                () -> {
                  try (java.io.FileInputStream in = new java.io.FileInputStream(fifo)) {
                    sink = in.read();
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
    Thread.sleep(500);
    try (java.io.FileOutputStream out = new java.io.FileOutputStream(fifo)) {
      out.write(1);
    }
    reader.join();
  }

  static void spinOnCarrier(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    long work = 0;
    while (System.nanoTime() < end) {
      work++;
    }
    sink = work;
  }

  /** Its initializer sleeps: a virtual thread in it is pinned to its carrier. */
  static final class SlowToInitialize {
    static final long VALUE;

    static {
      try {
        Thread.sleep(400);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      VALUE = 42;
    }

    private SlowToInitialize() {}
  }
}
