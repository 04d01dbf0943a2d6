/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.internal.Diagnostics;
import dev.unclog.internal.Settings;
import dev.unclog.internal.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The global monitor's events and hubs published to the application's {@code GlobalOpenTelemetry},
 * with no code change ({@code UNCLOG_OPENTELEMETRY}, on by default): when the application's
 * OpenTelemetry API loads {@code GlobalOpenTelemetry}, unclog-opentelemetry, which the agent's jar
 * carries, is bound to it ({@code UnclogOpenTelemetry.bindGlobal()}, which waits until the global
 * is set, and binds once per JVM whichever copy comes first). An application without the
 * OpenTelemetry API never loads that class, and pays nothing.
 *
 * <p>The agent's copy is relocated ({@code dev.unclog.shaded.opentelemetry}), so that it never
 * shadows an application's own, and its classes are defined by a loader of their own whose parent
 * is the one that loaded the API: they link against the application's API (a Spring Boot fat jar
 * keeps it where the agent's loader cannot see it), and against the agent's unclog-core, whatever
 * the application bundles. The binding lives as long as the JVM, with its loader: an application
 * server that undeploys the application keeps it (one binding per JVM, said in docs).
 */
final class OpenTelemetryExport implements Consumer<ClassLoader> {
  /** The class whose loading says the application has the OpenTelemetry API. */
  static final String TRIGGER = "io/opentelemetry/api/GlobalOpenTelemetry";

  private static final String PACKAGE = "dev.unclog.shaded.opentelemetry.";
  private static final String BINDING = PACKAGE + "UnclogOpenTelemetry";
  private static final ClassLoader AGENT = OpenTelemetryExport.class.getClassLoader();
  private final AtomicBoolean started = new AtomicBoolean();

  /** Called by the table on the thread loading the trigger, with its loader: never blocks. */
  @Override
  public void accept(ClassLoader api) {
    if (api == null || !Settings.openTelemetry() || !started.compareAndSet(false, true)) {
      return; // the API in the boot loader is no application's; one binding per JVM
    }
    Threads.startDaemon(
        new Runnable() { // a class, not a lambda: made inside a class's definition
          @Override
          public void run() {
            bind(api);
          }
        },
        "opentelemetry");
  }

  private static void bind(ClassLoader api) {
    try {
      Class<?> global = Class.forName(TRIGGER.replace('/', '.'), false, api);
      try {
        global.getMethod("isSet");
      } catch (NoSuchMethodException tooOld) {
        Diagnostics.line(
            "publishing to OpenTelemetry is off: it needs OpenTelemetry API 1.57 or newer"
                + " (GlobalOpenTelemetry.isSet); this application has an older one");
        return;
      }
      Class.forName(BINDING, true, new Bridge(api)).getMethod("bindGlobal").invoke(null);
    } catch (Throwable t) {
      Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ? t.getCause() : t;
      Diagnostics.line("publishing to OpenTelemetry is off: " + cause);
    }
  }

  /**
   * Defines the binding's classes from the agent's jar; unclog's other classes are the agent's, and
   * everything else (the OpenTelemetry API) its parent's.
   */
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
        return name.startsWith("dev.unclog.")
            ? Class.forName(name, false, AGENT) // the agent's monitor, not a bundled copy's
            : super.loadClass(name, resolve);
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

    @Override
    public java.net.URL getResource(String name) {
      // the binding's own resources (its version) are in the agent's jar
      return name.startsWith(PACKAGE.replace('.', '/'))
          ? AGENT.getResource(name)
          : super.getResource(name);
    }
  }
}
