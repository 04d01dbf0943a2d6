/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.internal.Diagnostics;
import dev.unclog.internal.Threads;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Integrations shipped with the application in a class loader of its own, such as a library in a
 * Spring Boot fat jar's {@code BOOT-INF/lib}, which the agent's class loader cannot see at start:
 * each new class loader the table sees is handed here, and a thread of unclog's asks it for
 * integrations it alone provides, and installs them (weaving again any of their classes that loaded
 * meanwhile). The thread starts with the first such loader and ends when none has come for a few
 * seconds; the loading thread queues the loader, and starts that thread if it is not running.
 */
final class LateIntegrations implements Consumer<ClassLoader> {
  private static final long IDLE_SECONDS = 5;
  private final Integrations integrations;
  private final ClassLoader agent = LateIntegrations.class.getClassLoader();
  private final ClassLoader platform = ClassLoader.getPlatformClassLoader();
  private final LinkedBlockingQueue<WeakReference<ClassLoader>> loaders =
      new LinkedBlockingQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();

  LateIntegrations(Integrations integrations) {
    this.integrations = integrations;
  }

  /** Called by the table, on the thread defining a class, for each new loader: never blocks. */
  @Override
  public void accept(ClassLoader loader) {
    if (loader == agent || loader == platform) {
      return;
    }
    loaders.offer(new WeakReference<>(loader));
    if (running.compareAndSet(false, true)) {
      try {
        // core's daemon: nothing of the application thread that happened to load a class
        // (thread-locals, its context loader) is kept alive by this one
        Threads.startDaemon(new Looker(), "integrations");
      } catch (Throwable t) {
        running.set(false); // the next new loader tries again
        throw t;
      }
    }
  }

  /* A class, not a lambda: this is made inside a class's definition, and a lambda would spin one. */
  private final class Looker implements Runnable {
    @Override
    public void run() {
      LateIntegrations.this.run();
    }
  }

  private void run() {
    while (true) {
      WeakReference<ClassLoader> next;
      try {
        next = loaders.poll(IDLE_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        running.set(false);
        return;
      }
      if (next == null) {
        running.set(false);
        // a loader queued after the poll, before the flag fell, would wait for a next one
        if (loaders.isEmpty() || !running.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      ClassLoader loader = next.get();
      if (loader != null) {
        lookIn(loader);
      }
    }
  }

  private void lookIn(ClassLoader loader) {
    try {
      List<dev.unclog.agent.Integration> found =
          integrations.find(loader, agent); // its own: the agent's are in
      if (!found.isEmpty()) {
        integrations.install(found, false);
      }
    } catch (Throwable t) {
      Diagnostics.line("the integrations of " + loader + " are off: " + t);
    }
  }
}
