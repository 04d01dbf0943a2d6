/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM for the tests of core and report (their test-jar dependency): this JVM's {@code java}
 * on this JVM's class path, so that it runs the test's own classes.
 */
public final class ChildJava {
  private ChildJava() {}

  /**
   * A process builder that runs {@code main} with {@code args}, after {@code jvmOptions}; the
   * child's environment has none of this JVM's UNCLOG_ variables, so only what a test adds applies.
   */
  public static ProcessBuilder builder(List<String> jvmOptions, Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("UNCLOG_"));
    return builder;
  }
}
