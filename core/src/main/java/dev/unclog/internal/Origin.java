/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
    static final long PID = pid();
    static final String RUN =
        hex12(
            mix(System.nanoTime() ^ System.currentTimeMillis() << 20) ^ mix(PID) ^ HOST.hashCode());

    private static long pid() {
      long pid = ProcSelf.pid(); // no ProcessHandle: its first use starts a reaper pool
      return pid > 0 ? pid : ProcessHandle.current().pid();
    }

    /* SplitMix64's finalizer: every bit of the clocks' seed moves every bit of the id. Not
     * SecureRandom (its providers load a hundred classes), nor SplittableRandom or String.format
     * (more classes at every start): the clocks, mixed with the host and the process, differ
     * between any two runs that could meet in one fleet. */
    private static long mix(long z) {
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }

    private static String hex12(long value) {
      char[] digits = new char[12];
      for (int i = 11; i >= 0; i--) {
        digits[i] = Character.forDigit((int) (value & 0xF), 16);
        value >>>= 4;
      }
      return new String(digits);
    }

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
