/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.internal.Diagnostics;
import dev.unclog.internal.Settings;
import dev.unclog.internal.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The global monitor's events and hubs published to the application's {@code GlobalOpenTelemetry},
 * with no code change ({@code UNCLOG_OPENTELEMETRY}, on by default): when the application's
 * OpenTelemetry API loads {@code GlobalOpenTelemetry}, unclog-opentelemetry, which the agent's jar
 * carries, is bound to it ({@code UnclogOpenTelemetry.bindGlobal()}, which waits until the global
 * is set and binds once per JVM). An application without the OpenTelemetry API never loads that
 * class, and pays nothing.
 *
 * <p>The binding must link against the application's API, which the agent's class loader may not
 * see (a Spring Boot fat jar keeps it in its own loader): so its classes are defined, from the
 * agent's jar, by a loader whose parent is the one that loaded the API. Everything else, unclog's
 * core included, comes from that parent, which delegates it to the agent's loader.
 */
final class OpenTelemetryExport implements Consumer<ClassLoader> {
  /** The class whose loading says the application has the OpenTelemetry API. */
  static final String TRIGGER = "io/opentelemetry/api/GlobalOpenTelemetry";

  private static final String PACKAGE = "dev.unclog.opentelemetry.";
  private static final String BINDING = PACKAGE + "UnclogOpenTelemetry";
  private static final ClassLoader AGENT = OpenTelemetryExport.class.getClassLoader();
  private final AtomicBoolean started = new AtomicBoolean();

  /** Called by the table on the thread loading the trigger, with its loader: never blocks. */
  @Override
  public void accept(ClassLoader api) {
    if (api == null || !Settings.openTelemetry() || !started.compareAndSet(false, true)) {
      return; // the API in the boot loader is no application's; one binding per JVM
    }
    WeakReference<ClassLoader> loader = new WeakReference<>(api);
    Threads.startDaemon(
        new Runnable() { // a class, not a lambda: made inside a class's definition
          @Override
          public void run() {
            bind(loader.get());
          }
        },
        "opentelemetry");
  }

  private static void bind(ClassLoader api) {
    if (api == null) {
      return;
    }
    try {
      ClassLoader loader = seesOurs(api) ? api : new Bridge(api);
      Class.forName(BINDING, true, loader).getMethod("bindGlobal").invoke(null);
    } catch (Throwable t) {
      Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ? t.getCause() : t;
      Diagnostics.line("publishing to OpenTelemetry is off: " + cause);
    }
  }

  /* Whether the API's loader reaches the agent's own copy of the binding, linked to that API. */
  private static boolean seesOurs(ClassLoader api) {
    for (ClassLoader at = api; at != null; at = at.getParent()) {
      if (at == AGENT) {
        try {
          return Class.forName(TRIGGER.replace('/', '.'), false, AGENT) != null;
        } catch (ClassNotFoundException e) {
          return false; // the agent's loader sees the binding but not the API
        }
      }
    }
    return false;
  }

  /** Defines the binding's classes from the agent's jar; all else is its parent's. */
  static final class Bridge extends ClassLoader {
    static {
      registerAsParallelCapable();
    }

    Bridge(ClassLoader parent) {
      super("unclog-opentelemetry", parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(PACKAGE)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> type = findLoadedClass(name);
        if (type == null) {
          byte[] bytes;
          try (InputStream in = AGENT.getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
              throw new ClassNotFoundException(name);
            }
            bytes = in.readAllBytes();
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
          type =
              defineClass(
                  name, bytes, 0, bytes.length, OpenTelemetryExport.class.getProtectionDomain());
        }
        if (resolve) {
          resolveClass(type);
        }
        return type;
      }
    }
  }
}
