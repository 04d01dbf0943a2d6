/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps;

import dev.unclog.Monitor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The library without the agent: an executor the global monitor watches, whose task sleeps for up
 * to a minute (blocked); the JVM waits for stdin to close.
 */
public final class LibraryStatusApp {
  private LibraryStatusApp() {}

  public static void main(String[] args) throws Exception {
    ExecutorService loop =
        Monitor.global()
            .watch(Executors.newSingleThreadExecutor(task -> new Thread(task, "lib-loop")));
    loop.execute(() -> Pause.millis(TimeUnit.SECONDS.toMillis(60)));
    System.out.println("blocking");
    System.in.read();
    loop.shutdownNow();
  }
}
