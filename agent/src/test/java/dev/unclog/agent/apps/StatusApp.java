/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A JVM to ask `unclog status` about: a pool worker whose name carries a terminal escape sleeps for
 * up to a minute (blocked, when UNCLOG_HUB_THREADS names it), and the JVM waits for stdin to close.
 */
public final class StatusApp {
  private StatusApp() {}

  public static void main(String[] args) throws Exception {
    ExecutorService pool =
        Executors.newSingleThreadExecutor(task -> new Thread(task, "orders-\u001b[31m-1"));
    pool.execute(() -> Pause.millis(TimeUnit.SECONDS.toMillis(60)));
    System.out.println("blocking");
    System.in.read(); // until the test closes stdin or ends this process
    pool.shutdownNow();
  }
}
