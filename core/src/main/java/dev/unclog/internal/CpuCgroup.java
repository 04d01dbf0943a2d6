/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPU cgroup this process runs in, and how long the kernel has throttled it for using up its
 * CPU quota: cgroup v1 {@code cpu.stat} {@code throttled_time} (nanoseconds), v2 {@code
 * throttled_usec}. A quota set on an ancestor throttles this group too, so the groups from this one
 * up to the top of its mount are all read and their times added; a sum over nested groups or over
 * CPUs can exceed the wall time, so a caller caps a difference at the span it measures.
 *
 * <p>Found once from {@code /proc/self/cgroup} and {@code /proc/self/mountinfo}: where the {@code
 * cpu} controller (v1) or the unified hierarchy (v2) is mounted, and this process's path in it.
 * Reading never throws.
 */
public final class CpuCgroup {
  /* As strings, read through java.io: no file system provider (application code) per scan. */
  private final List<String> statFiles;
  private final String key;
  private final long nanosPerUnit;

  private CpuCgroup(List<String> statFiles, String key, long nanosPerUnit) {
    this.statFiles = statFiles;
    this.key = key;
    this.nanosPerUnit = nanosPerUnit;
  }

  /** This process's CPU cgroup, or null if there is none to read (not Linux, no cgroup fs). */
  public static CpuCgroup ofThisProcess() {
    try {
      return find(
          Files.readString(Path.of("/proc/self/cgroup")),
          Files.readString(Path.of("/proc/self/mountinfo")),
          Path.of("/"));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The cgroup named by {@code cgroup} (the text of /proc/self/cgroup) in the mounts of {@code
   * mountinfo}, with every absolute path taken under {@code root} (the file system's root; a
   * directory of recorded files in tests). Null if no CPU controller is mounted.
   */
  static CpuCgroup find(String cgroup, String mountinfo, Path root) {
    String v1 = null;
    String v2 = null;
    for (String line : cgroup.split("\n")) {
      String[] parts = line.split(":", 3); // id:controllers:path
      if (parts.length < 3) {
        continue;
      }
      if (List.of(parts[1].split(",")).contains("cpu")) {
        v1 = parts[2];
      } else if (parts[0].equals("0") && parts[1].isEmpty()) {
        v2 = parts[2];
      }
    }
    for (String line : mountinfo.split("\n")) {
      // id parent major:minor root mountpoint options [optional...] - type source superoptions
      String[] fields = line.split(" ");
      int dash = List.of(fields).indexOf("-");
      if (dash < 5 || dash + 3 >= fields.length) {
        continue;
      }
      String type = fields[dash + 1];
      String mountRoot = unescape(fields[3]);
      Path mountPoint = under(root, unescape(fields[4]));
      CpuCgroup found = null;
      if (v1 != null
          && type.equals("cgroup")
          && List.of(fields[dash + 3].split(",")).contains("cpu")) {
        found = of(mountPoint, mountRoot, v1, "throttled_time", 1);
      } else if (v1 == null && v2 != null && type.equals("cgroup2")) {
        found = of(mountPoint, mountRoot, v2, "throttled_usec", 1000);
      }
      if (found != null) {
        return found; // else another mount of the same hierarchy may have the files
      }
    }
    return null;
  }

  /** The stat files from the process's group up to the mount's top. */
  private static CpuCgroup of(
      Path mountPoint, String mountRoot, String path, String key, long nanosPerUnit) {
    // Inside a container the mount's root is often the container's own group: strip it.
    String relative =
        mountRoot.equals("/")
            ? path
            : path.equals(mountRoot)
                ? ""
                : path.startsWith(mountRoot + "/") ? path.substring(mountRoot.length()) : path;
    List<String> files = new ArrayList<>();
    Path group = mountPoint.resolve(withoutLeadingSlashes(relative));
    for (Path at = group; at != null && at.startsWith(mountPoint); at = at.getParent()) {
      if (Files.isReadable(at.resolve("cpu.stat"))) {
        files.add(at.resolve("cpu.stat").toString());
      }
    }
    return files.isEmpty() ? null : new CpuCgroup(List.copyOf(files), key, nanosPerUnit);
  }

  private static Path under(Path root, String absolute) {
    return root.resolve(withoutLeadingSlashes(absolute));
  }

  /* Not a regular expression: compiling one costs a JVM's start a dozen classes. */
  private static String withoutLeadingSlashes(String path) {
    int from = 0;
    while (from < path.length() && path.charAt(from) == '/') {
      from++;
    }
    return path.substring(from);
  }

  /* mountinfo escapes space, tab, newline and backslash as octal. */
  private static String unescape(String field) {
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length()) {
        try {
          out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
          i += 3;
          continue;
        } catch (NumberFormatException e) {
          // not an escape: keep the backslash
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  /** The groups' throttled time in all, nanoseconds; -1 if none could be read. */
  public long throttledNanos() {
    long total = -1;
    for (String file : statFiles) {
      long value = read(file);
      if (value >= 0) {
        total = Math.max(total, 0) + value;
      }
    }
    return total;
  }

  private long read(String file) {
    try (java.io.FileInputStream in = new java.io.FileInputStream(file)) {
      for (String line : new String(in.readNBytes(4096), StandardCharsets.US_ASCII).split("\n")) {
        if (line.startsWith(key + " ")) {
          return Long.parseLong(line.substring(key.length() + 1).trim()) * nanosPerUnit;
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone or unreadable: counts as nothing
    }
    return -1;
  }

  /** The stat files read, innermost first: for the one-line notice and tests. */
  public List<String> statFiles() {
    return statFiles;
  }

  @Override
  public String toString() {
    return "cgroup " + (nanosPerUnit == 1 ? "v1" : "v2") + " " + statFiles.get(0);
  }
}
