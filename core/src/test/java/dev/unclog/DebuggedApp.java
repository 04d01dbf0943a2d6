/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A child JVM run under a debugger: once it reads "go" on stdin, its watched executor runs a task
 * that calls {@link #breakHere()}, where the test has set a breakpoint; then it prints "app done".
 */
public final class DebuggedApp {
  private DebuggedApp() {}

  public static void main(String[] args) throws Exception {
    ExecutorService loop =
        Monitor.global()
            .watch(Executors.newSingleThreadExecutor(task -> new Thread(task, "child-loop")));
    loop.submit(() -> {}).get();
    System.out.println("ready");
    new BufferedReader(new InputStreamReader(System.in)).readLine();
    loop.submit(DebuggedApp::breakHere).get();
    loop.submit(() -> {}).get();
    Monitor.global().flush(java.time.Duration.ofSeconds(10));
    loop.shutdown();
    System.out.println("app done");
  }

  static void breakHere() {
    System.out.println("past the breakpoint");
  }
}
