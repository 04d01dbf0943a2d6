/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Which host, process and run an event comes from, for a fleet's tools: the host name, the process
 * id, and a run id drawn at random once per JVM (48 bits: unique across a fleet's runs, and the
 * prefix of every episode id, so that episode ids are too). Made when the monitor thread loads its
 * probes (or at the first event, whichever comes first): the random source and the host lookup cost
 * a JVM that watches nothing nothing.
 */
public final class Origin {
  private Origin() {}

  /** The host's name: the kernel's, else the environment's, else "unknown". Never a DNS lookup. */
  public static String host() {
    return Holder.HOST;
  }

  /** This process's id. */
  public static long pid() {
    return Holder.PID;
  }

  /** This JVM run's id: 12 hexadecimal digits, random. */
  public static String run() {
    return Holder.RUN;
  }

  private static final class Holder {
    static final String HOST = hostName();
    static final long PID = ProcessHandle.current().pid();
    /* Not SecureRandom: its providers load a hundred classes. The clocks' seed, mixed with the
     * host and the process, differs between any two runs that could meet in one fleet. */
    static final String RUN =
        String.format(
            "%012x",
            (new SplittableRandom().nextLong() ^ PID * 0x9E3779B97F4A7C15L ^ HOST.hashCode())
                & 0xFFFF_FFFF_FFFFL);

    private static String hostName() {
      try {
        String kernel =
            Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
        if (!kernel.isEmpty()) {
          return kernel;
        }
      } catch (Exception | LinkageError e) {
        // not Linux, or no /proc: the environment's
      }
      for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
        String name = System.getenv(variable);
        if (name != null && !name.isBlank()) {
          return name.trim();
        }
      }
      return "unknown";
    }
  }
}
